import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * What the admin screens read besides the item routes: the show list with search and status,
 * the generation preview (which must write nothing), and credits with their ids.
 */

type Json = Record<string, unknown>;

interface ShowRow {
  id: number;
  title: string;
  status: string;
  episode_count: number;
}
interface PreviewEpisode {
  id: number | null;
  number: number | null;
  air_instant: string;
  change: string;
  previous_air_instant: string | null;
}

describe('Admin API lists for the drama screens', () => {
  let t: TestApp;
  let key = '';
  let showId = 0;
  let partId = 0;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-11-30T03:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'editor', role: 'editor' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Json, bearer = key) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${bearer}` },
      ...(payload !== undefined && { payload }),
    });
  const episodeCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('episodes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('previews a generation without writing, then generates exactly that', async () => {
    let res = await send('POST', '/shows', {
      show: { title: 'Preview Harbour', title_ko: '미리보기 항구', aliases: ['Harbour 50%'] },
    });
    showId = res.json<{ show: { id: number } }>().show.id;
    res = await send('POST', '/parts', {
      part: {
        show_id: showId,
        number: 1,
        slots: [
          { weekday: 6, local_time: '21:10', zone: 'Asia/Seoul' },
          { weekday: 0, local_time: '21:10', zone: 'Asia/Seoul' },
        ],
      },
    });
    partId = res.json<{ part: { id: number } }>().part.id;
    const generation = { start_date: '2026-12-05', count: 4, skip_dates: ['2026-12-12'] };

    res = await send('POST', `/parts/${partId}/episodes/preview`, { generation });
    expect(res.statusCode).toBe(200);
    const preview = res.json<{ preview: { inserted: number; episodes: PreviewEpisode[] } }>()
      .preview;
    expect(preview.inserted).toBe(4);
    // Sat 5, Sun 6, (Sat 12 skipped) Sun 13, Sat 19 December, 21:10 in Seoul = 12:10 UTC.
    expect(preview.episodes.map((e) => [e.number, e.air_instant, e.change])).toEqual([
      [1, '2026-12-05T12:10:00.000Z', 'new'],
      [2, '2026-12-06T12:10:00.000Z', 'new'],
      [3, '2026-12-13T12:10:00.000Z', 'new'],
      [4, '2026-12-19T12:10:00.000Z', 'new'],
    ]);
    expect(await episodeCount()).toBe(0);

    res = await send('POST', `/parts/${partId}/episodes/generate`, { generation });
    expect(res.json<{ generation: { inserted: number } }>().generation.inserted).toBe(4);
    expect(await episodeCount()).toBe(4);

    // Without the week off, episode 3 would move a day earlier and 4 would follow it.
    res = await send('POST', `/parts/${partId}/episodes/preview`, {
      generation: { start_date: '2026-12-05', count: 4 },
    });
    const again = res.json<{ preview: { updated: number; episodes: PreviewEpisode[] } }>().preview;
    expect(again.updated).toBe(2);
    const third = again.episodes.find((e) => e.number === 3);
    expect(third).toMatchObject({
      change: 'moved',
      air_instant: '2026-12-12T12:10:00.000Z',
      previous_air_instant: '2026-12-13T12:10:00.000Z',
    });
    expect(await episodeCount()).toBe(4);
  });

  it('refuses a bad preview with a 4xx that names the field', async () => {
    let res = await send('POST', `/parts/${partId}/episodes/preview`, {
      generation: { start_date: '2026-02-30', count: 4 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { property: string } }>().error.property).toBe('start_date');
    res = await send('POST', `/parts/999999/episodes/preview`, {
      generation: { start_date: '2026-12-05', count: 4 },
    });
    expect(res.statusCode).toBe(404);
  });

  it('lists shows by title, Korean title or alias, with their status', async () => {
    await send('POST', '/shows', { show: { title: 'Quiet Orchard' } });
    let res = await send('GET', '/shows?limit=100');
    expect(res.statusCode).toBe(200);
    const all = res.json<{ shows: ShowRow[] }>().shows;
    expect(all.map((s) => [s.title, s.status, s.episode_count])).toEqual([
      ['Preview Harbour', 'upcoming', 4],
      ['Quiet Orchard', 'unscheduled', 0],
    ]);
    for (const q of ['harbour', '항구', '50%']) {
      res = await send('GET', `/shows?q=${encodeURIComponent(q)}`);
      expect(
        res.json<{ shows: ShowRow[] }>().shows.map((s) => s.title),
        q,
      ).toEqual(['Preview Harbour']);
    }
    // "%" is a character to find, not a wildcard.
    res = await send('GET', `/shows?q=${encodeURIComponent('%')}`);
    expect(res.json<{ shows: ShowRow[] }>().shows.map((s) => s.title)).toEqual(['Preview Harbour']);
    res = await send('GET', '/shows?status=unscheduled');
    const unscheduled = res.json<{ shows: ShowRow[]; meta: { pagination: { total: number } } }>();
    expect(unscheduled.shows.map((s) => s.title)).toEqual(['Quiet Orchard']);
    expect(unscheduled.meta.pagination.total).toBe(1);
    expect((await send('GET', '/shows?status=paused')).statusCode).toBe(400);
    expect((await send('GET', '/shows?limit=0')).statusCode).toBe(400);
  });

  it('lists the credits of a show and of a person with their ids', async () => {
    const person = (
      await send('POST', '/people', { person: { name: 'Credit Person', aliases: ['C. Person'] } })
    ).json<{ person: { id: number } }>().person;
    const character = (
      await send('POST', '/characters', { character: { show_id: showId, name: 'Harbour Master' } })
    ).json<{ character: { id: number } }>().character;
    const created = await send('POST', '/credits', {
      credit: {
        person_id: person.id,
        show_id: showId,
        character_id: character.id,
        kind: 'cast',
        role: 'lead',
      },
    });
    const creditId = created.json<{ credit: { id: number } }>().credit.id;
    for (const query of [`show_id=${showId}`, `person_id=${person.id}`]) {
      const res = await send('GET', `/credits?${query}`);
      expect(res.statusCode).toBe(200);
      const credits = res.json<{
        credits: { id: number; person: { id: number }; character: { name: string } }[];
      }>().credits;
      expect(credits.map((c) => [c.id, c.person.id, c.character.name])).toEqual([
        [creditId, person.id, 'Harbour Master'],
      ]);
    }
    expect((await send('GET', '/credits?show_id=abc')).statusCode).toBe(400);
  });

  it('refuses the lists to roles below editor', async () => {
    const author = (await createApiKey(t.db, t.clock, { name: 'a', role: 'author' })).key;
    for (const url of ['/shows', '/credits']) {
      expect((await send('GET', url, undefined, author)).statusCode).toBe(403);
    }
    const res = await send(
      'POST',
      `/parts/${partId}/episodes/preview`,
      { generation: { start_date: '2026-12-05', count: 1 } },
      author,
    );
    expect(res.statusCode).toBe(403);
  });
});
