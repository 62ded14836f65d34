import type { Kysely } from 'kysely';

/** Tables of the comment spam defences: used proof-of-work challenges and HMAC secrets. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_challenges')
    .ifNotExists()
    .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('comment_challenges_expires_at')
    .ifNotExists()
    .on('comment_challenges')
    .column('expires_at')
    .execute();
  await db.schema
    .createTable('comment_secrets')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comment_secrets').ifExists().execute();
  await db.schema.dropTable('comment_challenges').ifExists().execute();
}
