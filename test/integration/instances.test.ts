import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/features/auth/index.js';
import { publishDueArticles } from '../../src/features/publishing/index.js';
import { pageChannel } from '../../src/http/page-bus.js';
import { buildTestApp } from '../helpers/app.js';
import { DIALECTS, TEST_DIALECT, type TestDb } from '../helpers/db.js';
import {
  articleId,
  BTS,
  clock,
  instance,
  NOW,
  pendingComment,
  seeded,
  type Instance,
} from '../helpers/instance.js';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.js';
import { until } from '../helpers/poll.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/*
 * Several instances of Deho in one process, each with its own connection pool, on one database
 * (and one Redis): what the multi-process test (scale-out.test.ts) shows end to end, here in
 * detail and fast. Redis parts run when a redis-server binary is installed (a private server on
 * a free port); the outage of PostgreSQL runs when DEHO_TEST_DATABASE_URL is set.
 */

describe.each(DIALECTS)('two instances on one database (%s)', (dialect) => {
  let base: TestDb;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    base = await seeded(dialect);
    a = await instance(base);
    b = await instance(base);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await base.close();
  });

  it('keeps a comment rate limit reached through A on B (the limit lives in the database)', async () => {
    const id = await articleId(base.db);
    const post = (target: Instance, comment: string) =>
      target.app.inject({
        method: 'POST',
        url: `/api/content/v1/articles/${id}/comments`,
        payload: { name: 'Quick reader', comment },
        remoteAddress: '203.0.113.9',
      });
    expect((await post(a, 'First through A')).statusCode).toBe(201);
    const second = await post(b, 'Second through B');
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('15');
    // Both at once, from a new address: exactly one gets through.
    const both = await Promise.all([
      a.app.inject({
        method: 'POST',
        url: `/api/content/v1/articles/${id}/comments`,
        payload: { name: 'Racer', comment: 'via A' },
        remoteAddress: '203.0.113.10',
      }),
      b.app.inject({
        method: 'POST',
        url: `/api/content/v1/articles/${id}/comments`,
        payload: { name: 'Racer', comment: 'via B' },
        remoteAddress: '203.0.113.10',
      }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 429]);
    // Two articles at once, one address: the per-client limit still lets one through.
    const other = await base.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '!=', id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const twoArticles = await Promise.all(
      (
        [
          [a, id],
          [b, other.id],
        ] as const
      ).map(([target, article]) =>
        target.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${article}/comments`,
          payload: { name: 'Spreader', comment: `on ${article}` },
          remoteAddress: '203.0.113.11',
        }),
      ),
    );
    expect(twoArticles.map((r) => r.statusCode).sort()).toEqual([201, 429]);
  });

  it('publishes each scheduled article exactly once when both instances claim at once', async () => {
    const at = new Date(NOW.getTime() - 60_000).toISOString();
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const row = await base.db
        .insertInto('articles')
        .values({
          slug: `due-${i}`,
          title: `Due ${i}`,
          author_id: null,
          status: 'scheduled',
          published_at: at,
          feature_image_id: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        publishDueArticles({ db: (i % 2 === 0 ? a : b).db.db, clock }),
      ),
    );
    const claimed = runs.flat().sort((x, y) => x - y);
    expect(claimed).toEqual(ids);
  });
});

describe.runIf(hasRedisServer())('page-cache invalidation over Redis', () => {
  let redis: TestRedis;
  let base: TestDb;
  let a: Instance;
  let b: Instance;
  let key: string;
  let watcher: Redis;

  const subscribers = async () => {
    const [, count] = (await watcher.pubsub('NUMSUB', pageChannel('deho'))) as [string, number];
    return Number(count);
  };
  const approve = (target: Instance, id: number) =>
    target.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${id}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { comment: { status: 'approved' } },
    });

  beforeAll(async () => {
    redis = await startTestRedis();
    base = await seeded(TEST_DIALECT);
    key = (await createApiKey(base.db, clock, { name: 'scale', role: 'admin' })).key;
    a = await instance(base, { REDIS_URL: redis.url });
    b = await instance(base, { REDIS_URL: redis.url });
    watcher = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    watcher.on('error', () => undefined);
    await until(async () => (await subscribers()) === 2);
  });
  afterAll(async () => {
    watcher.disconnect();
    await a.close();
    await b.close();
    await base.close();
    await redis.close();
  });

  it("drops B's cached page when A changes what it shows", async () => {
    await b.app.inject(BTS);
    expect((await b.app.inject(BTS)).headers['x-cache']).toBe('hit');
    const comment = await pendingComment(
      base.db,
      await articleId(base.db),
      'Seen on every instance',
    );
    expect((await approve(a, comment)).statusCode).toBe(200);
    // B's next render.
    await until(async () => (await b.app.inject(BTS)).body.includes('Seen on every instance'));
  });

  it('keeps serving while Redis is away, logs it once, and catches up when it returns', async () => {
    for (const target of [a, b]) {
      await target.app.inject(BTS);
      expect((await target.app.inject(BTS)).headers['x-cache']).toBe('hit');
    }
    await redis.stop();
    // Pages are still served, from the cache and rendered afresh.
    for (const target of [a, b]) {
      expect((await target.app.inject(BTS)).statusCode).toBe(200);
      expect((await target.app.inject('/schedule')).statusCode).toBe(200);
    }
    // A change during the outage: A shows it at once; B cannot hear about it yet.
    const comment = await pendingComment(
      base.db,
      await articleId(base.db),
      'Written while Redis slept',
    );
    // Answered while Redis is still down: the change does not wait for it. (How fast is the
    // bench's business, not this test's.)
    expect((await approve(a, comment)).statusCode).toBe(200);
    expect((await a.app.inject(BTS)).body).toContain('Written while Redis slept');
    // B has noticed the outage, and keeps serving.
    await until(() => b.logs.some((line) => line.includes('Redis is unreachable')));
    for (let i = 0; i < 5; i++) expect((await b.app.inject(BTS)).statusCode).toBe(200);

    await redis.start();
    // On reconnecting B empties its cache, since it may have missed invalidations.
    await until(async () => (await b.app.inject(BTS)).body.includes('Written while Redis slept'));
    await until(async () => (await subscribers()) === 2);
    const warnings = b.logs.filter((line) => line.includes('Redis is unreachable'));
    expect(warnings).toHaveLength(1);
    expect(b.logs.some((line) => line.includes('Redis is back'))).toBe(true);

    // And invalidation works again.
    await b.app.inject(BTS);
    const again = await pendingComment(base.db, await articleId(base.db), 'After the outage');
    expect((await approve(a, again)).statusCode).toBe(200);
    // B's next render.
    await until(async () => (await b.app.inject(BTS)).body.includes('After the outage'));
  });

  it('starts and serves when Redis is down from the beginning', async () => {
    const down = await instance(base, { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      expect((await down.app.inject(BTS)).statusCode).toBe(200);
      expect((await down.app.inject(BTS)).headers['x-cache']).toBe('hit');
    } finally {
      await down.close();
    }
  });
});

describe('HTTP caching for CDNs', () => {
  let purges: { headers: http.IncomingHttpHeaders; body: { keys: string[] } }[];
  let receiver: http.Server;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let key: string;

  beforeAll(async () => {
    purges = [];
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        purges.push({ headers: req.headers, body: JSON.parse(body) as { keys: string[] } });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    t = await buildTestApp({
      now: NOW,
      env: {
        DEHO_PURGE_URL: `http://127.0.0.1:${address.port}/purge`,
        DEHO_PURGE_TOKEN: 'purge-secret',
        DEHO_OUTBOUND_ALLOW: '127.0.0.1',
        DEHO_CDN_MAX_AGE: '120',
      },
    });
    key = (await createApiKey(t.db, t.clock, { name: 'cdn', role: 'admin' })).key;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('lets a CDN keep public pages (s-maxage, stale-while-revalidate) and names their entities', async () => {
    const id = await articleId(t.db);
    for (const hit of [false, true]) {
      const res = await t.app.inject(BTS);
      expect(res.headers['x-cache']).toBe(hit ? 'hit' : 'miss');
      expect(res.headers['cache-control']).toBe(
        'public, max-age=0, s-maxage=120, stale-while-revalidate=30, stale-if-error=600',
      );
      const keys = String(res.headers['surrogate-key']).split(' ');
      expect(keys).toContain(`article:${id}`);
      expect(keys).toContain('site');
      expect(String(res.headers['cache-tag']).split(',')).toEqual(keys);
    }
    const home = await t.app.inject('/');
    expect(String(home.headers['surrogate-key']).split(' ')).toContain('lists');
  });

  it('marks a page personal to a commenter private, without keys', async () => {
    const res = await t.app.inject({ url: BTS, headers: { cookie: 'deho_commenter=abc' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['surrogate-key']).toBeUndefined();
  });

  it('posts the keys of changed pages to DEHO_PURGE_URL, batched, with the token', async () => {
    const id = await articleId(t.db);
    purges.length = 0;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/articles/${id}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { article: { title: 'A headline the CDN must forget' } },
    });
    expect(patch.statusCode).toBe(200);
    await until(() => purges.length > 0);
    expect(purges).toHaveLength(1);
    expect(purges[0]?.headers.authorization).toBe('Bearer purge-secret');
    expect(purges[0]?.body.keys).toContain(`article:${id}`);
    expect(purges[0]?.body.keys).toContain('lists');
  });
});

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL going away and coming back', () => {
  let base: TestDb;
  let proxy: TcpProxy;
  let app: Instance;
  /** Connections of the app's pool that died, as the pool reported them. */
  let connectionErrors = 0;

  beforeAll(async () => {
    base = await seeded('postgres');
    const target = new URL(base.databaseUrl ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // No page cache: every request below goes to the database.
    app = await instance(base, { DEHO_PAGE_CACHE: '0' }, viaProxy.toString(), () => {
      connectionErrors++;
    });
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await app.close();
    await proxy.close();
    await base.close();
  });

  it('answers 503 with Retry-After during the gap, writes nothing, and recovers without restart', async () => {
    const id = await articleId(base.db);
    expect((await app.app.inject(BTS)).statusCode).toBe(200);
    const countComments = async () =>
      Number(
        (
          await base.db
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countComments();

    proxy.cut();
    const page = await app.app.inject(BTS);
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain('Temporarily unavailable');
    const api = await app.app.inject('/api/content/v1/articles');
    expect(api.statusCode).toBe(503);
    expect(api.json<{ error: { code: string } }>().error.code).toBe('unavailable');
    const post = await app.app.inject({
      method: 'POST',
      url: `/api/content/v1/articles/${id}/comments`,
      payload: { name: 'During the gap', comment: 'Is anyone there?' },
      remoteAddress: '203.0.113.50',
    });
    expect(post.statusCode).toBe(503);
    expect(post.headers['retry-after']).toBe('5');
    const health = await app.app.inject('/healthz');
    expect(health.statusCode).toBe(503);

    proxy.restore();
    // The app recovers.
    await until(async () => (await app.app.inject(BTS)).statusCode === 200);
    expect((await app.app.inject('/api/content/v1/articles')).statusCode).toBe(200);
    expect(await countComments()).toBe(before);
    const retry = await app.app.inject({
      method: 'POST',
      url: `/api/content/v1/articles/${id}/comments`,
      payload: { name: 'During the gap', comment: 'Is anyone there?' },
      remoteAddress: '203.0.113.50',
    });
    expect(retry.statusCode).toBe(201);
    expect(await countComments()).toBe(before + 1);
  });

  it('survives the connection dying under an idle pool (no crash on the pool error)', async () => {
    expect((await app.app.inject(BTS)).statusCode).toBe(200);
    const errorsBefore = connectionErrors;
    proxy.cut();
    // The idle connection's death reaches the pool (an unhandled one would crash the process).
    await until(() => connectionErrors > errorsBefore);
    proxy.restore();
    await until(async () => (await app.app.inject(BTS)).statusCode === 200);
  });
});
