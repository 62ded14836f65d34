import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

/* /people and /groups: everyone by name, thirty a page. */

const links = (html: string, prefix: string) =>
  [...html.matchAll(/<h2 class="index-list__title"><a href="([^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .filter((href) => href.startsWith(prefix));

describe('people and groups indexes', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No page cache: a test adds people straight to the database, which drops nothing.
    t = await buildTestApp({
      now: new Date('2026-11-30T03:00:00Z'),
      env: { DEHO_PAGE_CACHE: '0' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the people by name with Korean names and roles', async () => {
    const res = await t.app.inject('/people');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>People</h1>');
    const people = links(res.body, '/people/');
    expect(people).toContain('/people/lee-jae-wook');
    expect(people).toContain('/people/arin');
    expect(res.body).toMatch(
      /<a href="\/people\/arin">Arin<\/a><span lang="ko" class="ko"> \(아린\)<\/span>/,
    );
    expect(res.body).toContain('Screenwriter');
    expect(res.body).toContain('<link rel="canonical" href="http://deho.test/people"/>');
  });

  it('lists the groups with their years, current members counted', async () => {
    const res = await t.app.inject('/groups');
    expect(res.statusCode).toBe(200);
    expect(links(res.body, '/groups/')).toEqual(
      expect.arrayContaining(['/groups/oh-my-girl', '/groups/nuest', '/groups/wanna-one']),
    );
    expect(res.body).toContain('<h1>Groups</h1>');
    expect(res.body).toMatch(/2015–present · 1 member/);
    // A disbanded group shows its years only.
    expect(res.body).toMatch(/Wanna One<\/a>[\s\S]*?<p class="meta">2017–2019<\/p>/);
  });

  it('links the indexes from every page’s navigation and footer', async () => {
    const html = (await t.app.inject('/schedule')).body;
    expect(html).toContain('<nav aria-label="Main">');
    expect(html).toContain('<nav aria-label="Browse">');
    for (const path of ['/shows', '/people', '/groups', '/tags']) {
      expect(html).toContain(`<a href="${path}">`);
    }
  });

  it('pages through many people; hostile page numbers get 400 or 404, never 500', async () => {
    const stamp = new Date('2026-11-30T03:00:00Z').toISOString();
    await t.db
      .insertInto('people')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          slug: `index-test-person-${String(i).padStart(2, '0')}`,
          name: `Zz Index Test Person ${String(i).padStart(2, '0')}`,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    const first = await t.app.inject('/people');
    expect(links(first.body, '/people/')).toHaveLength(30);
    expect(first.body).toContain('<a rel="next" href="/people?page=2">Next →</a>');
    const second = await t.app.inject('/people?page=2');
    expect(second.statusCode).toBe(200);
    expect(links(second.body, '/people/').length).toBeGreaterThan(0);
    expect(second.body).toContain('<a rel="prev" href="/people">← Previous</a>');
    expect(second.body).toContain('<title>People, page 2 · Deho</title>');

    for (const path of ['/people', '/groups']) {
      for (const query of ['?page=-1', '?page=0', '?page=abc', '?page=1e9', '?page=%3Cscript%3E']) {
        const res = await t.app.inject(path + query);
        expect(res.statusCode, path + query).toBe(400);
        expect(res.body, path + query).toMatch(/page must be/);
      }
      expect((await t.app.inject(`${path}?page=99`)).statusCode).toBe(404);
    }
    expect((await t.app.inject('/groups?page=2')).statusCode).toBe(404);
  });
});
