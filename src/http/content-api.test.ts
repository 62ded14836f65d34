import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createArticle, paragraph } from '../features/articles/index.js';
import { etagOf, matchesIfNoneMatch } from './content-api.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const API = '/api/content/v1';

describe('Content API: fields, ETag, CORS, tags, authors and bad input', () => {
  let t: TestApp;
  let publishedId: number;
  let draftId: number;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: NOW });
    const user = await t.db
      .insertInto('users')
      .values({
        email: 'kim@deho.test',
        name: 'Kim Reporter',
        slug: 'kim-reporter',
        role: 'author',
        password_hash: null,
        bio: 'Covers tvN.',
        totp_secret: null,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const add = (input: Parameters<typeof createArticle>[2]) =>
      t.db.transaction().execute((trx) => createArticle(trx, t.clock, input));
    publishedId = await add({
      title: 'Alchemy of Souls news',
      body: [paragraph('Body')],
      status: 'published',
      publishedAt: '2026-02-01T10:00:00.000Z',
      authorId: user.id,
      tags: [{ name: 'Casting' }, { name: 'tvN' }],
    });
    await add({
      title: 'Second',
      body: [paragraph('B')],
      status: 'published',
      publishedAt: '2026-02-02T10:00:00.000Z',
      tags: [{ name: 'Casting' }],
    });
    draftId = await add({
      title: 'Draft',
      body: [paragraph('D')],
      status: 'draft',
      authorId: user.id,
      tags: [{ name: 'Secret tag' }],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: API + url, headers });

  it('selects fields on lists and items, and refuses unknown or too many fields', async () => {
    const list = await get('/articles?fields=id,title');
    expect(list.statusCode).toBe(200);
    const articles = list.json<{ articles: Record<string, unknown>[] }>().articles;
    expect(articles.map((a) => Object.keys(a).sort())).toEqual([
      ['id', 'title'],
      ['id', 'title'],
    ]);
    const one = await get(`/articles/${publishedId}?fields=title,tags`);
    expect(one.json()).toEqual({
      article: {
        title: 'Alchemy of Souls news',
        tags: [
          expect.objectContaining({ slug: 'casting' }),
          expect.objectContaining({ slug: 'tvn' }),
        ],
      },
    });
    const unknown = await get('/articles?fields=id,password_hash');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: { code: 'validation_failed', property: 'fields' },
    });
    const body = await get('/articles?fields=body');
    expect(body.statusCode).toBe(400);
    const huge = await get(`/articles?fields=${Array.from({ length: 500 }, () => 'id').join(',')}`);
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const long = await get(`/articles?fields=${'a'.repeat(5000)}`);
    expect(long.statusCode).toBe(400);
  });

  it.each([
    ['unknown filter', '/articles?colour=red'],
    ['page 0', '/articles?page=0'],
    ['page 1e9', '/articles?page=1e9'],
    ['page 1000000000', '/articles?page=1000000000'],
    ['negative page', '/articles?page=-1'],
    ['fractional page', '/articles?page=1.5'],
    ['page twice', '/articles?page=1&page=2'],
    ['limit 10,000', '/articles?limit=10000'],
    ['limit 0', '/articles?limit=0'],
    ['limit text', '/articles?limit=lots'],
    ['bad tag slug', '/articles?tag=Not%20A%20Slug'],
    ['two filters', '/articles?tag=casting&show=alchemy-of-souls'],
    ['malformed id', '/articles/abc'],
    ['fractional id', '/articles/1.5'],
    ['negative id', '/articles/-3'],
    ['huge id', '/articles/99999999999999999999'],
    ['unknown query on an item', `/articles/1?page=2`],
    ['tags page 0', '/tags?page=0'],
    ['authors limit', '/authors?limit=10000'],
    ['authors unknown field', '/authors?fields=email'],
  ])('answers a clear 400 for %s', async (_name, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { error } = res.json<{ error: { code: string; message: string } }>();
    expect(['validation_failed', 'bad_request']).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('answers 404 for a draft, exactly like an unknown id', async () => {
    const draft = await get(`/articles/${draftId}`);
    const missing = await get('/articles/999999');
    expect(draft.statusCode).toBe(404);
    expect(draft.json()).toEqual(missing.json());
    expect((await get('/tags/secret-tag')).statusCode).toBe(404);
  });

  it('sends an ETag and answers 304 when it matches', async () => {
    const first = await get('/articles');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const again = await get('/articles', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const other = await get('/articles', { 'if-none-match': 'W/"something-else"' });
    expect(other.statusCode).toBe(200);
    const changed = await get('/articles?limit=1', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(matchesIfNoneMatch(`"x", ${etag.slice(2)}`, etag)).toBe(true);
    expect(etagOf('a')).toBe(etagOf('a'));
  });

  it('allows GET from any origin and answers preflights for reads only', async () => {
    const res = await get('/articles', { origin: 'https://fan.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('ETag');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `${API}/articles`,
      headers: { origin: 'https://fan.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lists tags and authors of published articles only, with counts', async () => {
    const tags = (await get('/tags')).json<{
      tags: { slug: string; article_count: number; url: string }[];
    }>();
    expect(tags.tags.map((tag) => [tag.slug, tag.article_count])).toEqual([
      ['casting', 2],
      ['tvn', 1],
    ]);
    expect(tags.tags[0]?.url).toBe('http://deho.test/tags/casting');
    const authors = (await get('/authors')).json<{
      authors: Record<string, unknown>[];
      meta: unknown;
    }>();
    expect(authors.authors).toEqual([
      {
        id: expect.any(Number) as unknown,
        slug: 'kim-reporter',
        name: 'Kim Reporter',
        bio: 'Covers tvN.',
        article_count: 1,
      },
    ]);
    expect(authors.meta).toEqual({ pagination: { page: 1, limit: 15, pages: 1, total: 1 } });
    expect((await get('/authors/kim-reporter?fields=name')).json()).toEqual({
      author: { name: 'Kim Reporter' },
    });
    expect((await get('/tags/casting')).json()).toMatchObject({
      tag: { name: 'Casting', article_count: 2 },
    });
  });
});
