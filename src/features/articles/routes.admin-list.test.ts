import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey, createUser } from '../auth/index.js';

/*
 * The newsroom's article list: each filter, filters together, the two orders, paging, bad input
 * and who may see the list. A site of its own (no demo content) with four articles of every
 * status, two authors, tags and shows, so that every expected list is written out here.
 */

interface ListAnswer {
  articles: { id: number; title: string; status: string }[];
  meta: {
    pagination: { page: number; limit: number; pages: number; total: number };
    filter: {
      author: { id: number; name: string } | null;
      tag: { id: number; slug: string; name: string } | null;
      show: { id: number; slug: string; title: string } | null;
    };
  };
}

describe('Admin API: the article list with filters', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  const ids: Record<'recap' | 'casting' | 'bts' | 'ratings', number> = {
    recap: 0,
    casting: 0,
    bts: 0,
    ratings: 0,
  };
  let ana = 0;
  let ben = 0;
  let alchemy = 0;
  let other = 0;
  let alchemyTag = 0;

  const get = (url: string, role = 'editor') =>
    t.app.inject({
      method: 'GET',
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${keys[role] ?? ''}` },
    });
  const titles = async (url: string, role = 'editor') => {
    const res = await get(url, role);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<ListAnswer>().articles.map((a) => a.title);
  };

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-11-26T12:00:00Z') });
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator']) {
      keys[role] = (await createApiKey(t.db, t.clock, { name: role, role })).key;
    }
    const password = 'a long enough password 1';
    ana = (
      await createUser(t.db, t.clock, {
        email: 'ana@example.com',
        name: 'Ana Writer',
        role: 'author',
        password,
      })
    ).id;
    ben = (
      await createUser(t.db, t.clock, {
        email: 'ben@example.com',
        name: 'Ben Contributor',
        role: 'contributor',
        password,
      })
    ).id;
    const show = async (title: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/shows',
        headers: { authorization: `Bearer ${keys.editor ?? ''}` },
        payload: { show: { title } },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ show: { id: number } }>().show.id;
    };
    alchemy = await show('Alchemy of Souls');
    other = await show('Quiet Orchard');
    const create = async (article: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { authorization: `Bearer ${keys.admin ?? ''}` },
        payload: { article },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ article: { id: number } }>().article.id;
    };
    ids.recap = await create({
      title: 'Alchemy of Souls finale recap',
      status: 'published',
      published_at: '2026-11-20T10:00:00Z',
      tags: ['Recap', 'Alchemy of Souls'],
    });
    ids.casting = await create({
      title: 'Lee Jae-wook casting news',
      slug: 'lee-jae-wook-casting-news',
      dek: 'A new role for the Alchemy lead',
      tags: ['Casting'],
    });
    ids.bts = await create({
      title: 'Behind the scenes: Part 2',
      status: 'scheduled',
      published_at: '2026-12-01T12:00:00Z',
      tags: ['Alchemy of Souls'],
    });
    ids.ratings = await create({
      title: 'Ratings roundup: 100%_done',
      status: 'published',
      published_at: '2026-10-01T09:00:00Z',
    });
    await t.db
      .updateTable('articles')
      .set({ status: 'archived' })
      .where('id', '=', ids.ratings)
      .execute();
    // Who wrote what and when it last changed: set here, as the API records the key's (none).
    const facts: [number, number | null, string][] = [
      [ids.recap, ana, '2026-11-21T08:00:00.000Z'],
      [ids.casting, ben, '2026-11-25T08:00:00.000Z'],
      [ids.bts, ana, '2026-11-24T08:00:00.000Z'],
      [ids.ratings, null, '2026-11-22T08:00:00.000Z'],
    ];
    for (const [id, author, updated] of facts) {
      await t.db
        .updateTable('articles')
        .set({ author_id: author, updated_at: updated })
        .where('id', '=', id)
        .execute();
    }
    await t.db
      .insertInto('article_shows')
      .values([
        { article_id: ids.recap, show_id: alchemy },
        { article_id: ids.bts, show_id: alchemy },
        { article_id: ids.ratings, show_id: other },
      ])
      .execute();
    alchemyTag = (
      await t.db
        .selectFrom('tags')
        .select('id')
        .where('slug', '=', 'alchemy-of-souls')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const RECAP = 'Alchemy of Souls finale recap';
  const CASTING = 'Lee Jae-wook casting news';
  const BTS = 'Behind the scenes: Part 2';
  const RATINGS = 'Ratings roundup: 100%_done';

  it('lists every status, last changed first, with a total', async () => {
    const res = await get('/articles');
    const body = res.json<ListAnswer>();
    expect(body.articles.map((a) => a.title)).toEqual([CASTING, BTS, RATINGS, RECAP]);
    expect(body.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 4 });
    expect(body.meta.filter).toEqual({ author: null, tag: null, show: null });
  });

  it('filters by status, author, tag (id or slug), show and words', async () => {
    expect(await titles('/articles?status=draft')).toEqual([CASTING]);
    expect(await titles('/articles?status=archived')).toEqual([RATINGS]);
    expect(await titles(`/articles?author_id=${ana}`)).toEqual([BTS, RECAP]);
    expect(await titles(`/articles?author_id=${ben}`)).toEqual([CASTING]);
    expect(await titles(`/articles?tag=${alchemyTag}`)).toEqual([BTS, RECAP]);
    expect(await titles('/articles?tag=alchemy-of-souls')).toEqual([BTS, RECAP]);
    expect(await titles('/articles?tag=casting')).toEqual([CASTING]);
    expect(await titles(`/articles?show_id=${alchemy}`)).toEqual([BTS, RECAP]);
    expect(await titles(`/articles?show_id=${other}`)).toEqual([RATINGS]);
    // Title, standfirst ("Alchemy lead") or slug; any case.
    expect(await titles('/articles?q=ALCHEMY')).toEqual([CASTING, RECAP]);
    expect(await titles('/articles?q=jae-wook-casting')).toEqual([CASTING]);
    expect(await titles('/articles?q=%20%20finale%20')).toEqual([RECAP]);
    // LIKE wildcards are text: "%" and "_" match themselves only.
    expect(await titles('/articles?q=%25')).toEqual([RATINGS]);
    expect(await titles('/articles?q=_')).toEqual([RATINGS]);
    expect(await titles('/articles?q=nothing-like-this')).toEqual([]);
    const named = (
      await get(`/articles?author_id=${ana}&tag=${alchemyTag}&show_id=${alchemy}`)
    ).json<ListAnswer>();
    expect(named.meta.filter).toEqual({
      author: { id: ana, name: 'Ana Writer' },
      tag: { id: alchemyTag, slug: 'alchemy-of-souls', name: 'Alchemy of Souls' },
      show: { id: alchemy, slug: 'alchemy-of-souls', title: 'Alchemy of Souls' },
    });
  });

  it('combines filters', async () => {
    expect(
      await titles(`/articles?status=published&tag=alchemy-of-souls&author_id=${ana}`),
    ).toEqual([RECAP]);
    expect(await titles(`/articles?status=scheduled&show_id=${alchemy}&q=scenes`)).toEqual([BTS]);
    expect(await titles('/articles?status=draft&tag=alchemy-of-souls')).toEqual([]);
    expect(await titles(`/articles?author_id=${ben}&show_id=${alchemy}`)).toEqual([]);
    expect(await titles(`/articles?tag=recap&q=recap&sort=published`)).toEqual([RECAP]);
    const none = (await get('/articles?status=draft&tag=alchemy-of-souls')).json<ListAnswer>();
    expect(none.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 0 });
  });

  it('sorts by publication (drafts last) and pages with a total', async () => {
    expect(await titles('/articles?sort=published')).toEqual([BTS, RECAP, RATINGS, CASTING]);
    expect(await titles('/articles?sort=updated')).toEqual([CASTING, BTS, RATINGS, RECAP]);
    const second = (await get('/articles?limit=3&page=2')).json<ListAnswer>();
    expect(second.articles.map((a) => a.title)).toEqual([RECAP]);
    expect(second.meta.pagination).toEqual({ page: 2, limit: 3, pages: 2, total: 4 });
    const past = (await get('/articles?limit=3&page=9')).json<ListAnswer>();
    expect(past.articles).toEqual([]);
    expect(past.meta.pagination.total).toBe(4);
  });

  it('answers an author, tag or show that does not exist with an empty list', async () => {
    for (const url of [
      '/articles?author_id=99999',
      '/articles?tag=99999',
      '/articles?tag=no-such-tag',
      '/articles?show_id=99999',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.json<ListAnswer>().articles, url).toEqual([]);
      expect(res.json<ListAnswer>().meta.pagination.total, url).toBe(0);
    }
    expect((await get('/articles?tag=no-such-tag')).json<ListAnswer>().meta.filter.tag).toBeNull();
  });

  it('refuses bad parameters with 400 and a message naming the parameter', async () => {
    const bad: [string, string][] = [
      ['status=live', 'status'],
      ['author_id=abc', 'author_id'],
      ['author_id=0', 'author_id'],
      ['show_id=-1', 'show_id'],
      ['show_id=1.5', 'show_id'],
      ['tag=Not%20a%20slug!', 'tag'],
      ['tag=', 'tag'],
      ['sort=oldest', 'sort'],
      ['limit=1000', 'limit'],
      ['page=0', 'page'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['author=ana', 'author'],
    ];
    for (const [query, name] of bad) {
      const res = await get(`/articles?${query}`);
      expect(res.statusCode, query).toBe(400);
      const { error } = res.json<{ error: { code: string; message: string } }>();
      expect(error.code, query).toBe('validation_failed');
      expect(error.message, query).toContain(name);
    }
  });

  it('shows the list to the roles the permission table allows, drafts of others included', async () => {
    for (const role of ['admin', 'editor', 'author', 'contributor']) {
      expect(await titles('/articles?status=draft', role), role).toEqual([CASTING]);
      expect((await get('/articles', role)).json<ListAnswer>().meta.pagination.total, role).toBe(4);
    }
    const moderator = await get('/articles', 'moderator');
    expect(moderator.statusCode).toBe(403);
    expect(moderator.json()).toMatchObject({ error: { code: 'forbidden' } });
    const anonymous = await t.app.inject('/api/admin/v1/articles?status=draft');
    expect(anonymous.statusCode).toBe(401);
  });

  it('offers tags to the tag picker by name or slug, with article counts', async () => {
    const res = await get('/tags?q=alch', 'contributor');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      tags: [
        {
          id: alchemyTag,
          slug: 'alchemy-of-souls',
          name: 'Alchemy of Souls',
          description: null,
          article_count: 2,
          url: 'http://deho.test/tags/alchemy-of-souls',
        },
      ],
      meta: { pagination: { page: 1, limit: 15, pages: 1, total: 1 } },
    });
    const all = (await get('/tags')).json<{ tags: { name: string }[] }>();
    expect(all.tags.map((tag) => tag.name)).toEqual(['Alchemy of Souls', 'Casting', 'Recap']);
    expect((await get('/tags', 'moderator')).statusCode).toBe(403);
    expect((await get('/tags?limit=0')).statusCode).toBe(400);
  });
});
