import type { Kysely } from 'kysely';

/**
 * Indexes for the comment defences: rate limits look up a client's recent comments, duplicate
 * detection looks up an article's recent comments by name, trust looks up earlier approvals.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('comments_client_created')
    .ifNotExists()
    .on('comments')
    .columns(['client_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('comments_article_name_created')
    .ifNotExists()
    .on('comments')
    .columns(['article_id', 'author_name', 'created_at'])
    .execute();
  await db.schema
    .createIndex('comments_name_status')
    .ifNotExists()
    .on('comments')
    .columns(['author_name', 'status'])
    .execute();
  await db.schema
    .createIndex('comments_edit_token_hash')
    .ifNotExists()
    .on('comments')
    .column('edit_token_hash')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'comments_edit_token_hash',
    'comments_name_status',
    'comments_article_name_created',
    'comments_client_created',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
