import type { DbOrTrx } from '../../db/database.js';
import type { ShowRow } from './drama.table.js';

/*
 * Queries of the shows index (/shows): shows with their run (first and last regular episode),
 * filtered by status, network and year in SQL so that pages and counts agree.
 */

/** Each show's run: the air instants of its first and last regular episode (specials aside). */
function runs(db: DbOrTrx) {
  return db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .where('episodes.kind', '=', 'regular')
    .select((eb) => [
      'parts.show_id',
      eb.fn.min('episodes.air_instant').as('first_air'),
      eb.fn.max('episodes.air_instant').as('last_air'),
    ])
    .groupBy('parts.show_id');
}

/** What the index is narrowed to; instants are in the stored form (UTC, ms, Z). */
export interface ShowIndexFilter {
  /** Same boundaries as computeShowStatus: airing includes a break between episodes. */
  status?: 'airing' | 'upcoming' | 'finished';
  networkId?: number;
  /** Shows whose run overlaps [from, to). */
  years?: { from: string; to: string };
}

function filteredShows(db: DbOrTrx, filter: ShowIndexFilter, now: string) {
  let query = db.selectFrom('shows').leftJoin(runs(db).as('runs'), 'runs.show_id', 'shows.id');
  if (filter.status === 'upcoming') query = query.where('runs.first_air', '>', now);
  if (filter.status === 'finished') query = query.where('runs.last_air', '<=', now);
  if (filter.status === 'airing') {
    query = query.where('runs.first_air', '<=', now).where('runs.last_air', '>', now);
  }
  if (filter.networkId !== undefined) {
    const networkId = filter.networkId;
    query = query.where('shows.id', 'in', (eb) =>
      eb.selectFrom('show_networks').select('show_id').where('network_id', '=', networkId),
    );
  }
  if (filter.years !== undefined) {
    query = query
      .where('runs.first_air', '<', filter.years.to)
      .where('runs.last_air', '>=', filter.years.from);
  }
  return query;
}

export type ShowIndexRow = ShowRow & { first_air: string | null; last_air: string | null };

/** One page of the filtered shows, by title. */
export function listShowIndex(
  db: DbOrTrx,
  filter: ShowIndexFilter,
  now: string,
  page: { limit: number; offset: number },
): Promise<ShowIndexRow[]> {
  return filteredShows(db, filter, now)
    .selectAll('shows')
    .select(['runs.first_air', 'runs.last_air'])
    .orderBy('shows.title')
    .orderBy('shows.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countShowIndex(
  db: DbOrTrx,
  filter: ShowIndexFilter,
  now: string,
): Promise<number> {
  const row = await filteredShows(db, filter, now)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every show's run (one row per show with episodes): the years to offer, and when statuses change. */
export function listRuns(db: DbOrTrx): Promise<{ first_air: string; last_air: string }[]> {
  return db.selectFrom(runs(db).as('runs')).select(['runs.first_air', 'runs.last_air']).execute();
}

/** The networks that have at least one show, by name: the network filter's choices. */
export function listNetworksWithShows(db: DbOrTrx) {
  return db
    .selectFrom('networks')
    .where('networks.id', 'in', (eb) => eb.selectFrom('show_networks').select('network_id'))
    .select(['networks.id', 'networks.slug', 'networks.name'])
    .orderBy('networks.name')
    .orderBy('networks.id')
    .execute();
}
