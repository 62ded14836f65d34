import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

/*
 * /shows: the index of every show, filtered by status, network and year through query
 * parameters. The demo has Alchemy of Souls (tvN and Netflix, 2022–2023, finished) and the
 * invented Moonlit Ledger (Haneul TV), which started three weeks before the demo's "now".
 */

const SEEDED = new Date('2026-11-30T03:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

/** The show pages an index page links to, in order. */
const showLinks = (html: string) =>
  [...html.matchAll(/<h2 class="index-list__title"><a href="(\/shows\/[^"]+)"/g)].map((m) => m[1]);

describe('the shows index', () => {
  let t: TestApp;
  let now = SEEDED;

  beforeAll(async () => {
    // No page cache: the tests move the clock and expect each answer rendered afresh.
    t = await buildTestApp({ now: () => now, env: { DEHO_PAGE_CACHE: '0' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every show by title, with status, years and networks', async () => {
    const res = await t.app.inject('/shows');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(showLinks(res.body)).toEqual(['/shows/alchemy-of-souls', '/shows/moonlit-ledger']);
    expect(res.body).toContain('<h1>Shows</h1>');
    expect(res.body).toContain('Finished · 2022–2023 · tvN, Netflix');
    expect(res.body).toMatch(/Airing · 2026(–2027)? · Haneul TV \(fictional\)/);
    expect(res.body).toContain('<span lang="ko" class="ko"> (환혼)</span>');
    expect(res.body).toContain('<link rel="canonical" href="http://deho.test/shows"/>');
  });

  it('offers each filter as a link, the current choice marked', async () => {
    const html = (await t.app.inject('/shows?status=finished')).body;
    expect(html).toContain('<nav class="index-filters" aria-label="Filter shows">');
    expect(html).toContain('<a href="/shows?status=finished" aria-current="true">Finished</a>');
    expect(html).toContain('<a href="/shows?status=airing">Airing</a>');
    // A network link keeps the status chosen; "All" drops only its own filter.
    expect(html).toContain('<a href="/shows?status=finished&amp;network=tvn">tvN</a>');
    expect(html).toContain('<a href="/shows">All</a>');
    expect(html).toContain('<a href="/shows?status=finished" aria-current="true">All</a>');
    expect(html).toContain('<a href="/shows?status=finished&amp;year=2022">2022</a>');
    expect(html).toContain('<h1>Finished shows</h1>');
  });

  it('filters by status, network and year, alone and together', async () => {
    const cases: [string, string[]][] = [
      ['/shows?status=airing', ['/shows/moonlit-ledger']],
      ['/shows?status=finished', ['/shows/alchemy-of-souls']],
      ['/shows?status=upcoming', []],
      ['/shows?network=tvn', ['/shows/alchemy-of-souls']],
      ['/shows?network=netflix', ['/shows/alchemy-of-souls']],
      ['/shows?network=haneul-tv', ['/shows/moonlit-ledger']],
      ['/shows?year=2022', ['/shows/alchemy-of-souls']],
      // Part 2 ran into January 2023.
      ['/shows?year=2023', ['/shows/alchemy-of-souls']],
      ['/shows?year=2026', ['/shows/moonlit-ledger']],
      ['/shows?year=2019', []],
      ['/shows?status=finished&network=tvn&year=2023', ['/shows/alchemy-of-souls']],
      ['/shows?status=airing&network=tvn', []],
    ];
    for (const [url, expected] of cases) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(showLinks(res.body), url).toEqual(expected);
      if (expected.length === 0) expect(res.body, url).toContain('No show matches these filters.');
    }
  });

  it('moves a show from upcoming to airing to finished as the clock passes its episodes', async () => {
    try {
      now = new Date(SEEDED.getTime() - 60 * DAY_MS);
      expect(showLinks((await t.app.inject('/shows?status=upcoming')).body)).toEqual([
        '/shows/moonlit-ledger',
      ]);
      now = new Date(SEEDED.getTime() + 365 * DAY_MS);
      expect(showLinks((await t.app.inject('/shows?status=finished')).body)).toEqual([
        '/shows/alchemy-of-souls',
        '/shows/moonlit-ledger',
      ]);
      expect(showLinks((await t.app.inject('/shows?status=airing')).body)).toEqual([]);
    } finally {
      now = SEEDED;
    }
  });

  it('answers 400 with a sentence for a filter value it does not know, never 500', async () => {
    const cases: [string, RegExp][] = [
      [
        '/shows?status=%3Cscript%3Ealert(1)%3C/script%3E',
        /status must be one of airing, upcoming, finished/,
      ],
      ['/shows?status=on_break', /status must be one of/],
      ['/shows?network=no-such-network', /network must be one of the networks listed/],
      ['/shows?network=%3Cimg%20src%3Dx%3E', /network must be one of the networks listed/],
      ['/shows?year=99999', /year must be &lt;= 2100/],
      ['/shows?year=1200', /year must be >= 1900/],
      ['/shows?year=abc', /year must be integer/],
      ['/shows?year=2022.5', /year must be integer/],
      ['/shows?page=-1', /page must be >= 1/],
      ['/shows?page=0', /page must be >= 1/],
      ['/shows?page=abc', /page must be integer/],
      ['/shows?status=airing&status=finished', /status must be string/],
      [`/shows?network=${'x'.repeat(500)}`, /network must NOT have more than 100 characters/],
    ];
    for (const [url, message] of cases) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toMatch(message);
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).not.toContain('<img src=x>');
    }
    // Parameters the index does not use (a campaign tag) are left alone.
    expect((await t.app.inject('/shows?utm_source=newsletter')).statusCode).toBe(200);
    // A page past the end is a page that does not exist.
    expect((await t.app.inject('/shows?page=2')).statusCode).toBe(404);
    expect((await t.app.inject('/shows?page=100000')).statusCode).toBe(404);
  });

  it('pages through many shows, keeping the filters in the pager’s links', async () => {
    const stamp = SEEDED.toISOString();
    const tvn = await t.db
      .selectFrom('networks')
      .select('id')
      .where('slug', '=', 'tvn')
      .executeTakeFirstOrThrow();
    const added = await t.db
      .insertInto('shows')
      .values(
        Array.from({ length: 35 }, (_, i) => ({
          slug: `index-test-show-${String(i).padStart(2, '0')}`,
          title: `Index test show ${String(i).padStart(2, '0')}`,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .returning('id')
      .execute();
    await t.db
      .insertInto('show_networks')
      .values(added.map((show) => ({ show_id: show.id, network_id: tvn.id })))
      .execute();

    const first = await t.app.inject('/shows?network=tvn');
    expect(showLinks(first.body)).toHaveLength(30);
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('<a rel="next" href="/shows?network=tvn&amp;page=2">');
    const second = await t.app.inject('/shows?network=tvn&page=2');
    expect(second.statusCode).toBe(200);
    // 36 shows on tvN: Alchemy of Souls and the 35 added, by title.
    expect(showLinks(second.body)).toHaveLength(6);
    expect(second.body).toContain('<a rel="prev" href="/shows?network=tvn">');
    expect(second.body).toContain(
      '<link rel="canonical" href="http://deho.test/shows?network=tvn&amp;page=2"/>',
    );
    expect(second.body).toContain('No air dates yet');
    expect((await t.app.inject('/shows?network=tvn&page=3')).statusCode).toBe(404);
  });
});
