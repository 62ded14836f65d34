import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/features/auth/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const BTS = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('page cache', () => {
  let t: TestApp;
  let key: string;
  const admin = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'cache', role: 'admin' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the second view from memory, compressed as asked, and 304 for a matching ETag', async () => {
    const first = await t.app.inject(BTS);
    expect(first.headers['x-cache']).toBe('miss');
    const second = await t.app.inject({
      url: BTS,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers['content-encoding']).toBe('br');
    expect(second.headers.vary).toBe('accept-encoding');
    expect(zlib.brotliDecompressSync(second.rawPayload).toString()).toBe(first.body);
    const gzip = await t.app.inject({ url: BTS, headers: { 'accept-encoding': 'gzip' } });
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(first.body);
    const etag = String(first.headers.etag);
    const notModified = await t.app.inject({ url: BTS, headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('shows an approved comment on the next view of a cached page', async () => {
    await t.app.inject(BTS);
    expect((await t.app.inject(BTS)).headers['x-cache']).toBe('hit');
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    const now = t.clock().toISOString();
    const comment = await t.db
      .insertInto('comments')
      .values({
        article_id: article.id,
        author_name: 'Late reader',
        body: 'Caught up at last!',
        status: 'pending',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const approve = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${comment.id}`,
      headers: admin(),
      payload: { comment: { status: 'approved' } },
    });
    expect(approve.statusCode).toBe(200);
    const page = await t.app.inject(BTS);
    expect(page.headers['x-cache']).toBe('miss');
    expect(page.body).toContain('Caught up at last!');
    const home = await t.app.inject('/');
    expect(home.body).toMatch(/4 comments/);
  });

  it('drops the article, the home page and the tag page when an article changes, and nothing else', async () => {
    const feeds = ['/feed.json', '/tags/behind-the-scenes/feed.xml'];
    for (const url of [BTS, '/', '/tags/behind-the-scenes', '/tags/finales', ...feeds])
      await t.app.inject(url);
    for (const url of feeds) expect((await t.app.inject(url)).headers['x-cache'], url).toBe('hit');
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/articles/${article.id}`,
      headers: admin(),
      payload: { article: { title: 'A brand-new headline for the kiss scene clip' } },
    });
    expect(patch.statusCode).toBe(200);
    for (const url of [BTS, '/', '/tags/behind-the-scenes', ...feeds]) {
      const res = await t.app.inject(url);
      expect(res.headers['x-cache'], url).toBe('miss');
      expect(res.body, url).toContain('A brand-new headline for the kiss scene clip');
    }
    expect((await t.app.inject('/tags/finales')).headers['x-cache']).toBe('hit');
  });

  it('caches show pages and the schedule, and drops them when the drama changes', async () => {
    await t.app.inject('/shows/alchemy-of-souls');
    await t.app.inject('/schedule');
    expect((await t.app.inject('/shows/alchemy-of-souls')).headers['x-cache']).toBe('hit');
    expect((await t.app.inject('/schedule')).headers['x-cache']).toBe('hit');
    const show = await t.db
      .selectFrom('shows')
      .select('id')
      .where('slug', '=', 'alchemy-of-souls')
      .executeTakeFirstOrThrow();
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/shows/${show.id}`,
      headers: admin(),
      payload: { show: { synopsis: 'A freshly edited synopsis of the drama.' } },
    });
    expect(patch.statusCode).toBe(200);
    const page = await t.app.inject('/shows/alchemy-of-souls');
    expect(page.headers['x-cache']).toBe('miss');
    expect(page.body).toContain('A freshly edited synopsis of the drama.');
  });

  it('renders afresh for a reader with a commenter cookie', async () => {
    await t.app.inject(BTS);
    const res = await t.app.inject({
      url: BTS,
      headers: { cookie: 'deho_commenter=abcdefghijklmnopqrstuvwxyz012345' },
    });
    expect(res.headers['x-cache']).not.toBe('hit');
    expect(res.headers['cache-control']).toContain('no-store');
  });
});

describe('page cache switched off', () => {
  it('renders every view but still answers ETags and compresses', async () => {
    const t = await buildTestApp({ env: { DEHO_PAGE_CACHE: '0' } });
    try {
      const first = await t.app.inject(BTS);
      const second = await t.app.inject({ url: BTS, headers: { 'accept-encoding': 'gzip' } });
      expect(second.headers['x-cache']).toBe('miss');
      expect(zlib.gunzipSync(second.rawPayload).toString()).toBe(first.body);
      expect(
        (await t.app.inject({ url: BTS, headers: { 'if-none-match': String(first.headers.etag) } }))
          .statusCode,
      ).toBe(304);
    } finally {
      await t.close();
    }
  });
});

describe('page cache hits on a listening server', () => {
  it('answers a hit before Fastify with the same headers as the rendered page', async () => {
    const t = await buildTestApp();
    try {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const first = await fetch(base + BTS);
      const firstBody = await first.text();
      expect(first.headers.get('x-cache')).toBe('miss');
      const hit = await fetch(base + BTS);
      expect(hit.headers.get('x-cache')).toBe('hit');
      expect(await hit.text()).toBe(firstBody);
      for (const name of [
        'content-security-policy',
        'x-content-type-options',
        'referrer-policy',
        'etag',
        'cache-control',
        'content-type',
      ]) {
        expect(hit.headers.get(name), name).toBe(first.headers.get(name));
      }
      expect(hit.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const revalidated = await fetch(base + BTS, {
        headers: { 'if-none-match': first.headers.get('etag') ?? '' },
      });
      expect(revalidated.status).toBe(304);
      const personal = await fetch(base + BTS, {
        headers: { cookie: 'deho_commenter=abcdefghijklmnopqrstuvwxyz012345' },
      });
      expect(personal.headers.get('x-cache')).not.toBe('hit');
      expect(personal.headers.get('cache-control')).toContain('no-store');
    } finally {
      await t.close();
    }
  });

  it('counts a hit’s shared-cache lifetime down to the page’s end of life, with a new request id', async () => {
    let now = Date.parse('2026-11-26T12:00:00Z');
    const t = await buildTestApp({ now: () => new Date(now), env: { DEHO_CDN_MAX_AGE: '600' } });
    try {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      // A search page is kept from its second request, for a minute.
      const url = `${base}/search?q=lee`;
      await (await fetch(url)).text();
      const stored = await fetch(url);
      await stored.text();
      expect(stored.headers.get('x-cache')).toBe('miss');
      expect(stored.headers.get('cache-control')).toContain('s-maxage=60,');
      now += 15_000;
      const hit = await fetch(url);
      await hit.text();
      expect(hit.headers.get('x-cache')).toBe('hit');
      expect(hit.headers.get('cache-control')).toContain('s-maxage=45,');
      now += 5_000;
      const later = await fetch(url);
      await later.text();
      expect(later.headers.get('cache-control')).toContain('s-maxage=40,');
      expect(later.headers.get('x-request-id')).not.toBe(hit.headers.get('x-request-id'));
      expect(later.headers.get('surrogate-key')).toBe(hit.headers.get('surrogate-key'));
    } finally {
      await t.close();
    }
  });
});
