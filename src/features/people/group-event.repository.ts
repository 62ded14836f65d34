import type { DbOrTrx } from '../../db/database.js';
import type { ArticleSummary } from '../articles/index.js';
import { articlePath } from '../articles/index.js';
import { parseStringList, personPath, type EventView } from './person.model.js';
import type { EventRow, GroupRow } from './people.table.js';

/* Queries of groups and events, each taking `db | trx`; one query per relation, no N+1. */

export interface EventFilter {
  personId?: number;
  /** Events not over by this instant (ends, or starts when there is no end, at or after it). */
  from?: string;
  /** Events starting before this instant. */
  to?: string;
}

export function toEventView(row: EventRow): EventView {
  return {
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
  };
}

function eventQuery(db: DbOrTrx, filter: EventFilter) {
  const { personId, from, to } = filter;
  return db
    .selectFrom('events')
    .$if(personId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('event_people')
            .whereRef('event_people.event_id', '=', 'events.id')
            .where('event_people.person_id', '=', personId ?? 0)
            .select('event_people.event_id'),
        ),
      ),
    )
    .$if(from !== undefined, (q) =>
      q.where((eb) =>
        eb.or([eb('events.starts_at', '>=', from ?? ''), eb('events.ends_at', '>=', from ?? '')]),
      ),
    )
    .$if(to !== undefined, (q) => q.where('events.starts_at', '<', to ?? ''));
}

export async function listEvents(
  db: DbOrTrx,
  filter: EventFilter,
  page: { limit: number; offset: number },
): Promise<EventRow[]> {
  return eventQuery(db, filter)
    .selectAll('events')
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countEvents(db: DbOrTrx, filter: EventFilter): Promise<number> {
  const row = await eventQuery(db, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findEventBySlug(db: DbOrTrx, slug: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export interface EventPerson {
  id: number;
  slug: string;
  path: string;
  name: string;
  nameKo: string | null;
}

/** The people of each event, by name. */
export async function peopleOfEvents(
  db: DbOrTrx,
  eventIds: readonly number[],
): Promise<Map<number, EventPerson[]>> {
  const result = new Map<number, EventPerson[]>();
  if (eventIds.length === 0) return result;
  const rows = await db
    .selectFrom('event_people')
    .innerJoin('people', 'people.id', 'event_people.person_id')
    .where('event_people.event_id', 'in', [...eventIds])
    .select(['event_people.event_id', 'people.id', 'people.slug', 'people.name', 'people.name_ko'])
    .orderBy('people.name')
    .execute();
  for (const row of rows) {
    const person = {
      id: row.id,
      slug: row.slug,
      path: personPath(row.slug),
      name: row.name,
      nameKo: row.name_ko,
    };
    result.set(row.event_id, [...(result.get(row.event_id) ?? []), person]);
  }
  return result;
}

// ---- Groups ----

export async function findGroupBySlug(db: DbOrTrx, slug: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listGroupRows(
  db: DbOrTrx,
  page: { limit: number; offset: number },
): Promise<GroupRow[]> {
  return db
    .selectFrom('groups')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countGroups(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface GroupMember {
  membershipId: number;
  person: EventPerson;
  role: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** Members of each group over time, earliest first. */
export async function membersOfGroups(
  db: DbOrTrx,
  groupIds: readonly number[],
): Promise<Map<number, GroupMember[]>> {
  const result = new Map<number, GroupMember[]>();
  if (groupIds.length === 0) return result;
  const rows = await db
    .selectFrom('group_memberships')
    .innerJoin('people', 'people.id', 'group_memberships.person_id')
    .where('group_memberships.group_id', 'in', [...groupIds])
    .select([
      'group_memberships.id',
      'group_memberships.group_id',
      'group_memberships.role',
      'group_memberships.start_date',
      'group_memberships.end_date',
      'people.id as person_id',
      'people.slug',
      'people.name',
      'people.name_ko',
    ])
    .orderBy('group_memberships.start_date')
    .orderBy('people.name')
    .execute();
  for (const row of rows) {
    const member: GroupMember = {
      membershipId: row.id,
      person: {
        id: row.person_id,
        slug: row.slug,
        path: personPath(row.slug),
        name: row.name,
        nameKo: row.name_ko,
      },
      role: row.role,
      startDate: row.start_date,
      endDate: row.end_date,
    };
    result.set(row.group_id, [...(result.get(row.group_id) ?? []), member]);
  }
  return result;
}

export function groupAliases(row: GroupRow): string[] {
  return parseStringList(row.aliases);
}

/**
 * Published articles linked to a group or an event, newest first, as list summaries (without
 * author, image or comment count: the page lists them as headlines).
 */
export async function linkedNews(
  db: DbOrTrx,
  link: { kind: 'group'; id: number } | { kind: 'event'; id: number },
  nowIso: string,
  limit: number,
): Promise<ArticleSummary[]> {
  const base = db
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', nowIso);
  const linked =
    link.kind === 'group'
      ? base.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_groups')
              .whereRef('article_groups.article_id', '=', 'articles.id')
              .where('article_groups.group_id', '=', link.id)
              .select('article_groups.article_id'),
          ),
        )
      : base.where((eb) =>
          eb.exists(
            eb
              .selectFrom('article_events')
              .whereRef('article_events.article_id', '=', 'articles.id')
              .where('article_events.event_id', '=', link.id)
              .select('article_events.article_id'),
          ),
        );
  const rows = await linked
    .select(['id', 'slug', 'title', 'dek', 'status', 'published_at', 'updated_at'])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    path: articlePath(row.slug),
    title: row.title,
    dek: row.dek,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    author: null,
    image: null,
    commentCount: 0,
  }));
}
