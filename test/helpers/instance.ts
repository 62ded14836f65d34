import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { App } from '../../src/context.js';
import { connectDatabase, type DbHandle } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/features/demo/index.js';
import { createTestDb, type TestDb } from './db.js';

/*
 * Several instances of Deho in one test process, each with its own connection pool and page
 * cache, on one database seeded with the demo: for the tests of what instances share.
 */

export const BTS_SLUG = 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
export const BTS = `/news/${BTS_SLUG}`;
export const NOW = new Date('2026-11-26T12:00:00Z');
export const clock = () => NOW;

export interface Instance {
  app: App;
  db: DbHandle;
  logs: string[];
  close(): Promise<void>;
}

/**
 * Another instance on the database of `base`: its own pool, its own page cache.
 * @param onConnectionError told when a PostgreSQL connection of its pool dies (connectDatabase)
 */
export async function instance(
  base: TestDb,
  env: Record<string, string> = {},
  databaseUrl = base.databaseUrl,
  onConnectionError?: (error: Error) => void,
): Promise<Instance> {
  const db = connectDatabase({
    dataDir: base.dataDir,
    databaseUrl,
    ...(onConnectionError !== undefined && { onConnectionError }),
  });
  const config = loadConfig({
    DEHO_DATA_DIR: base.dataDir,
    DEHO_BASE_URL: 'http://deho.test',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: string[] = [];
  const app = await buildApp(config, {
    db: db.db,
    dialect: db.dialect,
    clock,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
  });
  await app.ready();
  return {
    app,
    db,
    logs,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export async function seeded(dialect: TestDb['dialect']): Promise<TestDb> {
  const base = await createTestDb(dialect);
  await migrateToLatest(base.db, async () => {
    await seedDemo({ db: base.db, clock });
  });
  return base;
}

export async function articleId(db: Db, slug = BTS_SLUG): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function pendingComment(db: Db, article: number, body: string): Promise<number> {
  const now = NOW.toISOString();
  const row = await db
    .insertInto('comments')
    .values({
      article_id: article,
      author_name: 'Reader',
      body,
      status: 'pending',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
