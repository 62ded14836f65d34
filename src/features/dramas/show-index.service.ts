import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { ValidationFailed } from '../../lib/errors.js';
import type { NetworkView, ShowSummary } from './drama.model.js';
import * as repo from './drama.repository.js';
import { pagination, SCHEDULE_ZONE, type Page, type Pagination } from './drama.service.js';
import * as index from './show-index.repository.js';

/*
 * The shows index (/shows): every show, or those airing, upcoming or finished, on one network,
 * or running in one year. Years are counted in Korean time (SCHEDULE_ZONE), as the dramas'
 * own broadcasters count them.
 */

export const SHOW_INDEX_STATUSES = ['airing', 'upcoming', 'finished'] as const;
export type ShowIndexStatus = (typeof SHOW_INDEX_STATUSES)[number];

/** The filters as they arrive in the query string (already length- and range-checked). */
export interface ShowIndexQuery {
  status?: string;
  network?: string;
  year?: number;
}

/** A show in the index, with where its run stands now. */
export interface ShowIndexEntry extends ShowSummary {
  status: ShowIndexStatus | 'unscheduled';
  /** Years of its run in Korean time ("2022", "2022–2023"), or null before any episode is set. */
  years: string | null;
}

export interface ShowIndex {
  shows: ShowIndexEntry[];
  pagination: Pagination;
  /** The filters in force, as they appear in the page's own links. */
  filter: { status?: ShowIndexStatus; network?: { slug: string; name: string }; year?: number };
  /** The choices of the network and year filters. */
  networks: { slug: string; name: string }[];
  years: number[];
  /** The next instant (epoch ms) at which some show's status changes, if any. */
  nextChange: number | undefined;
}

const isStatus = (value: string): value is ShowIndexStatus =>
  (SHOW_INDEX_STATUSES as readonly string[]).includes(value);

const koreanYear = (instant: string) => DateTime.fromISO(instant, { zone: SCHEDULE_ZONE }).year;

function yearBounds(year: number): { from: string; to: string } {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: SCHEDULE_ZONE });
  return {
    from: start.toUTC().toISO() ?? '',
    to: start.plus({ years: 1 }).toUTC().toISO() ?? '',
  };
}

function statusAt(row: index.ShowIndexRow, now: string): ShowIndexEntry['status'] {
  if (row.first_air === null || row.last_air === null) return 'unscheduled';
  if (row.first_air > now) return 'upcoming';
  return row.last_air <= now ? 'finished' : 'airing';
}

function runYears(row: index.ShowIndexRow): string | null {
  if (row.first_air === null || row.last_air === null) return null;
  const first = koreanYear(row.first_air);
  const last = koreanYear(row.last_air);
  return first === last ? String(first) : `${first}–${last}`;
}

/**
 * One page of the shows index.
 * @throws ValidationFailed for a status or network the index does not know
 */
export async function getShowIndex(
  db: DbOrTrx,
  query: ShowIndexQuery,
  page: Page,
  now: Date,
): Promise<ShowIndex> {
  const status = query.status;
  if (status !== undefined && !isStatus(status)) {
    throw new ValidationFailed(
      `status must be one of ${SHOW_INDEX_STATUSES.join(', ')}; leave it out to see every show.`,
      'status',
    );
  }
  const at = now.toISOString();
  const [networks, runs] = await Promise.all([index.listNetworksWithShows(db), index.listRuns(db)]);
  const network =
    query.network === undefined ? undefined : networks.find((n) => n.slug === query.network);
  if (query.network !== undefined && network === undefined) {
    throw new ValidationFailed(
      'network must be one of the networks listed on /shows; leave it out to see every network.',
      'network',
    );
  }
  const filter: index.ShowIndexFilter = {
    ...(status !== undefined && { status }),
    ...(network !== undefined && { networkId: network.id }),
    ...(query.year !== undefined && { years: yearBounds(query.year) }),
  };
  const [rows, total] = await Promise.all([
    index.listShowIndex(db, filter, at, {
      limit: page.limit,
      offset: (page.page - 1) * page.limit,
    }),
    index.countShowIndex(db, filter, at),
  ]);
  const networksOf = await repo.networksOfShows(
    db,
    rows.map((row) => row.id),
  );
  const years = new Set<number>();
  for (const run of runs) {
    for (let year = koreanYear(run.first_air); year <= koreanYear(run.last_air); year++) {
      years.add(year);
    }
  }
  const changes = runs
    .flatMap((run) => [Date.parse(run.first_air), Date.parse(run.last_air)])
    .filter((t) => t > now.getTime());
  return {
    shows: rows.map((row) => ({
      ...repo.toShowSummary(row, networksOf.get(row.id) ?? ([] as NetworkView[])),
      status: statusAt(row, at),
      years: runYears(row),
    })),
    pagination: pagination(page, total),
    filter: {
      ...(status !== undefined && { status }),
      ...(network !== undefined && { network: { slug: network.slug, name: network.name } }),
      ...(query.year !== undefined && { year: query.year }),
    },
    networks: networks.map(({ slug, name }) => ({ slug, name })),
    years: [...years].sort((a, b) => b - a),
    nextChange: changes.length > 0 ? Math.min(...changes) : undefined,
  };
}
