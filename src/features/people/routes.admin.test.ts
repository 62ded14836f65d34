import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

type Json = Record<string, unknown>;

describe('Admin API: people, groups, memberships, events', () => {
  let t: TestApp;
  let key = '';
  let personId = 0;
  let groupId = 0;
  let eventId = 0;

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, payload?: Json) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload }),
    });
  const count = async (
    table: 'people' | 'groups' | 'group_memberships' | 'events' | 'event_people',
  ) =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const errorOf = (res: { json: <T>() => T }) =>
    res.json<{ error: { code: string; message: string; property?: string } }>().error;

  it('creates a person, a group and a membership over time', async () => {
    let res = await send('POST', '/people', {
      person: {
        name: 'Kang Ha-neul',
        name_ko: '강하늘',
        aliases: ['Kang Haneul'],
        roles: ['actor', 'idol'],
      },
    });
    expect(res.statusCode).toBe(201);
    const person = res.json<{ person: { id: number; slug: string; url: string } }>().person;
    personId = person.id;
    expect(person).toMatchObject({
      slug: 'kang-ha-neul',
      url: 'http://deho.test/people/kang-ha-neul',
    });

    res = await send('POST', '/groups', {
      group: { name: 'Blue Harbour', name_ko: '블루하버', debut_date: '2019-05-01' },
    });
    expect(res.statusCode).toBe(201);
    groupId = res.json<{ group: { id: number } }>().group.id;

    res = await send('POST', '/memberships', {
      membership: {
        group_id: groupId,
        person_id: personId,
        role: 'Vocalist',
        start_date: '2019-05-01',
        end_date: '2023-02-28',
      },
    });
    expect(res.statusCode).toBe(201);
    const html = (await t.app.inject('/groups/blue-harbour')).body;
    expect(html).toContain('Kang Ha-neul');
    expect(html).toContain('2019–2023');
    expect((await t.app.inject('/people/kang-ha-neul')).body).toContain(
      'href="/groups/blue-harbour"',
    );
  });

  it('refuses a membership or group that ends before it starts, storing nothing', async () => {
    const before = await count('group_memberships');
    let res = await send('POST', '/memberships', {
      membership: {
        group_id: groupId,
        person_id: personId,
        start_date: '2020-01-01',
        end_date: '2019-12-31',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'validation_failed', property: 'end_date' });
    res = await send('POST', '/memberships', {
      membership: { group_id: groupId, person_id: 999999 },
    });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).property).toBe('person_id');
    res = await send('POST', '/memberships', {
      membership: { group_id: groupId, person_id: personId, start_date: '2020-13-01' },
    });
    expect(res.statusCode).toBe(400);
    expect(await count('group_memberships')).toBe(before);
    res = await send('PATCH', `/groups/${groupId}`, { group: { disband_date: '2018-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).property).toBe('disband_date');
  });

  it('creates an event in the venue’s zone with its people', async () => {
    const res = await send('POST', '/events', {
      event: {
        title: 'Kang Ha-neul fan meeting, Lisbon',
        kind: 'fan_meeting',
        venue: 'Sala Tejo; Hall 2',
        city: 'Lisbon',
        country: 'Portugal',
        starts_at: '2026-12-20T19:30',
        ends_at: '2026-12-20T22:00',
        zone: 'Europe/Lisbon',
        people: [personId],
      },
    });
    expect(res.statusCode).toBe(201);
    const event = res.json<{
      event: { id: number; slug: string; starts_at: string; sequence: number; url: string };
    }>().event;
    eventId = event.id;
    expect(event).toMatchObject({
      slug: 'kang-ha-neul-fan-meeting-lisbon',
      starts_at: '2026-12-20T19:30:00.000Z',
      sequence: 0,
      url: 'http://deho.test/events/kang-ha-neul-fan-meeting-lisbon',
    });
  });

  it.each([
    ['an unknown zone', { zone: 'Europe/Atlantis' }, 'zone', /Asia\/Seoul/],
    ['an end before the start', { ends_at: '2026-12-20T18:00' }, 'ends_at', /before/],
    ['a start that is no time', { starts_at: '20 December' }, 'starts_at', /ISO-8601/],
  ])('refuses an event with %s, storing nothing', async (_name, change, property, message) => {
    const before = [await count('events'), await count('event_people')];
    const res = await send('POST', '/events', {
      event: {
        title: 'Refused',
        starts_at: '2026-12-20T19:30',
        zone: 'Asia/Seoul',
        people: [personId],
        ...change,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'validation_failed', property });
    expect(errorOf(res).message).toMatch(message);
    expect([await count('events'), await count('event_people')]).toEqual(before);
  });

  it('refuses unknown people on an event with 404, storing nothing', async () => {
    const before = await count('events');
    const res = await send('POST', '/events', {
      event: {
        title: 'Ghosts',
        starts_at: '2026-12-20T19:30',
        zone: 'Asia/Seoul',
        people: [personId, 999999],
      },
    });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).property).toBe('people.1');
    expect(await count('events')).toBe(before);
  });

  it('bumps the event’s SEQUENCE when it moves, as calendars see it', async () => {
    let res = await send('PATCH', `/events/${eventId}`, {
      event: { description: 'Doors at 19:00.' },
    });
    expect(res.json<{ event: { sequence: number } }>().event.sequence).toBe(0);
    res = await send('PATCH', `/events/${eventId}`, {
      event: { starts_at: '2026-12-21T19:30', ends_at: '2026-12-21T22:00' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ event: { sequence: number } }>().event.sequence).toBe(1);

    const ics = (await t.app.inject('/people/kang-ha-neul/calendar.ics')).body;
    const vevents = new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    const event = new ICAL.Event(vevents[0]);
    expect(event.uid).toBe(`event-${eventId}@deho.test`);
    expect(event.sequence).toBe(1);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-21T19:30:00.000Z');
    // The escaped semicolon in the venue comes back intact.
    expect(event.location).toBe('Sala Tejo; Hall 2, Lisbon, Portugal');
  });

  it('answers 404 for unknown ids and 409 for taken slugs', async () => {
    expect((await send('PATCH', '/people/999999', { person: { bio: 'x' } })).statusCode).toBe(404);
    expect((await send('DELETE', '/events/999999')).statusCode).toBe(404);
    expect((await send('GET', '/memberships/999999')).statusCode).toBe(404);
    const res = await send('POST', '/people', { person: { name: 'Arin again', slug: 'arin' } });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).property).toBe('slug');
    expect((await send('POST', '/people', { person: { bio: 'no name' } })).statusCode).toBe(400);
  });

  it('deletes an event and a person', async () => {
    expect((await send('DELETE', `/events/${eventId}`)).statusCode).toBe(204);
    expect((await t.app.inject('/events/kang-ha-neul-fan-meeting-lisbon')).statusCode).toBe(404);
    expect((await send('DELETE', `/people/${personId}`)).statusCode).toBe(204);
    expect((await t.app.inject('/people/kang-ha-neul')).statusCode).toBe(404);
  });
});
