import { sql, SqliteAdapter } from 'kysely';
import type { DbOrTrx } from './database.js';

/**
 * On SQLite, takes the write lock for the transaction now, waiting for it up to busy_timeout.
 * A transaction that reads first and writes later (SQLite's default, deferred) fails at once with
 * "database is locked", without waiting, when another process holds the write lock or has
 * committed since the reads (a CLI import beside the live site): SQLite cannot turn a read
 * transaction into a write one then. A first statement that writes (and changes nothing) makes
 * the transaction a write transaction from its start. Nothing to do on PostgreSQL (row locks).
 */
export async function lockForWriting(trx: DbOrTrx): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`delete from kysely_migration where 0`.execute(trx);
}
