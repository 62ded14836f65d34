import type { DbOrTrx } from '../../db/database.js';
import { containsText, pagination, type Page } from '../dramas/index.js';
import { parseStringList } from './person.model.js';

/*
 * Lists of the Admin API for the admin screens: people, groups, memberships and events, with
 * the ids an editor needs and a search box over every name (Hangul, romanizations, aliases).
 */

const count = (row: { n: number | string } | undefined) => Number(row?.n ?? 0);
const slice = (page: Page) => ({ limit: page.limit, offset: (page.page - 1) * page.limit });

export async function listPeople(db: DbOrTrx, q: string, page: Page, baseUrl: string) {
  const text = q.trim();
  const base = db
    .selectFrom('people')
    .$if(text !== '', (qb) =>
      qb.where((eb) =>
        eb.or(
          containsText(['people.name', 'people.name_ko', 'people.slug', 'people.aliases'], text),
        ),
      ),
    );
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'slug', 'name', 'name_ko', 'aliases', 'roles', 'updated_at'])
      .orderBy('name')
      .orderBy('id')
      .limit(slice(page).limit)
      .offset(slice(page).offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  return {
    people: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      name_ko: row.name_ko,
      aliases: parseStringList(row.aliases),
      roles: parseStringList(row.roles),
      updated_at: row.updated_at,
      url: `${baseUrl}/people/${row.slug}`,
    })),
    meta: { pagination: pagination(page, count(total)) },
  };
}

export async function listGroups(db: DbOrTrx, q: string, page: Page, baseUrl: string) {
  const text = q.trim();
  const base = db
    .selectFrom('groups')
    .$if(text !== '', (qb) =>
      qb.where((eb) =>
        eb.or(
          containsText(['groups.name', 'groups.name_ko', 'groups.slug', 'groups.aliases'], text),
        ),
      ),
    );
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'slug', 'name', 'name_ko', 'aliases', 'kind', 'debut_date', 'disband_date'])
      .orderBy('name')
      .orderBy('id')
      .limit(slice(page).limit)
      .offset(slice(page).offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  return {
    groups: rows.map((row) => ({
      ...row,
      aliases: parseStringList(row.aliases),
      url: `${baseUrl}/groups/${row.slug}`,
    })),
    meta: { pagination: pagination(page, count(total)) },
  };
}

/** Memberships of a person or of a group, earliest first, with both names. */
export async function listMemberships(
  db: DbOrTrx,
  filter: { personId?: number; groupId?: number },
) {
  const rows = await db
    .selectFrom('group_memberships')
    .innerJoin('groups', 'groups.id', 'group_memberships.group_id')
    .innerJoin('people', 'people.id', 'group_memberships.person_id')
    .$if(filter.personId !== undefined, (qb) =>
      qb.where('group_memberships.person_id', '=', filter.personId ?? 0),
    )
    .$if(filter.groupId !== undefined, (qb) =>
      qb.where('group_memberships.group_id', '=', filter.groupId ?? 0),
    )
    .select([
      'group_memberships.id',
      'group_memberships.group_id',
      'group_memberships.person_id',
      'group_memberships.role',
      'group_memberships.start_date',
      'group_memberships.end_date',
      'groups.slug as group_slug',
      'groups.name as group_name',
      'people.slug as person_slug',
      'people.name as person_name',
    ])
    .orderBy('group_memberships.start_date')
    .orderBy('group_memberships.id')
    .limit(500)
    .execute();
  const total = rows.length;
  return {
    memberships: rows.map((row) => ({
      id: row.id,
      group_id: row.group_id,
      person_id: row.person_id,
      role: row.role,
      start_date: row.start_date,
      end_date: row.end_date,
      group: { id: row.group_id, slug: row.group_slug, name: row.group_name },
      person: { id: row.person_id, slug: row.person_slug, name: row.person_name },
    })),
    meta: { pagination: { page: 1, limit: Math.max(total, 1), pages: 1, total } },
  };
}

/** Events, past ones included, newest first; optionally of one person or matching `q`. */
export async function listEvents(
  db: DbOrTrx,
  filter: { q: string; personId?: number },
  page: Page,
  baseUrl: string,
) {
  const text = filter.q.trim();
  const base = db
    .selectFrom('events')
    .$if(text !== '', (qb) =>
      qb.where((eb) =>
        eb.or(containsText(['events.title', 'events.slug', 'events.venue', 'events.city'], text)),
      ),
    )
    .$if(filter.personId !== undefined, (qb) =>
      qb.where('events.id', 'in', (eb) =>
        eb
          .selectFrom('event_people')
          .select('event_people.event_id')
          .where('event_people.person_id', '=', filter.personId ?? 0),
      ),
    );
  const [rows, total] = await Promise.all([
    base
      .select([
        'id',
        'slug',
        'title',
        'kind',
        'venue',
        'city',
        'country',
        'starts_at',
        'ends_at',
        'zone',
      ])
      .orderBy('starts_at', 'desc')
      .orderBy('id')
      .limit(slice(page).limit)
      .offset(slice(page).offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  const ids = rows.map((row) => row.id);
  const people =
    ids.length === 0
      ? []
      : await db
          .selectFrom('event_people')
          .innerJoin('people', 'people.id', 'event_people.person_id')
          .where('event_people.event_id', 'in', ids)
          .select(['event_people.event_id', 'people.id', 'people.name'])
          .orderBy('people.name')
          .execute();
  return {
    events: rows.map((row) => ({
      ...row,
      people: people.filter((p) => p.event_id === row.id).map((p) => ({ id: p.id, name: p.name })),
      url: `${baseUrl}/events/${row.slug}`,
    })),
    meta: { pagination: pagination(page, count(total)) },
  };
}
