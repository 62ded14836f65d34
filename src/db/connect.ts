import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import type { PgPoolConfig } from '../config.js';
import type { Database, Db } from './database.js';
import { withStatementCache } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** The SQLite file, when on SQLite. */
  sqlitePath?: string;
  /** The PostgreSQL pool's connections now (for /metrics); undefined before the first query. */
  poolUse?: () => PoolUse | undefined;
  close(): Promise<void>;
}

/** What node-postgres's pool reports about its connections. */
export interface PoolUse {
  /** Connections open, idle or checked out. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** DEHO_PG_POOL_MAX. */
  max: number;
}

export interface ConnectOptions {
  dataDir: string;
  /**
   * SQLite's `synchronous` in WAL mode: 'full' (default) makes every acknowledged commit survive a
   * power loss; 'normal' only a process crash (DEHO_SQLITE_SYNCHRONOUS, for measurements).
   */
  synchronous?: 'full' | 'normal';
  databaseUrl?: string | undefined;
  /** The PostgreSQL pool's size and timeouts (config.pgPool); DEFAULT_PG_POOL when absent. */
  pgPool?: PgPoolConfig;
  /** Told about PostgreSQL connections that died (the server restarted); the pool replaces them. */
  onConnectionError?: (error: Error) => void;
}

/** What DEHO_PG_POOL_MAX and the timeouts default to (src/config.ts), for tools and tests. */
export const DEFAULT_PG_POOL: PgPoolConfig = Object.freeze({
  max: 10,
  statementTimeoutMs: 0,
  connectTimeoutMs: 5_000,
});

/*
 * The PostgreSQL driver is loaded with the first connection, not at start: on SQLite (the
 * default) it is never needed, and evaluating it took about 40 ms of every cold start (its
 * runtime check touches the global Response, which loads Node's fetch).
 */
let pgModule: Promise<typeof pg> | undefined;
function loadPg(): Promise<typeof pg> {
  pgModule ??= import('pg').then(({ default: driver }) => {
    // count(*) and bigserial come back from pg as strings; every count in Deho fits a double.
    driver.types.setTypeParser(driver.types.builtins.INT8, (value) => Number(value));
    return driver;
  });
  return pgModule;
}

/**
 * Opens the database named by the config: PostgreSQL when DATABASE_URL is set, otherwise
 * SQLite at `<dataDir>/deho.db` (created with its folder on first use).
 */
export function connectDatabase(options: ConnectOptions): DbHandle {
  if (options.databaseUrl !== undefined) {
    const connectionString = options.databaseUrl;
    const pgPool = options.pgPool ?? DEFAULT_PG_POOL;
    let created: pg.Pool | undefined;
    // Kysely creates the pool on the first query.
    const createPool = async () => {
      const driver = await loadPg();
      const pool = new driver.Pool({
        connectionString,
        max: pgPool.max,
        // While PostgreSQL is away a request fails (503) after this instead of waiting forever.
        connectionTimeoutMillis: pgPool.connectTimeoutMs,
        // Sent with each new connection: the server cancels a statement that runs longer.
        ...(pgPool.statementTimeoutMs > 0 && { statement_timeout: pgPool.statementTimeoutMs }),
      });
      // An idle client whose server went away (a restart) emits 'error' on the pool; without a
      // listener that would end the process. The pool drops the client and connects anew later.
      pool.on('error', (error) => {
        options.onConnectionError?.(error);
      });
      // The same for a client that is checked out but between queries (held by a transaction
      // or a job) when the connection dies: its pending query fails on its own, and the pool
      // drops the client when it comes back (it is no longer queryable).
      pool.on('connect', (client) => {
        client.on('error', (error) => options.onConnectionError?.(error));
      });
      created = pool;
      return pool;
    };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool }) });
    const poolUse = (): PoolUse | undefined =>
      created === undefined
        ? undefined
        : {
            total: created.totalCount,
            idle: created.idleCount,
            waiting: created.waitingCount,
            max: pgPool.max,
          };
    return { db, dialect: 'postgres', poolUse, close: () => db.destroy() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const sqlitePath = path.join(options.dataDir, 'deho.db');
  const sqlite = openSqlite(sqlitePath, options.synchronous);
  forgetStat4Samples(sqlite);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', sqlitePath, close: () => db.destroy() };
}

/**
 * Deletes the index samples ANALYZE keeps in sqlite_stat4, if someone ran it (or `PRAGMA
 * optimize`) on the file; Deho itself never does. better-sqlite3's SQLite is built with STAT4, and
 * with samples present SQLite prepares a statement anew on every run in which a bound value meets
 * an indexed column, because the value might change the plan: `published_at <= ?` on every
 * article page. That cost 10 to 50 µs a statement, and made uncached article pages 14 % slower at
 * 100,000 articles (docs/decisions.md). The per-index row counts in sqlite_stat1 stay for the planner.
 */
function forgetStat4Samples(sqlite: SQLite.Database): void {
  const hasTable = sqlite
    .prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'")
    .get();
  if (
    hasTable === undefined ||
    sqlite.prepare('select 1 from sqlite_stat4 limit 1').get() === undefined
  )
    return;
  sqlite.exec('delete from sqlite_stat4; analyze sqlite_schema');
}

/** Opens a SQLite file with the settings Deho relies on. */
export function openSqlite(file: string, synchronous: 'full' | 'normal' = 'full'): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a write that was answered with success survives a power loss, not only a crash.
  sqlite.pragma(synchronous === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own page cache is 2 MB by default; at 100,000 articles an uncached article page
  // then reads most B-tree pages from the OS again. A larger cache (a ceiling, filled as pages
  // are read) served random article pages 40-75% faster in docs/benchmarks.md; mmap did as well
  // but counted the whole file in RSS. 16 MiB served them as fast as 32 and 64 MiB (what matters
  // is that the B-trees' inner pages stay) for 17 MB less RSS under the bench load than 32 MiB;
  // 8 MiB was about 10 % slower.
  sqlite.pragma('cache_size = -16384');
  return sqlite;
}
