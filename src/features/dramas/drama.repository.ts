import type { ExpressionBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import {
  parseStringList,
  showPath,
  type CharacterView,
  type EpisodeAirInfo,
  type EpisodeView,
  type NetworkView,
  type ShowCredit,
  type ShowEvent,
  type ShowSummary,
  type SlotView,
} from './drama.model.js';
import type { ShowRow } from './drama.table.js';

/*
 * Plain query functions over Kysely, each taking `db | trx`. Every list is loaded in one query
 * (or one per relation for a page), never one per item.
 */

function episodeInfoQuery(db: DbOrTrx) {
  return db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .innerJoin('shows', 'shows.id', 'parts.show_id')
    .select([
      'episodes.id',
      'episodes.number',
      'episodes.kind',
      'episodes.title',
      'episodes.air_instant',
      'episodes.zone',
      'episodes.runtime_minutes',
      'episodes.note',
      'episodes.sequence',
      'parts.number as part_number',
      'parts.title as part_title',
      'parts.subtitle as part_subtitle',
      'shows.id as show_id',
      'shows.slug as show_slug',
      'shows.title as show_title',
    ]);
}

type EpisodeInfoRow = Awaited<
  ReturnType<ReturnType<typeof episodeInfoQuery>['executeTakeFirstOrThrow']>
>;

/** An episode with its show and part, also carrying the fields the API shows. */
export type EpisodeListing = EpisodeAirInfo & Omit<EpisodeView, keyof EpisodeAirInfo>;

function toListing(row: EpisodeInfoRow): EpisodeListing {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    airInstant: row.air_instant,
    zone: row.zone,
    runtimeMinutes: row.runtime_minutes,
    note: row.note,
    sequence: row.sequence,
    show: { id: row.show_id, slug: row.show_slug, title: row.show_title },
    part: { number: row.part_number, title: row.part_title, subtitle: row.part_subtitle },
  };
}

/** Episodes by id, with show and part, in one query. */
export async function findEpisodesByIds(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<EpisodeListing[]> {
  if (ids.length === 0) return [];
  const rows = await episodeInfoQuery(db)
    .where('episodes.id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(toListing);
}

export interface EpisodeFilter {
  showId?: number;
  /** Episodes of any of these shows. */
  showIds?: readonly number[];
  /** Inclusive lower bound, stored instant form. */
  from?: string;
  /** Exclusive upper bound, stored instant form. */
  to?: string;
}

function whereEpisodes(filter: EpisodeFilter) {
  return (eb: ExpressionBuilder<Database, 'episodes' | 'parts' | 'shows'>) =>
    eb.and([
      ...(filter.showId !== undefined ? [eb('shows.id', '=', filter.showId)] : []),
      ...(filter.showIds !== undefined
        ? [filter.showIds.length > 0 ? eb('shows.id', 'in', [...filter.showIds]) : eb.lit(false)]
        : []),
      ...(filter.from !== undefined ? [eb('episodes.air_instant', '>=', filter.from)] : []),
      ...(filter.to !== undefined ? [eb('episodes.air_instant', '<', filter.to)] : []),
    ]);
}

/** Episodes matching `filter` in air order (then show, part and number for ties). */
export async function listEpisodes(
  db: DbOrTrx,
  filter: EpisodeFilter,
  page: { limit: number; offset: number },
): Promise<EpisodeListing[]> {
  const rows = await episodeInfoQuery(db)
    .where(whereEpisodes(filter))
    .orderBy('episodes.air_instant')
    .orderBy('shows.id')
    .orderBy('parts.number')
    .orderBy('episodes.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toListing);
}

export async function countEpisodes(db: DbOrTrx, filter: EpisodeFilter): Promise<number> {
  const row = await db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .innerJoin('shows', 'shows.id', 'parts.show_id')
    .where(whereEpisodes(filter))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findShowBySlug(db: DbOrTrx, slug: string): Promise<ShowRow | undefined> {
  return db.selectFrom('shows').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listShowRows(
  db: DbOrTrx,
  page: { limit: number; offset: number },
): Promise<ShowRow[]> {
  return db
    .selectFrom('shows')
    .selectAll()
    .orderBy('title')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countShows(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('shows')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Networks of each show, in their listed order. */
export async function networksOfShows(
  db: DbOrTrx,
  showIds: readonly number[],
): Promise<Map<number, NetworkView[]>> {
  const result = new Map<number, NetworkView[]>();
  if (showIds.length === 0) return result;
  const rows = await db
    .selectFrom('show_networks')
    .innerJoin('networks', 'networks.id', 'show_networks.network_id')
    .where('show_networks.show_id', 'in', [...showIds])
    .select([
      'show_networks.show_id',
      'networks.id',
      'networks.slug',
      'networks.name',
      'networks.kind',
      'networks.url',
    ])
    .orderBy('show_networks.position')
    .orderBy('networks.name')
    .execute();
  for (const { show_id, ...network } of rows) {
    const list = result.get(show_id) ?? [];
    list.push(network);
    result.set(show_id, list);
  }
  return result;
}

export function toShowSummary(row: ShowRow, networks: NetworkView[]): ShowSummary {
  return {
    id: row.id,
    slug: row.slug,
    path: showPath(row.slug),
    title: row.title,
    titleKo: row.title_ko,
    aliases: parseStringList(row.aliases),
    genres: parseStringList(row.genres),
    synopsis: row.synopsis,
    isFictional: row.is_fictional === 1,
    networks,
  };
}

export async function partsOfShow(db: DbOrTrx, showId: number) {
  return db
    .selectFrom('parts')
    .selectAll()
    .where('show_id', '=', showId)
    .orderBy('number')
    .execute();
}

/** Broadcast slots of the show's parts, keyed by part id. */
export async function slotsOfShow(db: DbOrTrx, showId: number): Promise<Map<number, SlotView[]>> {
  const rows = await db
    .selectFrom('broadcast_slots')
    .innerJoin('parts', 'parts.id', 'broadcast_slots.part_id')
    .leftJoin('networks', 'networks.id', 'broadcast_slots.network_id')
    .where('parts.show_id', '=', showId)
    .select([
      'broadcast_slots.part_id',
      'broadcast_slots.weekday',
      'broadcast_slots.local_time',
      'broadcast_slots.zone',
      'networks.name as network',
    ])
    .orderBy('broadcast_slots.id')
    .execute();
  const result = new Map<number, SlotView[]>();
  for (const row of rows) {
    const list = result.get(row.part_id) ?? [];
    // Sunday (0) last, so that a Sat/Sun show reads "Saturday, Sunday".
    list.push({
      weekday: row.weekday,
      localTime: row.local_time,
      zone: row.zone,
      network: row.network,
    });
    list.sort((a, b) => ((a.weekday + 6) % 7) - ((b.weekday + 6) % 7));
    result.set(row.part_id, list);
  }
  return result;
}

/** Episodes of the show, keyed by part id, in air order. */
export async function episodesOfShow(
  db: DbOrTrx,
  showId: number,
): Promise<Map<number, EpisodeView[]>> {
  const rows = await db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .where('parts.show_id', '=', showId)
    .selectAll('episodes')
    .orderBy('episodes.air_instant')
    .orderBy('episodes.id')
    .execute();
  const result = new Map<number, EpisodeView[]>();
  for (const row of rows) {
    const list = result.get(row.part_id) ?? [];
    list.push({
      id: row.id,
      number: row.number,
      kind: row.kind,
      title: row.title,
      airInstant: row.air_instant,
      zone: row.zone,
      runtimeMinutes: row.runtime_minutes,
      note: row.note,
      sequence: row.sequence,
    });
    result.set(row.part_id, list);
  }
  return result;
}

export async function charactersOfShow(db: DbOrTrx, showId: number): Promise<CharacterView[]> {
  const rows = await db
    .selectFrom('characters')
    .select(['id', 'slug', 'name', 'name_ko', 'aliases', 'description'])
    .where('show_id', '=', showId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    nameKo: row.name_ko,
    aliases: parseStringList(row.aliases),
    description: row.description,
  }));
}

/** Cast and crew of the show, by billing. */
export async function creditsOfShow(db: DbOrTrx, showId: number): Promise<ShowCredit[]> {
  const rows = await db
    .selectFrom('credits')
    .innerJoin('people', 'people.id', 'credits.person_id')
    .leftJoin('characters', 'characters.id', 'credits.character_id')
    .leftJoin('parts', 'parts.id', 'credits.part_id')
    .where('credits.show_id', '=', showId)
    .select([
      'credits.kind',
      'credits.role',
      'credits.billing',
      'parts.number as part_number',
      'people.id as person_id',
      'people.slug as person_slug',
      'people.name as person_name',
      'people.name_ko as person_name_ko',
      'characters.id as character_id',
      'characters.slug as character_slug',
      'characters.name as character_name',
      'characters.name_ko as character_name_ko',
    ])
    .orderBy('credits.billing')
    .orderBy('credits.id')
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    role: row.role,
    billing: row.billing,
    partNumber: row.part_number,
    person: {
      id: row.person_id,
      slug: row.person_slug,
      name: row.person_name,
      nameKo: row.person_name_ko,
    },
    character:
      row.character_id === null || row.character_slug === null || row.character_name === null
        ? null
        : {
            id: row.character_id,
            slug: row.character_slug,
            name: row.character_name,
            nameKo: row.character_name_ko,
          },
  }));
}

/** Events not over by `nowIso` in which someone credited on the show takes part, soonest first. */
export async function upcomingEventsOfShow(
  db: DbOrTrx,
  showId: number,
  nowIso: string,
): Promise<ShowEvent[]> {
  const rows = await db
    .selectFrom('events')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_people')
          .innerJoin('credits', 'credits.person_id', 'event_people.person_id')
          .whereRef('event_people.event_id', '=', 'events.id')
          .where('credits.show_id', '=', showId)
          .select('event_people.event_id'),
      ),
    )
    .where((eb) =>
      eb.or([eb('events.starts_at', '>=', nowIso), eb('events.ends_at', '>=', nowIso)]),
    )
    .select(['id', 'slug', 'title', 'venue', 'city', 'country', 'starts_at', 'zone'])
    .orderBy('starts_at')
    .limit(10)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    place: [row.venue, row.city, row.country]
      .filter((part): part is string => Boolean(part))
      .join(', '),
    startsAt: row.starts_at,
    zone: row.zone,
  }));
}
