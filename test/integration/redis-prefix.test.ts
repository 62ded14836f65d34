import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/features/auth/index.js';
import { TEST_DIALECT, type TestDb } from '../helpers/db.js';
import {
  articleId,
  BTS,
  clock,
  instance,
  pendingComment,
  seeded,
  type Instance,
} from '../helpers/instance.js';
import { until } from '../helpers/poll.js';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.js';

/*
 * Two sites on one Redis (DEHO_REDIS_PREFIX): instances with the same prefix share their
 * invalidations, instances with another prefix never see them. Runs on a real redis-server (a
 * private one on a free port) when the binary is installed.
 */

describe.runIf(hasRedisServer())('DEHO_REDIS_PREFIX on one Redis', () => {
  let redis: TestRedis;
  let base: TestDb;
  let key: string;
  /** Site one: `one` changes, `oneReader` follows. */
  let one: Instance;
  let oneReader: Instance;
  /** Site two, on the same Redis (and, here, the same database) under another prefix. */
  let two: Instance;
  let watcher: Redis;
  let listener: Redis;

  const subscribers = async (channel: string) => {
    const [, count] = (await watcher.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count);
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    base = await seeded(TEST_DIALECT);
    key = (await createApiKey(base.db, clock, { name: 'prefix', role: 'admin' })).key;
    one = await instance(base, { REDIS_URL: redis.url, DEHO_REDIS_PREFIX: 'site-one' });
    oneReader = await instance(base, { REDIS_URL: redis.url, DEHO_REDIS_PREFIX: 'site-one' });
    two = await instance(base, { REDIS_URL: redis.url, DEHO_REDIS_PREFIX: 'site-two' });
    watcher = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    listener = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    await until(
      async () =>
        (await subscribers('site-one:pages')) === 2 && (await subscribers('site-two:pages')) === 1,
    );
  });
  afterAll(async () => {
    watcher.disconnect();
    listener.disconnect();
    await Promise.all([one, oneReader, two].map((site) => site.close()));
    await base.close();
    await redis.close();
  });

  it('keeps each site on its own channel, and nothing on the default one', async () => {
    expect(await subscribers('deho:pages')).toBe(0);
  });

  it("drops the pages of the instances with the same prefix, never another site's", async () => {
    // Everything site two's instance is told arrives on its channel, in order.
    const heard: string[] = [];
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe('site-two:pages');

    for (const site of [oneReader, two]) {
      await site.app.inject(BTS);
      expect((await site.app.inject(BTS)).headers['x-cache']).toBe('hit');
    }
    const comment = await pendingComment(base.db, await articleId(base.db), 'Only for site one');
    const approval = await one.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${comment}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { comment: { status: 'approved' } },
    });
    expect(approval.statusCode).toBe(200);

    // The other instance of site one re-renders with the comment…
    await until(async () => (await oneReader.app.inject(BTS)).body.includes('Only for site one'));
    // …and site two's channel carried nothing before a marker sent after the change.
    await watcher.publish('site-two:pages', 'marker');
    await until(() => heard.includes('marker'));
    expect(heard).toEqual(['marker']);
    const kept = await two.app.inject(BTS);
    expect(kept.headers['x-cache']).toBe('hit');
    expect(kept.body).not.toContain('Only for site one');
  });
});
