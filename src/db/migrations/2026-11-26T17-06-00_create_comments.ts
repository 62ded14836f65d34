import type { Kysely } from 'kysely';
import { oneOf, withId, withTimestamps } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withTimestamps(withId(db, db.schema.createTable('comments')))
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', oneOf('status', ['pending', 'approved', 'spam', 'trash']))
    .addColumn('held_reason', 'text')
    .addColumn('client_key', 'text')
    .addColumn('edit_token_hash', 'text')
    .addColumn('approved_at', 'text')
    .execute();
  await db.schema
    .createIndex('comments_article_status_created')
    .on('comments')
    .columns(['article_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('comments_status_created')
    .on('comments')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('comments_parent_id').on('comments').column('parent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comments').execute();
}
