import type { DbOrTrx } from '../../db/database.js';
import {
  parseStringList,
  personPath,
  type EventView,
  type FilmographyEntry,
  type MembershipView,
  type PersonSummary,
} from './person.model.js';
import type { PersonRow } from './people.table.js';

/* Plain query functions over Kysely taking `db | trx`; one query per relation, no N+1. */

export async function findPersonBySlug(db: DbOrTrx, slug: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listPeopleRows(
  db: DbOrTrx,
  page: { limit: number; offset: number },
): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countPeople(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function toPersonSummary(row: PersonRow): PersonSummary {
  return {
    id: row.id,
    slug: row.slug,
    path: personPath(row.slug),
    name: row.name,
    nameKo: row.name_ko,
    aliases: parseStringList(row.aliases),
    roles: parseStringList(row.roles),
  };
}

/** Group memberships, earliest first. */
export async function membershipsOf(db: DbOrTrx, personId: number): Promise<MembershipView[]> {
  const rows = await db
    .selectFrom('group_memberships')
    .innerJoin('groups', 'groups.id', 'group_memberships.group_id')
    .where('group_memberships.person_id', '=', personId)
    .select([
      'groups.id',
      'groups.slug',
      'groups.name',
      'groups.name_ko',
      'group_memberships.role',
      'group_memberships.start_date',
      'group_memberships.end_date',
    ])
    .orderBy('group_memberships.start_date')
    .orderBy('groups.name')
    .execute();
  return rows.map((row) => ({
    group: { id: row.id, slug: row.slug, name: row.name, nameKo: row.name_ko },
    role: row.role,
    startDate: row.start_date,
    endDate: row.end_date,
  }));
}

/** Every credit of the person with its show, part, character and the show's air span. */
export async function filmographyOf(db: DbOrTrx, personId: number): Promise<FilmographyEntry[]> {
  const rows = await db
    .selectFrom('credits')
    .innerJoin('shows', 'shows.id', 'credits.show_id')
    .leftJoin('parts', 'parts.id', 'credits.part_id')
    .leftJoin('characters', 'characters.id', 'credits.character_id')
    .where('credits.person_id', '=', personId)
    .select((eb) => [
      'credits.kind',
      'credits.role',
      'shows.id as show_id',
      'shows.slug as show_slug',
      'shows.title as show_title',
      'shows.title_ko as show_title_ko',
      'shows.is_fictional',
      'parts.number as part_number',
      'parts.title as part_title',
      'characters.slug as character_slug',
      'characters.name as character_name',
      'characters.name_ko as character_name_ko',
      eb
        .selectFrom('episodes')
        .innerJoin('parts as p', 'p.id', 'episodes.part_id')
        .whereRef('p.show_id', '=', 'shows.id')
        .select((sub) => sub.fn.min('episodes.air_instant').as('first'))
        .as('first_air'),
      eb
        .selectFrom('episodes')
        .innerJoin('parts as p', 'p.id', 'episodes.part_id')
        .whereRef('p.show_id', '=', 'shows.id')
        .select((sub) => sub.fn.max('episodes.air_instant').as('last'))
        .as('last_air'),
    ])
    .orderBy('credits.id')
    .execute();
  return rows
    .map((row) => ({
      show: {
        id: row.show_id,
        slug: row.show_slug,
        title: row.show_title,
        titleKo: row.show_title_ko,
        isFictional: row.is_fictional === 1,
      },
      kind: row.kind,
      role: row.role,
      partNumber: row.part_number,
      partTitle: row.part_title,
      character:
        row.character_slug === null || row.character_name === null
          ? null
          : { slug: row.character_slug, name: row.character_name, nameKo: row.character_name_ko },
      firstAir: row.first_air ?? null,
      lastAir: row.last_air ?? null,
    }))
    .sort((a, b) => (b.firstAir ?? '9999').localeCompare(a.firstAir ?? '9999'));
}

/** Events the person takes part in that have not ended by `nowIso`, soonest first. */
export async function upcomingEventsOf(
  db: DbOrTrx,
  personId: number,
  nowIso: string,
): Promise<EventView[]> {
  const rows = await db
    .selectFrom('events')
    .innerJoin('event_people', 'event_people.event_id', 'events.id')
    .where('event_people.person_id', '=', personId)
    .where((eb) =>
      eb.or([eb('events.starts_at', '>=', nowIso), eb('events.ends_at', '>=', nowIso)]),
    )
    .select([
      'events.id',
      'events.slug',
      'events.title',
      'events.kind',
      'events.venue',
      'events.city',
      'events.country',
      'events.starts_at',
      'events.ends_at',
      'events.zone',
    ])
    .orderBy('events.starts_at')
    .limit(20)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    venue: row.venue,
    city: row.city,
    country: row.country,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    zone: row.zone,
  }));
}
