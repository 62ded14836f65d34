import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { createApiKey } from '../auth/index.js';
import { namesFingerprint } from '../names/index.js';

interface Segment {
  text: string;
  match: boolean;
}
interface Hit {
  type: string;
  id: number;
  slug: string;
  title: string;
  url: string;
  snippet: Segment[];
  title_highlight: Segment[];
  published_at: string | null;
}
interface Answer {
  results: Hit[];
  articles: Hit[];
  people: Hit[];
  shows: Hit[];
  characters: Hit[];
  meta: { pagination: { page: number; limit: number; pages: number; total: number } };
}

describe.each(DIALECTS)('search: /search and GET /api/content/v1/search (%s)', (dialect) => {
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

  const api = async (query: string) => {
    const res = await t.app.inject(`/api/content/v1/search?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json<Answer>();
  };
  const q = (text: string, extra = '') => api(`q=${encodeURIComponent(text)}${extra}`);
  const write = async (method: 'POST' | 'PATCH', url: string, article: Record<string, unknown>) => {
    const res = await t.app.inject({ method, url, headers: auth, payload: { article } });
    expect(res.statusCode).toBeLessThan(300);
    return res.json<{ article: { id: number; slug: string } }>().article;
  };

  it('is romanization-insensitive: lee jae wook, leejaewook, jaewook lee, Lee Jae-wook', async () => {
    for (const query of [
      'lee jae wook',
      'leejaewook',
      'jaewook lee',
      'Lee Jae-wook',
      'LEE JAEWOOK',
    ]) {
      const answer = await q(query);
      expect(
        answer.people.map((p) => p.slug),
        query,
      ).toContain('lee-jae-wook');
      expect(answer.articles.length, query).toBeGreaterThan(0);
    }
  });

  it('finds Hangul whole and partial (이재욱, 재욱), and initial consonants (ㅇㅈㅇ)', async () => {
    for (const query of ['이재욱', '재욱', 'ㅇㅈㅇ']) {
      const answer = await q(query);
      expect(answer.people[0]?.slug, query).toBe('lee-jae-wook');
      // English articles about him are found through his names.
      expect(answer.articles.length, query).toBeGreaterThan(0);
    }
    expect((await q('환혼')).shows.map((s) => s.slug)).toEqual(['alchemy-of-souls']);
    expect((await q('Dan Gu', '&type=characters')).characters.map((c) => c.slug)).toEqual([
      'park-dang-gu',
    ]);
  });

  it('highlights matches in snippets as data, and escapes them in the page', async () => {
    const answer = await q('Go Yoon-jung');
    const marked = answer.articles
      .flatMap((a) => [...a.snippet, ...a.title_highlight])
      .filter((s) => s.match);
    expect(marked.length).toBeGreaterThan(0);
    const article = await write('POST', '/api/admin/v1/articles', {
      title: 'Zanzibarian <script>alert(1)</script> night',
      body: [{ type: 'paragraph', content: [{ text: 'A <b>zanzibarian</b> & "quoted" story.' }] }],
      status: 'published',
    });
    const page = await t.app.inject('/search?q=zanzibarian');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<mark>Zanzibarian</mark> &lt;script>alert(1)&lt;/script>');
    expect(page.body).toContain('&lt;b><mark>zanzibarian</mark>&lt;/b> &amp;');
    expect(page.body).not.toContain('<script>alert');
    await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/v1/articles/${article.id}`,
      headers: auth,
    });
  });

  it('ranks title over dek over body, then newer over older', async () => {
    const day = (d: string) => `2026-10-${d}T09:00:00.000Z`;
    const p = (text: string) => [{ type: 'paragraph', content: [{ text }] }];
    const inBody = await write('POST', '/api/admin/v1/articles', {
      title: 'One',
      body: p('quokkaplex'),
      status: 'published',
      published_at: day('20'),
    });
    const inDek = await write('POST', '/api/admin/v1/articles', {
      title: 'Two',
      dek: 'quokkaplex',
      body: p('x'),
      status: 'published',
      published_at: day('10'),
    });
    const oldTitle = await write('POST', '/api/admin/v1/articles', {
      title: 'Quokkaplex old',
      body: p('x'),
      status: 'published',
      published_at: day('01'),
    });
    const newTitle = await write('POST', '/api/admin/v1/articles', {
      title: 'Quokkaplex new',
      body: p('x'),
      status: 'published',
      published_at: day('15'),
    });
    const answer = await q('quokkaplex');
    expect(answer.articles.map((a) => a.id)).toEqual([
      newTitle.id,
      oldTitle.id,
      inDek.id,
      inBody.id,
    ]);
    // Pagination over the same results.
    const second = await q('quokkaplex', '&type=articles&limit=3&page=2');
    expect(second.articles.map((a) => a.id)).toEqual([inBody.id]);
    expect(second.meta.pagination).toEqual({ page: 2, limit: 3, pages: 2, total: 4 });
    // Date filter.
    const early = await q('quokkaplex', '&from=2026-10-01&to=2026-10-10');
    expect(early.articles.map((a) => a.id)).toEqual([oldTitle.id, inDek.id]);
  });

  it('filters by show, person and tag', async () => {
    const all = await q('Alchemy of Souls');
    expect(all.articles.length).toBeGreaterThan(0);
    const show = await q('Alchemy of Souls', '&show=alchemy-of-souls');
    expect(show.articles.length).toBeGreaterThan(0);
    expect((await q('Alchemy of Souls', '&show=moonlit-ledger')).articles).toEqual([]);
    expect((await q('Alchemy of Souls', '&show=no-such-show')).articles).toEqual([]);
    await write('POST', '/api/admin/v1/articles', {
      title: 'Tagged wombatrix',
      body: [],
      status: 'published',
      tags: ['Wombat Week'],
    });
    expect((await q('wombatrix', '&tag=wombat-week')).articles).toHaveLength(1);
    expect((await q('wombatrix', '&tag=casting')).articles).toHaveLength(0);
    const person = await q('alchemy', '&person=lee-jae-wook');
    for (const a of person.articles) expect(a.type).toBe('article');
  });

  it('keeps the index current: an edit is searchable at once, a deletion is gone, drafts never show', async () => {
    const article = await write('POST', '/api/admin/v1/articles', {
      title: 'Plain headline',
      body: [],
      status: 'published',
    });
    expect((await q('xylophonist')).articles).toEqual([]);
    await write('PATCH', `/api/admin/v1/articles/${article.id}`, {
      body: [{ type: 'paragraph', content: [{ text: 'A xylophonist joins the cast.' }] }],
    });
    expect((await q('xylophonist')).articles.map((a) => a.id)).toEqual([article.id]);
    await write('PATCH', `/api/admin/v1/articles/${article.id}`, { status: 'draft' });
    expect((await q('xylophonist')).articles).toEqual([]);
    await write('PATCH', `/api/admin/v1/articles/${article.id}`, { status: 'published' });
    expect((await q('xylophonist')).articles).toHaveLength(1);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/v1/articles/${article.id}`,
      headers: auth,
    });
    expect(del.statusCode).toBeLessThan(300);
    expect((await q('xylophonist')).articles).toEqual([]);
  });

  it('keeps a search page asked for again in the page cache until an article changes', async () => {
    const url = '/search?q=ocelotrix';
    const first = await t.app.inject(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBeUndefined();
    expect((await t.app.inject(url)).headers['x-cache']).toBe('miss');
    const third = await t.app.inject(url);
    expect(third.headers['x-cache']).toBe('hit');
    expect(third.body).toBe(first.body);
    // A one-off search is never kept.
    expect((await t.app.inject('/search?q=ocelotrix+once')).headers['x-cache']).toBeUndefined();
    await write('POST', '/api/admin/v1/articles', {
      title: 'Ocelotrix spotted',
      body: [],
      status: 'published',
    });
    const after = await t.app.inject(url);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body).toContain('<mark>Ocelotrix</mark> spotted');
  });

  it('keeps people, shows and characters current without being told', async () => {
    const now = new Date().toISOString();
    await t.db
      .updateTable('people')
      .set({ aliases: JSON.stringify(['Lee Jae Wook', 'Lee Jaewook', 'Jaeukie']), updated_at: now })
      .where('slug', '=', 'lee-jae-wook')
      .execute();
    expect((await q('jaeukie')).people.map((p) => p.slug)).toEqual(['lee-jae-wook']);
  });

  it('keeps each entity in its place when one it indexed was deleted meanwhile', async () => {
    const created = async (url: string, body: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url, headers: auth, payload: body });
      expect(res.statusCode).toBe(201);
    };
    await created('/api/admin/v1/people', { person: { name: 'Zorblat Quennick' } });
    await created('/api/admin/v1/shows', {
      show: { title: 'Harbor Lanterns', synopsis: 'Zorblat Quennick plays a ferry captain.' },
    });
    await write('POST', '/api/admin/v1/articles', {
      title: 'Zorblat Quennick returns to the harbor',
      body: [{ type: 'paragraph', content: [{ text: 'A new role.' }] }],
      status: 'published',
    });
    const kinds = async () => (await q('zorblat quennick')).results.map((h) => h.type);
    // Named by the query, the person comes before the news; the show that mentions him after.
    expect(await kinds()).toEqual(['person', 'article', 'show']);
    // Another instance indexed the person just before he was deleted: the index still has him.
    await t.db.deleteFrom('people').where('slug', '=', 'zorblat-quennick').execute();
    const stamp = await namesFingerprint(t.db);
    await sql`update search_state set value = ${stamp} where key = 'entities'`.execute(t.db);
    expect(await kinds()).toEqual(['article', 'show']);
  });

  it('pages through every match of one kind, past the first hundred', async () => {
    const now = new Date().toISOString();
    const people = Array.from({ length: 130 }, (_, i) => ({
      slug: `quokkaline-${i + 1}`,
      name: `Quokkaline Park ${i + 1}`,
      created_at: now,
      updated_at: now,
    }));
    await t.db.insertInto('people').values(people).execute();
    const seen = new Set<string>();
    for (const page of [1, 2, 3]) {
      const answer = await q('quokkaline', `&type=people&limit=50&page=${page}`);
      expect(answer.meta.pagination).toMatchObject({ page, pages: 3, total: 130 });
      expect(answer.people, `page ${page}`).toHaveLength(page < 3 ? 50 : 30);
      for (const person of answer.people) seen.add(person.slug);
    }
    expect(seen.size).toBe(130);
  });

  it('answers hostile queries with a page or JSON, never a 500 or an SQL error', async () => {
    const hostile = [
      '',
      ' ',
      '"',
      '*',
      'NEAR(',
      'NEAR(a b',
      '-',
      '- -lee',
      'lee"',
      '"lee*',
      'AND',
      'OR OR',
      '(',
      ')',
      '^',
      ':',
      'title:lee',
      "'",
      '\\',
      '%',
      '\u0000',
      'ㅇ',
      'x'.repeat(150),
    ];
    for (const text of hostile) {
      const res = await t.app.inject(`/api/content/v1/search?q=${encodeURIComponent(text)}`);
      expect(res.statusCode, JSON.stringify(text)).toBe(200);
      const page = await t.app.inject(`/search?q=${encodeURIComponent(text)}`);
      expect(page.statusCode, JSON.stringify(text)).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
    }
    for (const raw of ['%ED%A0%80', '%ED%B0%80lee', '%F0%9F', '%E0%A4%A', '%FF']) {
      const res = await t.app.inject(`/api/content/v1/search?q=${raw}`);
      expect([200, 400]).toContain(res.statusCode);
      expect(res.headers['content-type']).toContain('application/json');
      const page = await t.app.inject(`/search?q=${raw}`);
      expect([200, 400]).toContain(page.statusCode);
      expect(page.headers['content-type']).toContain('text/html');
    }
    const long = 'lee '.repeat(2_500);
    const apiLong = await t.app.inject(`/api/content/v1/search?q=${encodeURIComponent(long)}`);
    expect(apiLong.statusCode).toBe(400);
    expect(apiLong.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    const pageLong = await t.app.inject(`/search?q=${encodeURIComponent(long)}`);
    expect(pageLong.statusCode).toBe(200);
    expect(pageLong.body).toContain('only its first 200 characters');
    const badDate = await t.app.inject('/api/content/v1/search?q=lee&from=2023-13-45');
    expect(badDate.statusCode).toBe(400);
    const badType = await t.app.inject('/api/content/v1/search?q=lee&type=users');
    expect(badType.statusCode).toBe(400);
    const empty = await api('q=');
    expect(empty.meta.pagination.total).toBe(0);
  });

  it("puts the person first for a possessive (Lee Jae Wook's) under headings in order: h2 per group of results, h3 per article", async () => {
    const page = await t.app.inject(`/search?q=${encodeURIComponent("Lee Jae Wook's")}`);
    const main = page.body.slice(page.body.indexOf('<main'), page.body.indexOf('</main>'));
    const results = main.slice(main.indexOf('</form>'));
    // The first link among the results is the person, and the first heading above it is not News.
    expect(/<a href="([^"]+)"/u.exec(results)?.[1]).toBe('/people/lee-jae-wook');
    const headings = [...main.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gu)].map((m) => ({
      level: Number(m[1]),
      text: (m[2] ?? '').replace(/<[^>]+>/gu, ''),
      at: m.index,
    }));
    const person = main.indexOf('/people/lee-jae-wook');
    const above = headings.filter((h) => h.at < person).at(-1);
    expect(above?.level).toBe(2);
    expect(above?.text).toMatch(/^People/u);
    // h1, then h2s; an article's h3 always sits under an h2, never skipping a level.
    expect(headings[0]?.level).toBe(1);
    for (const [i, heading] of headings.entries()) {
      if (i > 0) expect(heading.level - (headings[i - 1]?.level ?? 1)).toBeLessThanOrEqual(1);
    }
    const news = headings.find((h) => h.text.startsWith('News'));
    expect(news?.level).toBe(2);
    expect(news?.text).toMatch(/^News \(\d[\d,]*\+?\)$/u);
    expect(news?.at ?? 0).toBeGreaterThan(person);
    expect(headings.filter((h) => h.level === 3 && h.at > (news?.at ?? 0)).length).toBeGreaterThan(
      0,
    );
  });

  it('serves a search form that works without JavaScript', async () => {
    const page = await t.app.inject('/search');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form[^>]*method="get"[^>]*action="\/search"/);
    expect(page.body).toContain('name="q"');
    const found = await t.app.inject(`/search?q=${encodeURIComponent('재욱')}`);
    expect(found.body).toContain('/people/lee-jae-wook');
  });
});
