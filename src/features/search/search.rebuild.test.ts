import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { createApiKey } from '../auth/index.js';
import { rebuildSearchIndex } from './index.js';

interface Answer {
  articles: { id: number; slug: string }[];
  meta: {
    pagination: { page: number; limit: number; pages: number; total: number };
    capped: boolean;
  };
}

describe.each(DIALECTS)('search index rebuild and the ranking window (%s)', (dialect) => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: new Date('2026-11-26T12:00:00Z') });
    auth = {
      authorization: `Bearer ${(await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' })).key}`,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const q = async (text: string, extra = '') => {
    const res = await t.app.inject(`/api/content/v1/search?q=${encodeURIComponent(text)}${extra}`);
    expect(res.statusCode).toBe(200);
    return res.json<Answer>();
  };
  const indexRows = async () => {
    const table = dialect === 'postgres' ? sql`search_articles` : sql`search_articles_fts`;
    const rows = await sql<{ n: number | string }>`select count(*) as n from ${table}`.execute(
      t.db,
    );
    return Number(rows.rows[0]?.n);
  };

  it('finds an English article that only writes a name in its text by 재욱, ㅇㅈㅇ and leejaewook, before and after a rebuild', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: auth,
      payload: {
        article: {
          title: 'Backstage notes',
          body: [
            {
              type: 'paragraph',
              content: [{ text: 'Between takes, Lee Jae-wook fed the quollywog on set.' }],
            },
          ],
          status: 'published',
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ article: { id: number } }>().article;
    const found = async () => {
      for (const query of ['재욱', 'ㅇㅈㅇ', 'leejaewook quollywog', 'quollywo']) {
        expect(
          (await q(query, '&type=articles&limit=50')).articles.map((a) => a.id),
          query,
        ).toContain(id);
      }
    };
    await found();
    const before = await q('lee jae wook', '&type=articles&limit=50');
    const articles = await t.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    await rebuildSearchIndex(t.db);
    await rebuildSearchIndex(t.db);
    await found();
    // One row per article, whatever was there before: the same answers as before the rebuild.
    expect(await indexRows()).toBe(Number(articles.n));
    expect(await q('lee jae wook', '&type=articles&limit=50')).toEqual(before);
  });

  it('ranks the newest 1,000 matches, reports "1,000+" and pages to the end of the window', async () => {
    const stamp = '2026-11-01T00:00:00.000Z';
    const rows = Array.from({ length: 1_005 }, (_, i) => ({
      slug: `capybarax-${i}`,
      title: `Capybarax parade ${i}`,
      dek: '',
      body: '[]',
      status: 'published' as const,
      published_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await t.db
        .insertInto('articles')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    await rebuildSearchIndex(t.db);

    const first = await q('capybarax', '&type=articles&limit=10');
    expect(first.meta.capped).toBe(true);
    expect(first.meta.pagination).toEqual({ page: 1, limit: 10, pages: 100, total: 1000 });
    const last = await q('capybarax', '&type=articles&limit=10&page=100');
    expect(last.articles).toHaveLength(10);
    const beyond = await q('capybarax', '&type=articles&limit=10&page=101');
    expect(beyond.articles).toEqual([]);
    expect(beyond.meta.pagination.total).toBe(1000);
    // A prefix of a common word still finds it; a narrower query counts exactly.
    expect((await q('capybar', '&type=articles')).meta.capped).toBe(true);
    const one = await q('capybarax parade 7', '&type=articles');
    expect(one.meta.capped).toBe(false);
    expect(one.articles.map((a) => a.slug)).toContain('capybarax-7');

    const page = await t.app.inject('/search?q=capybarax');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/\(1,000\+\)/);
    const few = await t.app.inject('/search?q=quollywog');
    expect(few.body).toMatch(/\(1\)/);
  });
});
