import { PostgresAdapter } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/** True on PostgreSQL (works for a transaction too). */
export function onPostgres(db: DbOrTrx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Runs `fn` in the caller's transaction, or in a new one. */
export function inTransaction<T>(db: DbOrTrx, fn: (trx: DbOrTrx) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
