import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

type Json = Record<string, unknown>;

describe('Admin API: shows, parts, slots, episodes, characters, credits', () => {
  let t: TestApp;
  let key = '';
  let showId = 0;
  let partId = 0;

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
  const count = async (table: 'shows' | 'parts' | 'episodes' | 'broadcast_slots' | 'credits') =>
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

  it('refuses requests without a key or with a role below editor', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/v1/shows' })).statusCode).toBe(
      401,
    );
    const author = (await createApiKey(t.db, t.clock, { name: 'a', role: 'author' })).key;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/shows',
      headers: { authorization: `Bearer ${author}` },
      payload: { show: { title: 'Nope' } },
    });
    expect(res.statusCode).toBe(403);
  });

  it('creates a show with networks, a part with slots, and generates its episodes', async () => {
    let res = await send('POST', '/shows', {
      show: { title: 'Test Harbour', title_ko: '시험 항구', networks: ['tvn', 'netflix'] },
    });
    expect(res.statusCode).toBe(201);
    const show = res.json<{ show: { id: number; slug: string; url: string } }>().show;
    showId = show.id;
    expect(show.slug).toBe('test-harbour');
    expect(show.url).toBe('http://deho.test/shows/test-harbour');

    res = await send('POST', '/parts', {
      part: {
        show_id: showId,
        number: 1,
        slots: [
          { weekday: 6, local_time: '21:10', zone: 'Asia/Seoul', network: 'tvn' },
          { weekday: 0, local_time: '21:10', zone: 'Asia/Seoul' },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    partId = res.json<{ part: { id: number } }>().part.id;

    // Alchemy of Souls, Part 1: from 18 June 2022, 20 episodes, the weekend of 13–14 August off.
    res = await send('POST', `/parts/${partId}/episodes/generate`, {
      generation: { start_date: '2022-06-18', count: 20, skip_dates: ['2022-08-13', '2022-08-14'] },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      generation: { inserted: number };
      part: { episodes: { number: number; air_instant: string }[] };
    }>();
    expect(body.generation.inserted).toBe(20);
    const instants = body.part.episodes.map((e) => e.air_instant);
    expect(instants[0]).toBe('2022-06-18T12:10:00.000Z');
    expect(instants).not.toContain('2022-08-13T12:10:00.000Z');
    expect(instants[16]).toBe('2022-08-20T12:10:00.000Z');
    expect(instants[19]).toBe('2022-08-28T12:10:00.000Z');
  });

  it('keeps edits through regeneration, and bumps SEQUENCE when an episode moves', async () => {
    const episodes = await t.db
      .selectFrom('episodes')
      .selectAll()
      .where('part_id', '=', partId)
      .orderBy('number')
      .execute();
    const ep5 = episodes.find((e) => e.number === 5);
    expect(ep5).toBeDefined();
    // A moved date, written as wall-clock time in the episode's zone.
    let res = await send('PATCH', `/episodes/${ep5?.id}`, {
      episode: { air_instant: '2022-07-03T22:00', note: 'Moved for a sports broadcast' },
    });
    expect(res.statusCode).toBe(200);
    const moved = res.json<{
      episode: { air_instant: string; is_edited: boolean; sequence: number };
    }>().episode;
    expect(moved).toMatchObject({
      air_instant: '2022-07-03T13:00:00.000Z',
      is_edited: true,
      sequence: 1,
    });

    // The calendar carries the same UID with the higher SEQUENCE and the new instant.
    const ics = (await t.app.inject('/shows/test-harbour/calendar.ics')).body;
    const vevents = new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(20);
    const event = new ICAL.Event(
      vevents.find((v) => v.getFirstPropertyValue('uid') === `episode-${ep5?.id}@deho.test`),
    );
    expect(event.sequence).toBe(1);
    expect(event.startDate.toJSDate().toISOString()).toBe('2022-07-03T13:00:00.000Z');

    // Regenerate from a later start without the week off: episodes 1–16 (but the edited 5th) move,
    // 17–20 fall on the same dates as before, and a 21st is added.
    res = await send('POST', `/parts/${partId}/episodes/generate`, {
      generation: { start_date: '2022-06-25', count: 21 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ generation: Json }>().generation).toEqual({
      inserted: 1,
      updated: 15,
      removed: 0,
      kept: 5,
    });
    const after = await t.db
      .selectFrom('episodes')
      .selectAll()
      .where('id', '=', ep5?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(after.air_instant).toBe('2022-07-03T13:00:00.000Z');
    expect(after.note).toBe('Moved for a sports broadcast');
    const ep1 = await t.db
      .selectFrom('episodes')
      .selectAll()
      .where('part_id', '=', partId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();
    expect(ep1.air_instant).toBe('2022-06-25T12:10:00.000Z');
    expect(ep1.sequence).toBe(1);
  });

  it('answers 409 for an episode number already used in the part, storing nothing', async () => {
    const before = await count('episodes');
    const res = await send('POST', '/episodes', {
      episode: { part_id: partId, number: 3, air_instant: '2022-12-01T21:00' },
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'conflict', property: 'number' });
    const ep4 = await t.db
      .selectFrom('episodes')
      .select('id')
      .where('part_id', '=', partId)
      .where('number', '=', 4)
      .executeTakeFirstOrThrow();
    const patch = await send('PATCH', `/episodes/${ep4.id}`, { episode: { number: 3 } });
    expect(patch.statusCode).toBe(409);
    expect(await count('episodes')).toBe(before);
    // A special without a number is fine.
    const special = await send('POST', '/episodes', {
      episode: {
        part_id: partId,
        kind: 'special',
        title: 'Cast special',
        air_instant: '2022-08-13T21:10:00+09:00',
      },
    });
    expect(special.statusCode).toBe(201);
    expect(special.json<{ episode: Json }>().episode).toMatchObject({
      number: null,
      kind: 'special',
      air_instant: '2022-08-13T12:10:00.000Z',
      zone: 'Asia/Seoul',
    });
  });

  it.each([
    [
      'an unknown zone',
      { weekday: 6, local_time: '21:10', zone: 'Mars/Olympus' },
      'slots.0.zone',
      /Asia\/Seoul/,
    ],
    [
      '24:30',
      { weekday: 6, local_time: '24:30', zone: 'Asia/Seoul' },
      'slots.0.local_time',
      /21:10/,
    ],
    [
      '21:61',
      { weekday: 6, local_time: '21:61', zone: 'Asia/Seoul' },
      'slots.0.local_time',
      /21:10/,
    ],
    ['weekday 7', { weekday: 7, local_time: '21:10', zone: 'Asia/Seoul' }, 'slots.0.weekday', /0/],
    [
      'weekday -1',
      { weekday: -1, local_time: '21:10', zone: 'Asia/Seoul' },
      'slots.0.weekday',
      /6/,
    ],
  ])(
    'refuses a part with %s in a slot, storing nothing',
    async (_name, slot, property, message) => {
      const [parts, slots] = [await count('parts'), await count('broadcast_slots')];
      const res = await send('POST', '/parts', {
        part: { show_id: showId, number: 2, slots: [slot] },
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'validation_failed', property });
      expect(errorOf(res).message).toMatch(message);
      expect(await count('parts')).toBe(parts);
      expect(await count('broadcast_slots')).toBe(slots);
    },
  );

  it('refuses an unknown zone on an episode, naming a valid one', async () => {
    const res = await send('POST', '/episodes', {
      episode: { part_id: partId, number: 99, air_instant: '2022-12-01T21:00', zone: 'Seoul' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toContain('Asia/Seoul');
  });

  it.each([0, 10_000, -3])('refuses an episode count of %i, storing nothing', async (n) => {
    const before = await count('episodes');
    const res = await send('POST', `/parts/${partId}/episodes/generate`, {
      generation: { start_date: '2022-06-18', count: n },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'validation_failed', property: 'count' });
    expect(await count('episodes')).toBe(before);
  });

  it('refuses bad dates and unknown ids with clear 4xx answers', async () => {
    let res = await send('POST', `/parts/${partId}/episodes/generate`, {
      generation: { start_date: '2022-02-30', count: 3 },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).property).toBe('start_date');
    res = await send('POST', '/parts/999999/episodes/generate', {
      generation: { start_date: '2022-06-18', count: 3 },
    });
    expect(res.statusCode).toBe(404);
    res = await send('POST', '/parts', { part: { show_id: 999999, number: 1 } });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).property).toBe('show_id');
    res = await send('PATCH', '/episodes/999999', { episode: { note: 'x' } });
    expect(res.statusCode).toBe(404);
    res = await send('POST', '/shows', { show: { title: 'X', networks: ['no-such-network'] } });
    expect(res.statusCode).toBe(404);
    expect(await t.db.selectFrom('shows').select('id').where('title', '=', 'X').execute()).toEqual(
      [],
    );
    res = await send('POST', '/shows', {
      show: { title: 'Alchemy again', slug: 'alchemy-of-souls' },
    });
    expect(res.statusCode).toBe(409);
    res = await send('PATCH', `/episodes/1`, { episode: { air_instant: 'next Saturday' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).property).toBe('air_instant');
    res = await send('POST', '/shows', { show: { title: 42 } });
    expect(res.statusCode).toBe(400);
  });

  it('creates characters and credits, and refuses a character of another show', async () => {
    let res = await send('POST', '/characters', {
      character: { show_id: showId, name: 'Harbour Master', name_ko: '항구장' },
    });
    expect(res.statusCode).toBe(201);
    const character = res.json<{ character: { id: number; slug: string } }>().character;
    expect(character.slug).toBe('harbour-master');
    const person = await t.db
      .selectFrom('people')
      .select('id')
      .where('slug', '=', 'arin')
      .executeTakeFirstOrThrow();
    res = await send('POST', '/credits', {
      credit: {
        person_id: person.id,
        show_id: showId,
        character_id: character.id,
        kind: 'cast',
        role: 'lead',
        billing: 1,
      },
    });
    expect(res.statusCode).toBe(201);
    const credit = res.json<{
      credit: { id: number; character: { slug: string }; person: { url: string } };
    }>().credit;
    expect(credit.character.slug).toBe('harbour-master');
    expect(credit.person.url).toBe('http://deho.test/people/arin');

    const jangUk = await t.db
      .selectFrom('characters')
      .select('id')
      .where('slug', '=', 'jang-uk')
      .executeTakeFirstOrThrow();
    const before = await count('credits');
    res = await send('POST', '/credits', {
      credit: {
        person_id: person.id,
        show_id: showId,
        character_id: jangUk.id,
        kind: 'cast',
        role: 'cameo',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'validation_failed', property: 'character_id' });
    expect(errorOf(res).message).toContain('another show');
    res = await send('PATCH', `/credits/${credit.id}`, { credit: { character_id: jangUk.id } });
    expect(res.statusCode).toBe(400);
    res = await send('POST', '/credits', {
      credit: {
        person_id: person.id,
        show_id: showId,
        character_id: character.id,
        kind: 'crew',
        role: 'director',
      },
    });
    expect(res.statusCode).toBe(400);
    res = await send('POST', '/credits', {
      credit: { person_id: 999999, show_id: showId, kind: 'crew', role: 'director' },
    });
    expect(res.statusCode).toBe(404);
    expect(await count('credits')).toBe(before);

    // The show page now lists the new cast member with the character.
    const html = (await t.app.inject('/shows/test-harbour')).body;
    expect(html).toContain('Harbour Master');
    expect((await send('DELETE', `/credits/${credit.id}`)).statusCode).toBe(204);
    expect(await count('credits')).toBe(before - 1);
  });

  it('deletes a show with its parts and episodes', async () => {
    const res = await send('DELETE', `/shows/${showId}`);
    expect(res.statusCode).toBe(204);
    expect((await send('GET', `/shows/${showId}`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('parts').select('id').where('id', '=', partId).execute()).toEqual(
      [],
    );
  });
});
