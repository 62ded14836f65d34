import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Db } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { sweepSessions } from './session-sweep.job.js';
import { ABSOLUTE_MS, IDLE_MS } from './session.service.js';
import { until } from '../../../test/helpers/poll.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

/** A user with three sessions: one live, one past its absolute end, one idle too long. */
async function seedSessions(db: Db): Promise<void> {
  const user = await db
    .insertInto('users')
    .values({
      email: 'e@example.com',
      name: 'E',
      slug: 'e',
      role: 'editor',
      password_hash: null,
      bio: null,
      totp_secret: null,
      created_at: ago(ABSOLUTE_MS * 2),
      updated_at: ago(ABSOLUTE_MS * 2),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = (id: string, createdAgo: number, seenAgo: number) => ({
    id_hash: id,
    user_id: user.id,
    csrf_token: 'c',
    created_at: ago(createdAgo),
    last_seen_at: ago(seenAgo),
    expires_at: new Date(NOW.getTime() - createdAgo + ABSOLUTE_MS).toISOString(),
    ip: '10.0.0.1',
    user_agent: null,
  });
  await db
    .insertInto('sessions')
    .values([
      session('live', 60_000, 60_000),
      session('expired', ABSOLUTE_MS + 1000, 60_000),
      session('idle', 5 * 24 * 3600_000, IDLE_MS + 1000),
    ])
    .execute();
  await db
    .insertInto('login_throttles')
    .values([
      { key: 'ip:10.0.0.1', failures: 3, last_failure_at: ago(60_000), locked_until: null },
      {
        key: 'ip:10.0.0.2',
        failures: 3,
        last_failure_at: ago(15 * 24 * 3600_000),
        locked_until: null,
      },
    ])
    .execute();
}

const sessionIds = async (db: Db) =>
  (await db.selectFrom('sessions').select('id_hash').orderBy('id_hash').execute()).map(
    (r) => r.id_hash,
  );

describe.each(DIALECTS)('the session sweep (%s)', (dialect) => {
  let handle: TestDb;
  afterEach(async () => handle.close());

  it('deletes expired and idle sessions and forgotten sign-in counts in one tick', async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    await seedSessions(handle.db);
    await sweepSessions({ db: handle.db, clock: () => NOW });
    expect(await sessionIds(handle.db)).toEqual(['live']);
    const throttles = await handle.db.selectFrom('login_throttles').select('key').execute();
    expect(throttles.map((r) => r.key)).toEqual(['ip:10.0.0.1']);
  });
});

describe('the session sweep in the jobs loop', () => {
  let handle: TestDb;
  afterEach(async () => handle.close());

  it('runs when the app starts', async () => {
    handle = await createTestDb();
    await migrateToLatest(handle.db);
    await seedSessions(handle.db);
    const config = loadConfig({ DEHO_DATA_DIR: handle.dataDir, LOG_LEVEL: 'silent' });
    const app = await buildApp(config, {
      db: handle.db,
      dialect: handle.dialect,
      clock: () => NOW,
      logger: false,
    });
    try {
      await app.ready();
      // The first sweep starts with onReady; poll for its result.
      await until(async () => (await sessionIds(handle.db)).length === 1);
      expect(await sessionIds(handle.db)).toEqual(['live']);
    } finally {
      await app.close();
    }
  });
});
