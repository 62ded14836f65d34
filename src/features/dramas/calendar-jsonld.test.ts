import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

type Node = Record<string, unknown>;

/** Every JSON-LD block of a page, parsed. */
function jsonLdBlocks(html: string): Node[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map(
    (m) => JSON.parse(m[1] ?? 'null') as Node,
  );
}

function vevents(ics: string) {
  return new ICAL.Component(ICAL.parse(ics) as unknown[])
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v));
}

describe('show and schedule calendars, show JSON-LD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves Alchemy of Souls as an iCalendar with stable UIDs and true instants', async () => {
    const res = await t.app.inject('/shows/alchemy-of-souls/calendar.ics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = vevents(res.body);
    // 30 numbered episodes and the two specials of the weekend off.
    expect(events).toHaveLength(32);
    const starts = events.map((e) => e.startDate.toJSDate().toISOString());
    expect(starts).toContain('2022-06-18T12:10:00.000Z');
    expect(starts).toContain('2022-08-13T12:10:00.000Z');
    expect(starts).toContain('2023-01-07T12:10:00.000Z');
    for (const event of events) {
      expect(event.uid).toMatch(/^episode-\d+@deho\.test$/);
      expect(event.sequence).toBe(0);
    }
    const ep9 = events.find(
      (e) => e.startDate.toJSDate().toISOString() === '2023-01-07T12:10:00.000Z',
    );
    expect(ep9?.summary).toBe('Alchemy of Souls: Episode 9');
    // Asked twice, the UIDs are the same.
    const again = vevents((await t.app.inject('/shows/alchemy-of-souls/calendar.ics')).body);
    expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect((await t.app.inject('/shows/nope/calendar.ics')).statusCode).toBe(404);
  });

  it('serves /schedule.ics with the airing fictional show, linked from /schedule', async () => {
    const res = await t.app.inject('/schedule.ics');
    expect(res.statusCode).toBe(200);
    const events = vevents(res.body);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.summary.startsWith('Moonlit Ledger'))).toBe(true);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toContain(
      '2026-12-02T11:50:00.000Z',
    );
    expect((await t.app.inject('/schedule')).body).toContain('href="/schedule.ics"');
  });

  it('describes the show as TVSeries, TVSeason, TVEpisode, BroadcastEvent and PerformanceRole', async () => {
    const html = (await t.app.inject('/shows/alchemy-of-souls')).body;
    expect(html).toContain('href="/shows/alchemy-of-souls/calendar.ics"');
    const [series] = jsonLdBlocks(html);
    expect(series).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'TVSeries',
      name: 'Alchemy of Souls',
      url: 'http://deho.test/shows/alchemy-of-souls',
      numberOfSeasons: 2,
      numberOfEpisodes: 30,
      startDate: '2022-06-18',
      endDate: '2023-01-08',
    });
    const seasons = series?.containsSeason as Node[];
    expect(seasons.map((s) => [s['@type'], s.seasonNumber, s.numberOfEpisodes])).toEqual([
      ['TVSeason', 1, 20],
      ['TVSeason', 2, 10],
    ]);
    const episodes = seasons[1]?.episode as Node[];
    expect(episodes[8]).toMatchObject({
      '@type': 'TVEpisode',
      episodeNumber: 9,
      publication: {
        '@type': 'BroadcastEvent',
        startDate: '2023-01-07T21:10:00+09:00',
        publishedOn: { '@type': 'BroadcastService', name: 'tvN' },
      },
    });
    expect(series?.actor).toContainEqual({
      '@type': 'PerformanceRole',
      actor: {
        '@type': 'Person',
        name: 'Arin',
        alternateName: '아린',
        url: 'http://deho.test/people/arin',
      },
      roleName: 'main',
      characterName: 'Jin Cho-yeon',
    });
    expect((series?.director as Node[]).map((p) => p.name)).toEqual(['Park Joon-hwa']);
  });

  it('lists the fictional show’s upcoming fan meeting as an Event, linked to its page', async () => {
    const html = (await t.app.inject('/shows/moonlit-ledger')).body;
    expect(html).toContain('href="/events/yoon-da-rim-fan-meeting-seoul"');
    const [series] = jsonLdBlocks(html);
    expect(series?.subjectOf).toEqual([
      expect.objectContaining({
        '@type': 'Event',
        url: 'http://deho.test/events/yoon-da-rim-fan-meeting-seoul',
        startDate: '2026-12-24T18:00:00+09:00',
      }),
    ]);
  });
});
