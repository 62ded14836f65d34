import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import { migrationProvider } from './migrations/index.js';

export class MigrationFailed extends Error {
  override readonly name = 'MigrationFailed';
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new MigrationFailed(`Migration ${failed} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Applies every pending migration.
 * @returns the names of the migrations applied now (empty when the schema was current)
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await new Migrator({ db, provider: migrationProvider }).migrateToLatest());
}

/** Reverts the most recent migration. @returns its name, or none */
export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await new Migrator({ db, provider: migrationProvider }).migrateDown());
}

/** Reverts every migration (tests only). */
export async function migrateToZero(db: Db): Promise<string[]> {
  return unwrap(await new Migrator({ db, provider: migrationProvider }).migrateTo(NO_MIGRATIONS));
}
