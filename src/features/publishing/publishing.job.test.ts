import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { connectDatabase, type DbHandle } from '../../db/connect.js';
import type { Db } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { until } from '../../../test/helpers/poll.js';
import { publishDueArticles } from './publishing.job.js';

const T0 = new Date('2026-05-01T09:00:00.000Z');

async function scheduled(db: Db, slug: string, at: string): Promise<number> {
  const row = await db
    .insertInto('articles')
    .values({
      slug,
      title: slug,
      author_id: null,
      status: 'scheduled',
      published_at: at,
      feature_image_id: null,
      created_at: T0.toISOString(),
      updated_at: T0.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const statusOf = async (db: Db, id: number) =>
  (await db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('scheduled publishing', () => {
  let handle: TestDb;
  const extra: DbHandle[] = [];

  afterEach(async () => {
    for (const h of extra.splice(0)) await h.close();
    await handle.close();
  });

  it('publishes due articles only, at their time, with a fixed clock', async () => {
    handle = await createTestDb();
    await migrateToLatest(handle.db);
    const soon = await scheduled(handle.db, 'soon', '2026-05-01T09:00:30.000Z');
    const later = await scheduled(handle.db, 'later', '2026-05-01T10:00:00.000Z');
    let now = T0;
    const deps = { db: handle.db, clock: () => now };
    expect(await publishDueArticles(deps)).toEqual([]);
    now = new Date('2026-05-01T09:00:30.000Z');
    expect(await publishDueArticles(deps)).toEqual([soon]);
    expect(await publishDueArticles(deps)).toEqual([]);
    expect(await statusOf(handle.db, soon)).toBe('published');
    expect(await statusOf(handle.db, later)).toBe('scheduled');
  });

  it('publishes each article exactly once when two instances on one SQLite file claim at once', async () => {
    handle = await createTestDb();
    await migrateToLatest(handle.db);
    await handle.db
      .insertInto('webhooks')
      .values({
        name: 'Listener',
        url: 'https://hooks.example/x',
        secret: 's'.repeat(32),
        events: JSON.stringify(['article.published']),
        active: 1,
        last_delivery_at: null,
        last_status: null,
        created_at: T0.toISOString(),
        updated_at: T0.toISOString(),
      })
      .execute();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(await scheduled(handle.db, `a-${i}`, '2026-05-01T08:59:00.000Z'));
    const second = connectDatabase({ dataDir: handle.dataDir });
    extra.push(second);
    const clock = () => T0;
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        publishDueArticles({ db: i % 2 === 0 ? handle.db : second.db, clock }),
      ),
    );
    const claimed = runs.flat();
    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
    const deliveries = await handle.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(deliveries.n)).toBe(30);
  });

  it('catches up at start after a restart, through the app hooks', async () => {
    handle = await createTestDb();
    await migrateToLatest(handle.db);
    const id = await scheduled(handle.db, 'while-down', '2026-05-01T09:00:10.000Z');
    const config = loadConfig({ DEHO_DATA_DIR: handle.dataDir, LOG_LEVEL: 'silent' });
    const app = await buildApp(config, {
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date('2026-05-01T09:05:00.000Z'),
      logger: false,
    });
    await app.ready();
    await until(async () => (await statusOf(handle.db, id)) === 'published');
    await app.close();
  });
});
