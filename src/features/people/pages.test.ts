import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

type Node = Record<string, unknown>;

function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map(
    (m) => JSON.parse(m[1] ?? 'null') as unknown,
  );
}

describe('event, group and person pages, calendars and JSON-LD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists upcoming events at /events', async () => {
    const res = await t.app.inject('/events');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/events/yoon-da-rim-fan-meeting-seoul"');
    expect(res.body).toContain('Fan meeting');
    expect(res.body).toContain('href="/people/yoon-da-rim"');
  });

  it('shows an event with who, where and when, and an Event in JSON-LD', async () => {
    const res = await t.app.inject('/events/yoon-da-rim-fan-meeting-seoul');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Haneul Arts Hall (fictional), Seoul, South Korea');
    expect(html).toContain('datetime="2026-12-24T09:00:00Z"');
    expect(html).toContain('Thursday 24 December 2026, 18:00 KST');
    expect(html).toContain('href="/events/yoon-da-rim-fan-meeting-seoul/calendar.ics"');
    const [event] = jsonLdBlocks(html) as Node[];
    expect(event).toMatchObject({
      '@type': 'Event',
      startDate: '2026-12-24T18:00:00+09:00',
      endDate: '2026-12-24T21:00:00+09:00',
      location: {
        '@type': 'Place',
        name: 'Haneul Arts Hall (fictional)',
        address: { addressLocality: 'Seoul', addressCountry: 'KR' },
      },
      performer: [{ '@type': 'Person', name: 'Yoon Da-rim' }],
    });
    const ics = (await t.app.inject('/events/yoon-da-rim-fan-meeting-seoul/calendar.ics')).body;
    const vevent = new ICAL.Event(
      new ICAL.Component(ICAL.parse(ics) as unknown[]).getFirstSubcomponent('vevent') ?? undefined,
    );
    expect(vevent.uid).toMatch(/^event-\d+@deho\.test$/);
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2026-12-24T09:00:00.000Z');
    expect(vevent.endDate.toJSDate().toISOString()).toBe('2026-12-24T12:00:00.000Z');
  });

  it('shows a group with its members over time, and MusicGroup JSON-LD', async () => {
    const res = await t.app.inject('/groups/nuest');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('뉴이스트');
    expect(res.body).toContain('href="/people/hwang-min-hyun"');
    expect(res.body).toContain('2012–2022');
    const [group] = jsonLdBlocks(res.body) as Node[];
    expect(group).toMatchObject({
      '@type': 'MusicGroup',
      name: 'NU’EST',
      foundingDate: '2012-03-15',
      dissolutionDate: '2022-03-14',
      member: [
        {
          '@type': 'OrganizationRole',
          member: { '@type': 'Person', name: 'Hwang Min-hyun' },
          startDate: '2012-03-15',
          endDate: '2022-03-14',
        },
      ],
    });
  });

  it('describes a person as Person with groups, PerformanceRoles and upcoming Events', async () => {
    const html = (await t.app.inject('/people/yoon-da-rim')).body;
    expect(html).toContain('href="/people/yoon-da-rim/calendar.ics"');
    expect(html).toContain('href="/events/yoon-da-rim-fan-meeting-seoul"');
    const [person] = jsonLdBlocks(html) as Node[];
    expect(person).toMatchObject({
      '@type': 'Person',
      name: 'Yoon Da-rim',
      alternateName: ['윤다림', 'Yoon Darim'],
    });
    expect(person?.subjectOf).toEqual([
      expect.objectContaining({
        '@type': 'TVSeries',
        name: 'Moonlit Ledger',
        actor: expect.objectContaining({
          '@type': 'PerformanceRole',
          characterName: 'Han Seo-rin',
        }) as unknown,
      }),
    ]);
    expect(person?.performerIn).toEqual([expect.objectContaining({ '@type': 'Event' })]);
    const [arin] = jsonLdBlocks((await t.app.inject('/people/arin')).body) as Node[];
    expect(arin?.memberOf).toEqual([
      expect.objectContaining({
        '@type': 'OrganizationRole',
        memberOf: expect.objectContaining({ '@type': 'MusicGroup', name: 'Oh My Girl' }) as unknown,
        startDate: '2015-04-21',
      }),
    ]);
  });

  it('serves a person’s calendar: their shows’ episodes and their events', async () => {
    const res = await t.app.inject('/people/yoon-da-rim/calendar.ics');
    expect(res.statusCode).toBe(200);
    const events = new ICAL.Component(ICAL.parse(res.body) as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(events.filter((e) => e.uid.startsWith('episode-'))).toHaveLength(16);
    expect(events.filter((e) => e.uid.startsWith('event-'))).toHaveLength(1);
    expect((await t.app.inject('/people/nobody/calendar.ics')).statusCode).toBe(404);
  });

  it('answers 404 pages for unknown and malformed slugs', async () => {
    for (const path of [
      '/events/nope',
      '/events/NOPE',
      '/groups/nope',
      '/groups/a_b',
      '/events/x/calendar.ics',
    ]) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });
});

describe('Content API: groups and events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists groups with members and urls, and one group by slug', async () => {
    const res = await t.app.inject('/api/content/v1/groups?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      groups: { slug: string; url: string }[];
      meta: { pagination: unknown };
    }>();
    expect(body.meta.pagination).toEqual({ page: 1, limit: 2, pages: 2, total: 3 });
    const one = await t.app.inject('/api/content/v1/groups/wanna-one');
    expect(one.json<{ group: Node }>().group).toMatchObject({
      url: 'http://deho.test/groups/wanna-one',
      members: [expect.objectContaining({ start_date: '2017-08-07', end_date: '2019-01-27' })],
    });
    expect((await t.app.inject('/api/content/v1/groups/nope')).statusCode).toBe(404);
  });

  it('filters events by person and date range', async () => {
    const all = await t.app.inject('/api/content/v1/events?person=yoon-da-rim');
    expect(all.json<{ events: { url: string }[] }>().events).toEqual([
      expect.objectContaining({ url: 'http://deho.test/events/yoon-da-rim-fan-meeting-seoul' }),
    ]);
    const none = await t.app.inject('/api/content/v1/events?to=2026-12-01');
    expect(none.json<{ events: unknown[] }>().events).toEqual([]);
    for (const url of [
      '/api/content/v1/events?from=yesterday',
      '/api/content/v1/events?from=2026-12-10&to=2026-12-01',
      '/api/content/v1/events?limit=101',
    ]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(400);
    }
    expect((await t.app.inject('/api/content/v1/events?person=nobody')).statusCode).toBe(404);
  });
});
