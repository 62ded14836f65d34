import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { getPersonDetail, pageOfPeople } from '../people/index.js';
import { seedDramaDemo } from './demo.js';
import {
  findEpisodeAirInfo,
  getSchedule,
  getShowDetail,
  listEpisodesAiringBetween,
  pageOfEpisodes,
  pageOfShows,
} from './drama.service.js';

describe.each(DIALECTS)('dramas on %s', (dialect) => {
  const now = new Date('2026-11-30T03:00:00Z');
  let handle: TestDb;
  beforeAll(async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => seedDramaDemo(trx, () => now));
  });
  afterAll(async () => {
    await handle.close();
  });

  it('finds air info for episode 9 of Part 2 by id, in one call', async () => {
    const row = await handle.db
      .selectFrom('episodes')
      .innerJoin('parts', 'parts.id', 'episodes.part_id')
      .where('parts.number', '=', 2)
      .where('episodes.number', '=', 9)
      .select('episodes.id')
      .executeTakeFirstOrThrow();
    const info = await findEpisodeAirInfo(handle.db, [row.id, 999_999]);
    expect(info.size).toBe(1);
    expect(info.get(row.id)).toEqual({
      id: row.id,
      number: 9,
      kind: 'regular',
      title: null,
      airInstant: '2023-01-07T12:10:00.000Z',
      zone: 'Asia/Seoul',
      show: {
        id: expect.any(Number) as number,
        slug: 'alchemy-of-souls',
        title: 'Alchemy of Souls',
      },
      part: { number: 2, title: 'Part 2', subtitle: 'Light and Shadow' },
    });
    expect((await findEpisodeAirInfo(handle.db, [])).size).toBe(0);
  });

  it('lists episodes airing in a window, in air order', async () => {
    const episodes = await listEpisodesAiringBetween(
      handle.db,
      '2022-08-13T00:00:00Z',
      '2022-08-22T00:00:00Z',
    );
    expect(episodes.map((e) => [e.kind, e.number, e.airInstant])).toEqual([
      ['special', null, '2022-08-13T12:10:00.000Z'],
      ['special', null, '2022-08-14T12:10:00.000Z'],
      ['regular', 17, '2022-08-20T12:10:00.000Z'],
      ['regular', 18, '2022-08-21T12:10:00.000Z'],
    ]);
  });

  it('builds show details, lists and the schedule', async () => {
    const show = await getShowDetail(handle.db, 'alchemy-of-souls', now);
    expect(show.status.kind).toBe('finished');
    expect(show.parts.map((p) => p.episodes.length)).toEqual([22, 10]);
    expect(show.networks.map((n) => n.slug)).toEqual(['tvn', 'netflix']);
    expect(show.credits.filter((c) => c.kind === 'cast')).toHaveLength(7);
    const fictional = await getShowDetail(handle.db, 'moonlit-ledger', now);
    expect(fictional.status.kind).toBe('airing');
    expect(fictional.parts[0]?.episodes).toHaveLength(16);
    expect((await pageOfShows(handle.db, { page: 1, limit: 10 })).pagination.total).toBe(2);
    const page = await pageOfEpisodes(
      handle.db,
      { show: 'moonlit-ledger', from: '2026-11-30' },
      { page: 1, limit: 3 },
    );
    expect(page.pagination.total).toBeGreaterThan(0);
    const schedule = await getSchedule(handle.db, now);
    expect(schedule.days).toHaveLength(14);
    expect(schedule.days.flatMap((d) => d.episodes).length).toBe(4);
  });

  it('builds person details with groups, filmography and events', async () => {
    const person = await getPersonDetail(handle.db, 'hwang-min-hyun', now);
    expect(person.memberships.map((m) => m.group.slug)).toEqual(['nuest', 'wanna-one']);
    expect(person.filmography[0]?.character?.slug).toBe('seo-yul');
    expect(person.filmography[0]?.firstAir).toBe('2022-06-18T12:10:00.000Z');
    const lead = await getPersonDetail(handle.db, 'yoon-da-rim', now);
    expect(lead.upcomingEvents).toHaveLength(1);
    expect((await pageOfPeople(handle.db, { page: 1, limit: 100 })).people).toHaveLength(14);
  });
});
