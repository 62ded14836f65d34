import { sql, type Transaction } from 'kysely';
import type { Dialect } from './connect.js';
import type { Database, Db } from './database.js';
import { lockForWriting } from './write-lock.js';

/**
 * Runs short write transactions, committing concurrent ones together.
 *
 * On SQLite with `synchronous=FULL` every commit waits for an fsync of the WAL, and
 * better-sqlite3 waits on the event loop's thread: one commit per comment caps comment posting
 * at a few hundred a second. Here the units of work that arrive while a commit is in progress
 * wait for the next one; a batch runs them one after another in a single transaction, each in its
 * own savepoint, and commits once. Each unit sees the rows of the units before it (so duplicate
 * checks and rate limits hold inside a batch), a unit that throws is rolled back alone, and no
 * promise settles before the commit that made its writes durable.
 *
 * PostgreSQL already merges the WAL flushes of concurrent commits, and several instances share
 * it, so there each unit is its own transaction.
 */
export interface GroupCommit {
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Counts for /metrics: read, never reset. */
  stats(): GroupCommitStats;
}

export interface GroupCommitStats {
  /** Units waiting for the next transaction now. */
  queued: number;
  /** Transactions committed or rolled back so far. */
  transactions: number;
  /** Units run so far; units ÷ transactions is the average group size. */
  units: number;
}

/** Upper bound on the units in one transaction, so that one batch cannot hold the writer long. */
const MAX_BATCH = 256;

interface Unit {
  work(trx: Transaction<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function createGroupCommit(db: Db, dialect: Dialect): GroupCommit {
  if (dialect === 'postgres') {
    let units = 0;
    return {
      run: (work) => {
        units++;
        return db.transaction().execute(work);
      },
      stats: () => ({ queued: 0, transactions: units, units }),
    };
  }
  const waiting: Unit[] = [];
  let scheduled = false;
  let transactions = 0;
  let units = 0;

  async function runBatch(batch: Unit[]): Promise<void> {
    transactions++;
    units += batch.length;
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        // Waits for a writer in another process (a CLI import) instead of failing at once.
        await lockForWriting(trx);
        for (const unit of batch) {
          await sql`savepoint deho_unit`.execute(trx);
          try {
            const value = await unit.work(trx);
            await sql`release savepoint deho_unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint deho_unit`.execute(trx);
            await sql`release savepoint deho_unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) unit.resolve(outcome.value);
      else unit.reject(outcome?.error);
    });
  }

  async function drain(): Promise<void> {
    while (waiting.length > 0) await runBatch(waiting.splice(0, MAX_BATCH));
    scheduled = false;
  }

  return {
    run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ work, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // One turn of the event loop lets the requests already read from their sockets join.
          setImmediate(() => void drain());
        }
      });
    },
    stats: () => ({ queued: waiting.length, transactions, units }),
  };
}
