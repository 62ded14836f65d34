import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { App, AppContext } from '../../src/context.js';
import type { Dialect } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/features/demo/index.js';
import type { Clock } from '../../src/lib/clock.js';
import { createTestDb, TEST_DIALECT, type TestDb } from './db.js';

export interface TestAppOptions {
  /** Defaults to TEST_DIALECT (DEHO_TEST_DIALECT): SQLite unless the run asks for PostgreSQL. */
  dialect?: Dialect;
  /** Seed the demo content (default true). */
  demo?: boolean;
  /** A fixed "now"; defaults to the system clock. */
  now?: Date | (() => Date);
  /** Extra environment variables for loadConfig. */
  env?: Record<string, string>;
  /** Adds test-only routes or hooks to the built app before it is made ready. */
  extend?: (app: App) => void;
}

export interface TestApp {
  app: App;
  db: Db;
  config: Config;
  clock: Clock;
  handle: TestDb;
  close(): Promise<void>;
}

/** The real app on a fresh migrated database (TEST_DIALECT, SQLite by default), ready for inject(). */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const handle = await createTestDb(options.dialect ?? TEST_DIALECT);
  const config = loadConfig({
    DEHO_DATA_DIR: handle.dataDir,
    DEHO_BASE_URL: 'http://deho.test',
    LOG_LEVEL: 'silent',
    // The configuration says which database the app runs on, as in production.
    ...(handle.databaseUrl !== undefined && { DATABASE_URL: handle.databaseUrl }),
    ...options.env,
  });
  const now = options.now;
  const clock: Clock =
    now === undefined ? () => new Date() : typeof now === 'function' ? now : () => new Date(now);
  await migrateToLatest(handle.db);
  if (options.demo ?? true) await seedDemo({ db: handle.db, clock });
  const app = await buildApp(config, {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    logger: false,
    ...(handle.poolUse !== undefined && { poolUse: handle.poolUse }),
  });
  options.extend?.(app);
  await app.ready();
  return {
    app,
    db: handle.db,
    config,
    clock,
    handle,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export type { AppContext };
