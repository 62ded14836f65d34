import type { Kysely } from 'kysely';
import { oneOf, withId, withTimestamps } from './helpers.js';

/*
 * Reply notifications: the readers who asked to be mailed about replies to a comment, the
 * addresses that unsubscribed (SHA-256 of the address, never the address), and the mail outbox
 * that the job of any instance claims from atomically.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_subscriptions')
    .addColumn('comment_id', 'integer', (c) =>
      c.primaryKey().references('comments.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_unsubscribes')
    .addColumn('email_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('mail_outbox')))
    // One mail per cause ("reply:<comment id>"): a second approval cannot queue it again.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_hash', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('unsubscribe_url', 'text')
    .addColumn(
      'status',
      'text',
      oneOf('status', ['pending', 'sending', 'sent', 'failed', 'cancelled']),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('mail_outbox_due')
    .on('mail_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('mail_outbox_recipient_hash')
    .on('mail_outbox')
    .columns(['recipient_hash', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_outbox').execute();
  await db.schema.dropTable('mail_unsubscribes').execute();
  await db.schema.dropTable('comment_subscriptions').execute();
}
