import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';
import { episodePath, parseStringList, showPath } from './drama.model.js';
import { pagination, type Page, type Pagination } from './drama.service.js';

/*
 * Content API lists of parts, characters and credits: queries and JSON in one place, one query
 * per relation (never one per item). Every filter by slug answers 404 for an unknown slug, like
 * GET /episodes?show=.
 */

const offset = (page: Page) => ({ limit: page.limit, offset: (page.page - 1) * page.limit });

async function showIdOf(db: DbOrTrx, slug: string | undefined): Promise<number | undefined> {
  if (slug === undefined) return undefined;
  const row = await db.selectFrom('shows').select('id').where('slug', '=', slug).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no show at "${slug}".`);
  return row.id;
}

async function personIdOf(db: DbOrTrx, slug: string | undefined): Promise<number | undefined> {
  if (slug === undefined) return undefined;
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no person at "${slug}".`);
  return row.id;
}

const count = (rows: { n: number | string } | undefined) => Number(rows?.n ?? 0);

// ---- Parts ----

function partQuery(db: DbOrTrx) {
  return db
    .selectFrom('parts')
    .innerJoin('shows', 'shows.id', 'parts.show_id')
    .select((eb) => [
      'parts.id',
      'parts.number',
      'parts.title',
      'parts.subtitle',
      'parts.subtitle_ko',
      'parts.time_skip_note',
      'shows.id as show_id',
      'shows.slug as show_slug',
      'shows.title as show_title',
      eb
        .selectFrom('episodes')
        .whereRef('episodes.part_id', '=', 'parts.id')
        .where('episodes.kind', '=', 'regular')
        .select((sub) => sub.fn.countAll<number | string>().as('n'))
        .as('episode_count'),
      eb
        .selectFrom('episodes')
        .whereRef('episodes.part_id', '=', 'parts.id')
        .select((sub) => sub.fn.min('episodes.air_instant').as('first'))
        .as('first_air'),
      eb
        .selectFrom('episodes')
        .whereRef('episodes.part_id', '=', 'parts.id')
        .select((sub) => sub.fn.max('episodes.air_instant').as('last'))
        .as('last_air'),
    ]);
}

type PartListRow = Awaited<ReturnType<ReturnType<typeof partQuery>['executeTakeFirstOrThrow']>>;

async function slotsOf(db: DbOrTrx, partIds: readonly number[]) {
  const result = new Map<
    number,
    { weekday: number; local_time: string; zone: string; network: string | null }[]
  >();
  if (partIds.length === 0) return result;
  const rows = await db
    .selectFrom('broadcast_slots')
    .leftJoin('networks', 'networks.id', 'broadcast_slots.network_id')
    .where('broadcast_slots.part_id', 'in', [...partIds])
    .select([
      'broadcast_slots.part_id',
      'broadcast_slots.weekday',
      'broadcast_slots.local_time',
      'broadcast_slots.zone',
      'networks.slug as network',
    ])
    .orderBy('broadcast_slots.id')
    .execute();
  for (const { part_id, ...slot } of rows) {
    result.set(part_id, [...(result.get(part_id) ?? []), slot]);
  }
  return result;
}

function toApiPart(row: PartListRow, slots: Awaited<ReturnType<typeof slotsOf>>, baseUrl: string) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    subtitle: row.subtitle,
    subtitle_ko: row.subtitle_ko,
    time_skip_note: row.time_skip_note,
    episode_count: Number(row.episode_count ?? 0),
    first_air: row.first_air ?? null,
    last_air: row.last_air ?? null,
    broadcast_slots: slots.get(row.id) ?? [],
    show: {
      id: row.show_id,
      slug: row.show_slug,
      title: row.show_title,
      url: baseUrl + showPath(row.show_slug),
    },
    url: `${baseUrl}${showPath(row.show_slug)}#part-${row.number}`,
  };
}

export type ApiPart = ReturnType<typeof toApiPart>;

export async function pageOfParts(
  db: DbOrTrx,
  query: { show?: string },
  page: Page,
  baseUrl: string,
): Promise<{ parts: ApiPart[]; pagination: Pagination }> {
  const showId = await showIdOf(db, query.show);
  const rows = await partQuery(db)
    .$if(showId !== undefined, (q) => q.where('parts.show_id', '=', showId ?? 0))
    .orderBy('shows.title')
    .orderBy('parts.number')
    .limit(offset(page).limit)
    .offset(offset(page).offset)
    .execute();
  const total = await db
    .selectFrom('parts')
    .$if(showId !== undefined, (q) => q.where('parts.show_id', '=', showId ?? 0))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const slots = await slotsOf(
    db,
    rows.map((row) => row.id),
  );
  return {
    parts: rows.map((row) => toApiPart(row, slots, baseUrl)),
    pagination: pagination(page, count(total)),
  };
}

/** One part with its slots and every episode. */
export async function partDetail(db: DbOrTrx, id: number, baseUrl: string) {
  const row = await partQuery(db).where('parts.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no part with id ${id}.`);
  const [slots, episodes] = await Promise.all([
    slotsOf(db, [id]),
    db
      .selectFrom('episodes')
      .select([
        'id',
        'number',
        'kind',
        'title',
        'air_instant',
        'zone',
        'runtime_minutes',
        'note',
        'sequence',
      ])
      .where('part_id', '=', id)
      .orderBy('air_instant')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...toApiPart(row, slots, baseUrl),
    episodes: episodes.map((e) => ({
      ...e,
      url: `${baseUrl}${episodePath({ slug: row.show_slug }, row.number, { number: e.number, airInstant: e.air_instant, zone: e.zone })}`,
    })),
  };
}

// ---- Characters ----

function characterQuery(db: DbOrTrx) {
  return db
    .selectFrom('characters')
    .innerJoin('shows', 'shows.id', 'characters.show_id')
    .select([
      'characters.id',
      'characters.slug',
      'characters.name',
      'characters.name_ko',
      'characters.aliases',
      'characters.description',
      'shows.id as show_id',
      'shows.slug as show_slug',
      'shows.title as show_title',
    ]);
}

async function playersOf(db: DbOrTrx, characterIds: readonly number[], baseUrl: string) {
  const result = new Map<
    number,
    { slug: string; name: string; name_ko: string | null; url: string }[]
  >();
  if (characterIds.length === 0) return result;
  const rows = await db
    .selectFrom('credits')
    .innerJoin('people', 'people.id', 'credits.person_id')
    .where('credits.character_id', 'in', [...characterIds])
    .select(['credits.character_id', 'people.slug', 'people.name', 'people.name_ko'])
    .orderBy('credits.billing')
    .execute();
  for (const { character_id, ...person } of rows) {
    if (character_id === null) continue;
    const entry = { ...person, url: `${baseUrl}/people/${person.slug}` };
    result.set(character_id, [...(result.get(character_id) ?? []), entry]);
  }
  return result;
}

type CharacterListRow = Awaited<
  ReturnType<ReturnType<typeof characterQuery>['executeTakeFirstOrThrow']>
>;

function toApiCharacter(
  row: CharacterListRow,
  players: Awaited<ReturnType<typeof playersOf>>,
  baseUrl: string,
) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    name_ko: row.name_ko,
    aliases: parseStringList(row.aliases),
    description: row.description,
    played_by: players.get(row.id) ?? [],
    show: {
      id: row.show_id,
      slug: row.show_slug,
      title: row.show_title,
      url: baseUrl + showPath(row.show_slug),
    },
    url: `${baseUrl}${showPath(row.show_slug)}#cast`,
  };
}

export async function pageOfCharacters(
  db: DbOrTrx,
  query: { show?: string },
  page: Page,
  baseUrl: string,
) {
  const showId = await showIdOf(db, query.show);
  const rows = await characterQuery(db)
    .$if(showId !== undefined, (q) => q.where('characters.show_id', '=', showId ?? 0))
    .orderBy('shows.title')
    .orderBy('characters.id')
    .limit(offset(page).limit)
    .offset(offset(page).offset)
    .execute();
  const total = await db
    .selectFrom('characters')
    .$if(showId !== undefined, (q) => q.where('characters.show_id', '=', showId ?? 0))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const players = await playersOf(
    db,
    rows.map((row) => row.id),
    baseUrl,
  );
  return {
    characters: rows.map((row) => toApiCharacter(row, players, baseUrl)),
    pagination: pagination(page, count(total)),
  };
}

export async function characterDetail(db: DbOrTrx, id: number, baseUrl: string) {
  const row = await characterQuery(db).where('characters.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no character with id ${id}.`);
  return toApiCharacter(row, await playersOf(db, [id], baseUrl), baseUrl);
}

// ---- Credits ----

export function creditQuery(db: DbOrTrx) {
  return db
    .selectFrom('credits')
    .innerJoin('people', 'people.id', 'credits.person_id')
    .innerJoin('shows', 'shows.id', 'credits.show_id')
    .leftJoin('characters', 'characters.id', 'credits.character_id')
    .leftJoin('parts', 'parts.id', 'credits.part_id')
    .select([
      'credits.id',
      'credits.kind',
      'credits.role',
      'credits.billing',
      'credits.person_id',
      'credits.show_id',
      'credits.part_id',
      'credits.character_id',
      'parts.number as part_number',
      'people.slug as person_slug',
      'people.name as person_name',
      'people.name_ko as person_name_ko',
      'shows.slug as show_slug',
      'shows.title as show_title',
      'characters.slug as character_slug',
      'characters.name as character_name',
      'characters.name_ko as character_name_ko',
    ]);
}

type CreditListRow = Awaited<ReturnType<ReturnType<typeof creditQuery>['executeTakeFirstOrThrow']>>;

export function toApiCredit(row: CreditListRow, baseUrl: string) {
  return {
    id: row.id,
    kind: row.kind,
    role: row.role,
    billing: row.billing,
    person_id: row.person_id,
    show_id: row.show_id,
    part_id: row.part_id,
    character_id: row.character_id,
    part: row.part_number,
    person: {
      id: row.person_id,
      slug: row.person_slug,
      name: row.person_name,
      name_ko: row.person_name_ko,
      url: `${baseUrl}/people/${row.person_slug}`,
    },
    show: {
      id: row.show_id,
      slug: row.show_slug,
      title: row.show_title,
      url: baseUrl + showPath(row.show_slug),
    },
    character:
      row.character_id === null || row.character_slug === null
        ? null
        : {
            id: row.character_id,
            slug: row.character_slug,
            name: row.character_name,
            name_ko: row.character_name_ko,
          },
  };
}

export interface CreditQuery {
  show?: string;
  person?: string;
  kind?: 'cast' | 'crew';
}

export async function pageOfCredits(db: DbOrTrx, query: CreditQuery, page: Page, baseUrl: string) {
  const [showId, personId] = await Promise.all([
    showIdOf(db, query.show),
    personIdOf(db, query.person),
  ]);
  const filtered = <Q extends ReturnType<typeof creditQuery>>(q: Q): Q =>
    q
      .$if(showId !== undefined, (w) => w.where('credits.show_id', '=', showId ?? 0))
      .$if(personId !== undefined, (w) => w.where('credits.person_id', '=', personId ?? 0))
      .$if(query.kind !== undefined, (w) =>
        w.where('credits.kind', '=', query.kind ?? 'cast'),
      ) as Q;
  const rows = await filtered(creditQuery(db))
    .orderBy('shows.title')
    .orderBy('credits.billing')
    .orderBy('credits.id')
    .limit(offset(page).limit)
    .offset(offset(page).offset)
    .execute();
  const total = await filtered(creditQuery(db))
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return {
    credits: rows.map((row) => toApiCredit(row, baseUrl)),
    pagination: pagination(page, count(total)),
  };
}

/** One credit with its person, show and character, as both APIs answer it. */
export async function creditDetail(db: DbOrTrx, id: number, baseUrl: string) {
  const row = await creditQuery(db).where('credits.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no credit with id ${id}.`);
  return toApiCredit(row, baseUrl);
}
