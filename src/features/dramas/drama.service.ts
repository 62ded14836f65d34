import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { pagination, type Page, type Pagination } from '../../lib/pagination.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { dateInZone, toStoredInstant } from '../../lib/time.js';
import type { EpisodeAirInfo, PartView, ShowDetail, ShowSummary } from './drama.model.js';
import * as repo from './drama.repository.js';
import type { EpisodeListing } from './drama.repository.js';
import { computeShowStatus, type StatusEpisode } from './show-status.js';

// The one pagination helper (lib/pagination.ts), re-exported for this feature's callers.
export { pagination, type Page, type Pagination } from '../../lib/pagination.js';

function toAirInfo(listing: EpisodeListing): EpisodeAirInfo {
  const { id, number, kind, title, airInstant, zone, show, part } = listing;
  return { id, number, kind, title, airInstant, zone, show, part };
}

/**
 * Air information for the episodes an article's air-time blocks reference, in one query.
 * @returns a map by episode id; ids that do not exist are absent
 */
export async function findEpisodeAirInfo(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, EpisodeAirInfo>> {
  const rows = await repo.findEpisodesByIds(db, ids);
  return new Map(rows.map((row) => [row.id, toAirInfo(row)]));
}

/** Cap for schedule-like lists: two weeks of every show fits comfortably. */
const SCHEDULE_LIMIT = 500;

/**
 * Every episode (all shows) starting in [fromIso, toIso), in air order, in one query.
 * @param fromIso inclusive ISO-8601 instant
 * @param toIso exclusive ISO-8601 instant
 */
export async function listEpisodesAiringBetween(
  db: DbOrTrx,
  fromIso: string,
  toIso: string,
): Promise<EpisodeAirInfo[]> {
  const from = toStoredInstant(fromIso);
  const to = toStoredInstant(toIso);
  if (from === undefined || to === undefined) return [];
  const rows = await repo.listEpisodes(db, { from, to }, { limit: SCHEDULE_LIMIT, offset: 0 });
  return rows.map(toAirInfo);
}

/** The show page's (and the show API item's) data; status is computed at `now`. */
export async function getShowDetail(db: DbOrTrx, slug: string, now: Date): Promise<ShowDetail> {
  const show = await repo.findShowBySlug(db, slug);
  if (show === undefined) throw new NotFound(`There is no show at "${slug}".`);
  const [networks, partRows, slots, episodes, characters, credits, events] = await Promise.all([
    repo.networksOfShows(db, [show.id]),
    repo.partsOfShow(db, show.id),
    repo.slotsOfShow(db, show.id),
    repo.episodesOfShow(db, show.id),
    repo.charactersOfShow(db, show.id),
    repo.creditsOfShow(db, show.id),
    repo.upcomingEventsOfShow(db, show.id, now.toISOString()),
  ]);
  const parts: PartView[] = partRows.map((part) => ({
    id: part.id,
    number: part.number,
    title: part.title,
    subtitle: part.subtitle,
    subtitleKo: part.subtitle_ko,
    timeSkipNote: part.time_skip_note,
    slots: slots.get(part.id) ?? [],
    episodes: episodes.get(part.id) ?? [],
  }));
  const statusEpisodes: StatusEpisode[] = parts.flatMap((part) =>
    part.episodes.map((e) => ({ ...e, partNumber: part.number })),
  );
  return {
    ...repo.toShowSummary(show, networks.get(show.id) ?? []),
    parts,
    characters,
    credits,
    status: computeShowStatus(statusEpisodes, now),
    events,
  };
}

/** One page of shows, by title. */
export async function pageOfShows(
  db: DbOrTrx,
  page: Page,
): Promise<{ shows: ShowSummary[]; pagination: Pagination }> {
  const [rows, total] = await Promise.all([
    repo.listShowRows(db, { limit: page.limit, offset: (page.page - 1) * page.limit }),
    repo.countShows(db),
  ]);
  const networks = await repo.networksOfShows(
    db,
    rows.map((row) => row.id),
  );
  return {
    shows: rows.map((row) => repo.toShowSummary(row, networks.get(row.id) ?? [])),
    pagination: pagination(page, total),
  };
}

export interface EpisodeQuery {
  /** Show slug. */
  show?: string;
  /** ISO-8601 instant or date (inclusive). */
  from?: string;
  /** ISO-8601 instant or date (exclusive). */
  to?: string;
}

function instantParam(value: string | undefined, property: string): string | undefined {
  if (value === undefined) return undefined;
  // A date or time without an offset is read as UTC, never as the server's own zone.
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  const stored = parsed.isValid ? (parsed.toUTC().toISO() ?? undefined) : undefined;
  if (stored === undefined) {
    throw new ValidationFailed(
      `${property} must be an ISO-8601 date or instant such as 2023-01-07 or 2023-01-07T12:10:00Z.`,
      property,
    );
  }
  return stored;
}

/** One page of episodes filtered by show and date range, in air order. */
export async function pageOfEpisodes(
  db: DbOrTrx,
  query: EpisodeQuery,
  page: Page,
): Promise<{ episodes: EpisodeListing[]; pagination: Pagination }> {
  const from = instantParam(query.from, 'from');
  const to = instantParam(query.to, 'to');
  if (from !== undefined && to !== undefined && to < from) {
    throw new ValidationFailed('to must not be before from.', 'to');
  }
  let showId: number | undefined;
  if (query.show !== undefined) {
    const show = await repo.findShowBySlug(db, query.show);
    if (show === undefined) throw new NotFound(`There is no show at "${query.show}".`);
    showId = show.id;
  }
  const filter = {
    ...(showId !== undefined && { showId }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
  const [episodes, total] = await Promise.all([
    repo.listEpisodes(db, filter, { limit: page.limit, offset: (page.page - 1) * page.limit }),
    repo.countEpisodes(db, filter),
  ]);
  return { episodes, pagination: pagination(page, total) };
}

/** The zone the schedule is grouped in without JavaScript: the zone most dramas air in. */
export const SCHEDULE_ZONE = 'Asia/Seoul';

export interface ScheduleDay {
  /** YYYY-MM-DD in SCHEDULE_ZONE. */
  date: string;
  episodes: EpisodeAirInfo[];
}

export interface Schedule {
  /** Start of this week (Monday 00:00 in SCHEDULE_ZONE), ISO instant. */
  from: string;
  /** End of next week, exclusive. */
  to: string;
  days: ScheduleDay[];
  /**
   * Episodes outside the KST window that fall in some reader's own this week and next: a
   * reader's Monday is at most 8 days before now and the window ends at most 14 days after.
   * Sent hidden; the schedule island shows those in the reader's own window.
   */
  edges: EpisodeAirInfo[];
  /** The instant the schedule was made for (ISO): the island finds the reader's week from it. */
  now: string;
}

/** This week and next (Monday to Sunday, in KST), every episode grouped by its KST day. */
export async function getSchedule(db: DbOrTrx, now: Date): Promise<Schedule> {
  const weekStart = DateTime.fromJSDate(now).setZone(SCHEDULE_ZONE).startOf('week');
  const from = weekStart.toUTC().toISO() ?? '';
  const to = weekStart.plus({ weeks: 2 }).toUTC().toISO() ?? '';
  const nowUtc = DateTime.fromJSDate(now).toUTC();
  const edgeFrom = nowUtc.minus({ days: 8 }).toISO() ?? '';
  const edgeTo = nowUtc.plus({ days: 15 }).toISO() ?? '';
  const around = await listEpisodesAiringBetween(
    db,
    edgeFrom < from ? edgeFrom : from,
    edgeTo > to ? edgeTo : to,
  );
  const inWindow = (e: EpisodeAirInfo) => {
    const at = Date.parse(e.airInstant);
    return at >= Date.parse(from) && at < Date.parse(to);
  };
  const episodes = around.filter(inWindow);
  const edges = around.filter((e) => !inWindow(e));
  const days: ScheduleDay[] = [];
  for (let offset = 0; offset < 14; offset++) {
    const date = weekStart.plus({ days: offset }).toISODate() ?? '';
    days.push({
      date,
      episodes: episodes.filter((e) => dateInZone(e.airInstant, SCHEDULE_ZONE) === date),
    });
  }
  return { from, to, days, edges, now: nowUtc.toISO() ?? '' };
}
