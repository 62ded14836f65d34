import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { connectDatabase, type DbHandle, type Dialect } from '../../src/db/connect.js';
import type { Database } from '../../src/db/database.js';

/**
 * The dialects a repository test runs on: SQLite always, PostgreSQL when DEHO_TEST_DATABASE_URL
 * names a server (CI sets it; a fresh machine has none, and `npm test` passes without it).
 */
export const DIALECTS: Dialect[] = process.env.DEHO_TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/**
 * The dialect the HTTP suites (buildTestApp) run on: SQLite, or PostgreSQL with
 * `DEHO_TEST_DIALECT=postgres` together with DEHO_TEST_DATABASE_URL, so that
 * `DEHO_TEST_DATABASE_URL=postgres://… DEHO_TEST_DIALECT=postgres npm test` runs the same suites
 * on PostgreSQL.
 */
export const TEST_DIALECT: Dialect = testDialect();

function testDialect(): Dialect {
  const raw = process.env.DEHO_TEST_DIALECT?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'sqlite') return 'sqlite';
  if (raw !== 'postgres' && raw !== 'postgresql' && raw !== 'pg') {
    throw new Error(`DEHO_TEST_DIALECT must be sqlite or postgres, not "${raw}".`);
  }
  if (!process.env.DEHO_TEST_DATABASE_URL) {
    throw new Error('DEHO_TEST_DIALECT=postgres needs DEHO_TEST_DATABASE_URL (postgres://…).');
  }
  return 'postgres';
}

export interface TestDb extends DbHandle {
  dataDir: string;
  /** For PostgreSQL, a URL whose search_path is this test's own schema. */
  databaseUrl?: string;
}

/** A fresh, empty database of the dialect: a SQLite file in a temp folder, or a new PG schema. */
export async function createTestDb(dialect: Dialect = 'sqlite'): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-test-'));
  if (dialect === 'sqlite') {
    const handle = connectDatabase({ dataDir });
    return {
      ...handle,
      dataDir,
      close: async () => {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.DEHO_TEST_DATABASE_URL;
  if (base === undefined) throw new Error('DEHO_TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: base, max: 1 }) }),
  });
  await sql`create schema ${sql.id(schema)}`.execute(admin);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  const handle = connectDatabase({ dataDir, databaseUrl });
  return {
    ...handle,
    dataDir,
    databaseUrl,
    close: async () => {
      await handle.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
