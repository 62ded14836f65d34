import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { generateEpisodes } from './episode-schedule.js';

/** The <time datetime> values of a page, in document order. */
function datetimes(html: string): string[] {
  return [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('drama reader pages', () => {
  // A Monday in the middle of the fictional show's run (it started 21 days before "now").
  const now = new Date('2026-11-30T03:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists all 30 numbered episodes of Alchemy of Souls at their true instants', async () => {
    const res = await t.app.inject('/shows/alchemy-of-souls');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Alchemy of Souls');
    expect(html).toContain('환혼');
    expect(html).toContain('Light and Shadow');
    expect(html).toContain('빛과 그림자');
    expect(html).toContain('three years');
    expect(html).toContain('tvN');
    expect(html).toContain('Netflix');
    expect(html).toContain('Finished.');
    const episodeNumbers = [...html.matchAll(/class="ep-item__label">Episode (\d+)</g)].map((m) =>
      Number(m[1]),
    );
    expect(episodeNumbers).toEqual([
      ...Array.from({ length: 20 }, (_, i) => i + 1),
      ...Array.from({ length: 10 }, (_, i) => i + 1),
    ]);
    const slots = [
      { weekday: 6, localTime: '21:10', zone: 'Asia/Seoul' },
      { weekday: 0, localTime: '21:10', zone: 'Asia/Seoul' },
    ];
    const expected = [
      ...generateEpisodes({
        slots,
        startDate: '2022-06-18',
        count: 20,
        skipDates: ['2022-08-13', '2022-08-14'],
      }),
      ...generateEpisodes({ slots, startDate: '2022-12-10', count: 10 }),
    ].map((e) => e.airInstant.replace('.000Z', 'Z'));
    const times = datetimes(html);
    for (const instant of expected) expect(times).toContain(instant);
    expect(times).toContain('2023-01-07T12:10:00Z');
    expect(times).toContain('2022-08-20T12:10:00Z');
    // The two specials of the weekend off sit in Part 1's list.
    expect(times).toContain('2022-08-13T12:10:00Z');
    expect(html).toContain('Cast special');
    expect(html).toMatch(/Saturday 7 January 2023, 21:10 KST/);
  });

  it('anchors each episode by its part and number, not by a database id', async () => {
    const html = (await t.app.inject('/shows/alchemy-of-souls')).body;
    const anchors = [...html.matchAll(/<li id="([^"]+)" class="ep-item/g)].map((m) => m[1]);
    expect(anchors.slice(0, 2)).toEqual(['episode-1', 'episode-2']);
    expect(anchors).toContain('episode-20');
    expect(anchors).toContain('part-2-episode-10');
    expect(new Set(anchors).size).toBe(anchors.length);
    // Every link to an episode, from the schedule and the API, lands on one of those anchors.
    const schedule = (await t.app.inject('/schedule')).body;
    const links = [...schedule.matchAll(/href="\/shows\/[^"#]+#([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^(part-\d+-)?episode-\d+$|^special-/);
  });

  it('shows the cast with characters and the crew', async () => {
    const html = (await t.app.inject('/shows/alchemy-of-souls')).body;
    expect(html).toContain('href="/people/arin"');
    expect(html).toContain('Jin Cho-yeon');
    expect(html).toContain('Jang Uk');
    expect(html).toContain('Hong Jung-eun');
    expect(html).toContain('Park Joon-hwa');
    // Related news: the demo's articles about the show link back to it.
    expect(html).toMatch(/href="\/news\/[a-z0-9-]+"/);
  });

  it('shows the fictional show as airing, with its next episode', async () => {
    const res = await t.app.inject('/shows/moonlit-ledger');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Airing now.');
    expect(res.body).toContain('invented show');
    expect(res.body).toContain('Upcoming events');
    expect(res.body).toContain('sample event');
  });

  it('answers 404 pages for unknown and malformed slugs, never 500', async () => {
    for (const path of [
      '/shows/no-such-show',
      '/shows/Alchemy-Of-Souls',
      '/shows/%E2%82%AC',
      '/shows/a--b',
      `/shows/${'a'.repeat(150)}`,
      `/shows/${'a'.repeat(300)}`, // over the router's parameter limit: 414
      '/shows/x%00y',
    ]) {
      const res = await t.app.inject(path);
      expect([400, 404, 414], path).toContain(res.statusCode);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });

  it('lists the fictional show’s episodes on the schedule this week, grouped by KST day', async () => {
    const res = await t.app.inject('/schedule');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('This week');
    expect(html).toContain('Next week');
    // Week of Monday 30 November 2026 (KST): Wednesday 2 and Thursday 3 December at 20:50 KST.
    expect(html).toContain('data-schedule-day="2026-12-02"');
    expect(datetimes(html)).toEqual(
      expect.arrayContaining([
        '2026-12-02T11:50:00Z',
        '2026-12-03T11:50:00Z',
        '2026-12-09T11:50:00Z',
        '2026-12-10T11:50:00Z',
      ]),
    );
    const wednesday = html.slice(
      html.indexOf('data-schedule-day="2026-12-02"'),
      html.indexOf('data-schedule-day="2026-12-03"'),
    );
    expect(wednesday).toContain('Moonlit Ledger');
    expect(wednesday).toContain('2026-12-02T11:50:00Z');
    expect(html).toContain('Wednesday 2 December');
  });

  it('lists only the days that have episodes, not every empty day', async () => {
    const html = (await t.app.inject('/schedule')).body;
    const days = [...html.matchAll(/data-schedule-day="([^"]+)"/g)].map((m) => m[1]);
    expect(days).toEqual(['2026-12-02', '2026-12-03', '2026-12-09', '2026-12-10']);
    expect(html).not.toContain('Nothing airs');
    expect(html).not.toContain('No episodes air this week.');
  });

  it('ignores query strings on the schedule and does not 500 on odd ones', async () => {
    const res = await t.app.inject('/schedule?week=%ZZ&x[]=1');
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('schedule with nothing on air', () => {
  // A site without the demo has no shows yet: both weeks are empty.
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('says once per week that nothing airs, with no empty days listed', async () => {
    const html = (await t.app.inject('/schedule')).body;
    expect(html).not.toContain('data-schedule-day=');
    expect(html.match(/No episodes air this week\./g)).toHaveLength(2);
    expect(html).toContain('This week');
    expect(html).toContain('Next week');
  });
});
