import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

type Node = Record<string, unknown>;

describe('Content API: parts, characters, credits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the parts of a show with slots, counts and urls, and one part with episodes', async () => {
    const res = await t.app.inject('/api/content/v1/parts?show=alchemy-of-souls');
    expect(res.statusCode).toBe(200);
    const { parts, meta } = res.json<{ parts: Node[]; meta: { pagination: Node } }>();
    expect(meta.pagination).toMatchObject({ total: 2 });
    expect(parts[1]).toMatchObject({
      number: 2,
      subtitle: 'Light and Shadow',
      episode_count: 10,
      first_air: '2022-12-10T12:10:00.000Z',
      url: 'http://deho.test/shows/alchemy-of-souls#part-2',
      broadcast_slots: expect.arrayContaining([
        expect.objectContaining({ weekday: 6, local_time: '21:10', zone: 'Asia/Seoul' }),
      ]) as unknown,
    });
    const one = await t.app.inject(`/api/content/v1/parts/${String(parts[1]?.id)}`);
    expect(one.json<{ part: { episodes: unknown[] } }>().part.episodes).toHaveLength(10);
    expect((await t.app.inject('/api/content/v1/parts/999999')).statusCode).toBe(404);
    expect((await t.app.inject('/api/content/v1/parts?show=nope')).statusCode).toBe(404);
    expect((await t.app.inject('/api/content/v1/parts?page=0')).statusCode).toBe(400);
  });

  it('lists characters with the people who play them', async () => {
    const res = await t.app.inject('/api/content/v1/characters?show=alchemy-of-souls&limit=100');
    const { characters } = res.json<{ characters: Node[] }>();
    expect(characters.find((c) => c.slug === 'jin-cho-yeon')).toMatchObject({
      name: 'Jin Cho-yeon',
      played_by: [expect.objectContaining({ slug: 'arin', url: 'http://deho.test/people/arin' })],
      show: expect.objectContaining({ slug: 'alchemy-of-souls' }) as unknown,
    });
    expect((await t.app.inject('/api/content/v1/characters/999999')).statusCode).toBe(404);
  });

  it('filters credits by show, person and kind', async () => {
    let res = await t.app.inject('/api/content/v1/credits?show=alchemy-of-souls&kind=crew');
    const crew = res.json<{ credits: { role: string; person: { slug: string } }[] }>().credits;
    expect(crew.map((c) => [c.role, c.person.slug])).toEqual([
      ['writer', 'hong-jung-eun'],
      ['writer', 'hong-mi-ran'],
      ['director', 'park-joon-hwa'],
    ]);
    res = await t.app.inject('/api/content/v1/credits?person=go-yoon-jung');
    expect(res.json<{ credits: Node[] }>().credits).toEqual([
      expect.objectContaining({
        kind: 'cast',
        part: 2,
        character: expect.objectContaining({ slug: 'jin-bu-yeon' }) as unknown,
      }),
    ]);
    expect((await t.app.inject('/api/content/v1/credits?kind=extra')).statusCode).toBe(400);
    expect((await t.app.inject('/api/content/v1/credits?person=nobody')).statusCode).toBe(404);
  });
});
