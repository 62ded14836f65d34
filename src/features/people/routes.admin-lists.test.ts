import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/* The admin lists of people, groups, memberships and events that the people screens read. */

type Json = Record<string, unknown>;

describe('Admin API lists for the people screens', () => {
  let t: TestApp;
  let key = '';
  let personId = 0;
  let groupId = 0;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-11-30T03:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'editor', role: 'editor' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: 'POST' | 'GET', url: string, payload?: Json, bearer = key) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${bearer}` },
      ...(payload !== undefined && { payload }),
    });
  const names = (res: { json: <T>() => T }, list: 'people' | 'groups' | 'events') => {
    const items = res.json<Record<string, { name?: string; title?: string }[]>>()[list] ?? [];
    return items.map((item) => item.name ?? item.title);
  };

  it('finds people by name, Hangul, romanization variant or stage name', async () => {
    const created = await send('POST', '/people', {
      person: { name: 'Lee Jae-wook', name_ko: '이재욱', aliases: ['Lee Jaewook', 'Jae_wook'] },
    });
    personId = created.json<{ person: { id: number } }>().person.id;
    await send('POST', '/people', { person: { name: 'Go Youn-jung', name_ko: '고윤정' } });
    expect(names(await send('GET', '/people'), 'people')).toEqual(['Go Youn-jung', 'Lee Jae-wook']);
    for (const q of ['jae-wook', '이재욱', 'JAEWOOK', 'jae_wook']) {
      expect(names(await send('GET', `/people?q=${encodeURIComponent(q)}`), 'people'), q).toEqual([
        'Lee Jae-wook',
      ]);
    }
    // "_" is a character, not LIKE's any-one-character.
    expect(names(await send('GET', `/people?q=${encodeURIComponent('jae_')}`), 'people')).toEqual([
      'Lee Jae-wook',
    ]);
    expect(names(await send('GET', '/people?q=nobody'), 'people')).toEqual([]);
    expect((await send('GET', '/people?page=0')).statusCode).toBe(400);
  });

  it('lists groups and a person’s memberships with their ids', async () => {
    const group = await send('POST', '/groups', { group: { name: 'Harbour Five', kind: 'band' } });
    groupId = group.json<{ group: { id: number } }>().group.id;
    const membership = await send('POST', '/memberships', {
      membership: {
        group_id: groupId,
        person_id: personId,
        role: 'vocal',
        start_date: '2020-01-01',
      },
    });
    expect(membership.statusCode).toBe(201);
    const membershipId = membership.json<{ membership: { id: number } }>().membership.id;
    expect(names(await send('GET', '/groups?q=harbour'), 'groups')).toEqual(['Harbour Five']);
    const res = await send('GET', `/memberships?person_id=${personId}`);
    expect(res.statusCode).toBe(200);
    const listed = res.json<{
      memberships: { id: number; role: string; group: { id: number; name: string } }[];
    }>().memberships;
    expect(listed.map((m) => [m.id, m.role, m.group.id, m.group.name])).toEqual([
      [membershipId, 'vocal', groupId, 'Harbour Five'],
    ]);
    expect((await send('GET', `/memberships?group_id=${groupId + 1}`)).json()).toMatchObject({
      memberships: [],
    });
  });

  it('lists a person’s events, past ones too, with who takes part', async () => {
    for (const [title, startsAt] of [
      ['Past fan meeting', '2025-03-01T18:00'],
      ['Future showcase', '2027-03-01T18:00'],
    ] as const) {
      const res = await send('POST', '/events', {
        event: {
          title,
          kind: 'fan_meeting',
          starts_at: startsAt,
          zone: 'Asia/Seoul',
          people: [personId],
        },
      });
      expect(res.statusCode).toBe(201);
    }
    await send('POST', '/events', {
      event: {
        title: 'Somebody else',
        kind: 'other',
        starts_at: '2027-01-01T10:00',
        zone: 'Asia/Seoul',
      },
    });
    const res = await send('GET', `/events?person_id=${personId}`);
    expect(names(res, 'events')).toEqual(['Future showcase', 'Past fan meeting']);
    expect(
      res.json<{ events: { people: { id: number; name: string }[] }[] }>().events[0]?.people,
    ).toEqual([{ id: personId, name: 'Lee Jae-wook' }]);
    expect(names(await send('GET', '/events?q=showcase'), 'events')).toEqual(['Future showcase']);
  });

  it('refuses the lists to roles below editor', async () => {
    const author = (await createApiKey(t.db, t.clock, { name: 'a', role: 'contributor' })).key;
    for (const url of ['/people', '/groups', '/memberships', '/events']) {
      expect((await send('GET', url, undefined, author)).statusCode, url).toBe(403);
    }
  });
});
