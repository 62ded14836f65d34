import type { Kysely } from 'kysely';
import { oneOf } from './helpers.js';

/*
 * Sign-in throttles (per account and per client address) and one-time tokens for staff
 * invitations and password resets. Both are shared through the database so that every
 * instance sees the same counts and a token works once, whichever instance answers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttles')
    // "account:<email>" or "ip:<address>"; an e-mail that has no account is counted the same.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('user_tokens')
    // SHA-256 of the token in the link; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', oneOf('purpose', ['invite', 'reset']))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('user_tokens_user_id').on('user_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_tokens').execute();
  await db.schema.dropTable('login_throttles').execute();
}
