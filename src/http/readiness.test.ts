import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { until } from '../../test/helpers/poll.js';
import { hasRedisServer, startTestRedis, type TestRedis } from '../../test/helpers/redis.js';

/*
 * /readyz: whether this instance should be sent traffic. /healthz stays the liveness answer
 * (the process runs and its database answers); /readyz also fails while the instance drains
 * before a shutdown, when its schema is behind the program, and when its Redis is away.
 */

let t: TestApp | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await redis?.close();
  redis = undefined;
});

interface Readiness {
  status: string;
  failing?: string[];
  checks: Record<string, string>;
}

async function readiness(app: TestApp['app']) {
  const res = await app.inject('/readyz');
  return { status: res.statusCode, headers: res.headers, body: res.json<Readiness>() };
}

describe('/readyz', () => {
  it('answers 200 naming each check, never cached', async () => {
    t = await buildTestApp();
    const first = await readiness(t.app);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', draining: 'no' },
    });
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['content-type']).toContain('application/json');
    // Asked again after a change, it answers the change: nothing kept it.
    t.app.startDraining();
    expect((await readiness(t.app)).status).toBe(503);
  });

  it('fails while draining, while /healthz and the pages still answer 200', async () => {
    t = await buildTestApp();
    // A page in the cache first: the cached path must keep serving too.
    expect((await t.app.inject('/')).statusCode).toBe(200);
    t.app.startDraining();
    const answer = await readiness(t.app);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      status: 'not ready',
      failing: ['draining'],
      checks: { database: 'ok', migrations: 'ok', draining: 'yes' },
    });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    expect((await t.app.inject('/')).statusCode).toBe(200);
    expect((await t.app.inject('/news')).statusCode).toBeLessThan(500);
  });

  it('fails when the schema is behind the program (a migration not applied)', async () => {
    t = await buildTestApp();
    await sql`delete from kysely_migration where name = (select max(name) from kysely_migration)`.execute(
      t.db,
    );
    const answer = await readiness(t.app);
    expect(answer.status).toBe(503);
    expect(answer.body.failing).toEqual(['migrations']);
    expect(answer.body.checks.migrations).toBe('behind');
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('fails, naming the database, when the database does not answer', async () => {
    t = await buildTestApp();
    // A running instance has been probed before: what the reader-site hooks load once is loaded.
    expect((await readiness(t.app)).status).toBe(200);
    await t.db.destroy();
    const answer = await readiness(t.app);
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      status: 'not ready',
      failing: ['database'],
      checks: { database: 'unreachable', migrations: 'unknown', draining: 'no' },
    });
  });

  it.runIf(process.env.DEHO_TEST_DIALECT === 'postgres')(
    'fails within its bound, naming the database, when the query hangs (PostgreSQL)',
    async () => {
      t = await buildTestApp();
      const url = t.handle.databaseUrl;
      if (url === undefined) throw new Error('a PostgreSQL test database has a URL');
      // Another session holds the table the check reads: the check's query waits on the lock.
      const blocker = new pg.Client({ connectionString: url });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('lock table kysely_migration in access exclusive mode');
        const answer = await readiness(t.app);
        expect(answer.status).toBe(503);
        expect(answer.body.failing).toEqual(['database']);
        expect(answer.body.checks.database).toBe('too slow');
        // A second probe while the first query still waits starts no second one.
        expect((await readiness(t.app)).body.checks.database).toBe('too slow');
        await blocker.query('rollback');
        await until(async () => (await readiness(t!.app)).status === 200);
      } finally {
        await blocker.end();
      }
    },
  );

  it.runIf(hasRedisServer())('fails while Redis (REDIS_URL) is away, and recovers', async () => {
    redis = await startTestRedis();
    t = await buildTestApp({ env: { REDIS_URL: redis.url, DEHO_REDIS_PREFIX: 'readyz' } });
    await until(async () => (await readiness(t!.app)).status === 200);
    expect((await readiness(t.app)).body.checks.redis).toBe('ok');
    await redis.stop();
    await until(async () => (await readiness(t!.app)).status === 503);
    const down = await readiness(t.app);
    expect(down.body.failing).toEqual(['redis']);
    expect(down.body.checks.redis).toBe('unreachable');
    // Liveness does not depend on Redis: pages are served from the database meanwhile.
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    await redis.start();
    await until(async () => (await readiness(t!.app)).status === 200);
  });
});
