import {
  Migrator,
  NO_MIGRATIONS,
  PostgresAdapter,
  SqliteAdapter,
  sql,
  type MigrationResultSet,
} from 'kysely';
import type { Db } from './database.js';
import { migrationProvider } from './migrations/index.js';

export class MigrationFailed extends Error {
  override readonly name = 'MigrationFailed';
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause =
      result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new MigrationFailed(`Migration ${failed} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Runs `fn` while holding this schema's startup lock: on PostgreSQL a session-level advisory lock
 * (`pg_advisory_lock`) on one connection of the pool, keyed by the current schema, so that
 * instances starting at the same moment take turns (the first migrates and seeds, the others
 * then find nothing to do). On SQLite `fn` just runs: the migrations run in one transaction and
 * SQLite serialises writers to the file.
 */
export async function withStartupLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return fn();
  return db.connection().execute(async (conn) => {
    // Not a transaction-level lock: the work below runs on other connections of the pool.
    await sql`select pg_advisory_lock(hashtext('deho:startup:' || current_schema()))`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext('deho:startup:' || current_schema()))`
        .execute(conn)
        .catch(() => undefined); // a dead connection has released it already
    }
  });
}

/**
 * Applies every pending migration, under the startup lock (see withStartupLock).
 * @param then runs under the same lock after migrating (the server seeds the demo content there,
 *   so that two instances starting together on an empty database seed it once)
 * @returns the names of the migrations applied now (empty when the schema was current)
 */
export async function migrateToLatest(db: Db, then?: () => Promise<void>): Promise<string[]> {
  return withStartupLock(db, async () => {
    const applied = unwrap(
      await inSqliteTransaction(db, async () => (await migrator(db)).migrateToLatest()),
    );
    await then?.();
    return applied;
  });
}

/**
 * The migrator. On PostgreSQL it is told the current schema: without it Kysely looks for its
 * own tables (kysely_migration, kysely_migration_lock) in every schema of the database, so that
 * on a database holding several Deho schemas (test runs, staging beside production) it would
 * take another schema's tables for this one's and fail ("relation kysely_migration_lock does
 * not exist").
 */
async function migrator(db: Db): Promise<Migrator> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    return new Migrator({ db, provider: migrationProvider });
  }
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined)
    throw new MigrationFailed('PostgreSQL has no current schema (search_path).');
  return new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
}

/**
 * On SQLite, runs the migrations inside one `BEGIN IMMEDIATE` transaction: Kysely runs them
 * without a transaction there (its SQLite adapter declares no transactional DDL, although SQLite
 * has it), so a failing migration would leave half a schema, and two processes opening the same
 * file at once would both run them. The write lock makes the second wait (busy_timeout) and then
 * find nothing to do. SQLite has one connection per handle, so nothing else may use this handle
 * meanwhile, which holds at start-up. On PostgreSQL Kysely already uses a transaction.
 */
async function inSqliteTransaction(
  db: Db,
  run: () => Promise<MigrationResultSet>,
): Promise<MigrationResultSet> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return run();
  await sql`begin immediate`.execute(db);
  let result: MigrationResultSet;
  try {
    result = await run();
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
  await sql.raw(result.error === undefined ? 'commit' : 'rollback').execute(db);
  return result;
}

/**
 * Applies the pending migrations up to and including `name` (the bench generator loads its
 * comments before the comment-count migration, whose one backfill statement then counts them).
 */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return unwrap(await inSqliteTransaction(db, async () => (await migrator(db)).migrateTo(name)));
}

/** Reverts every migration (tests only). */
export async function migrateToZero(db: Db): Promise<string[]> {
  return unwrap(await (await migrator(db)).migrateTo(NO_MIGRATIONS));
}

/** The name of the newest migration this program has (names sort by their timestamps). */
export async function newestKnownMigration(): Promise<string> {
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  return names.at(-1) ?? '';
}

/**
 * The name of the newest migration applied to the database (Kysely's own table, in the current
 * schema on PostgreSQL), or '' before the first: one cheap indexed read.
 */
export async function newestAppliedMigration(db: Db): Promise<string> {
  const { rows } = await sql<{
    name: string | null;
  }>`select max(name) as name from kysely_migration`.execute(db);
  return rows[0]?.name ?? '';
}
