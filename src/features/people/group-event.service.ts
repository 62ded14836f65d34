import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { pagination, type Page, type Pagination } from '../dramas/index.js';
import * as repo from './group-event.repository.js';
import {
  eventPath,
  groupPath,
  type EventDetail,
  type GroupDetail,
  type GroupSummary,
} from './person.model.js';
import type { EventRow, GroupRow } from './people.table.js';

/* Groups and events for the pages and the Content API. */

const offset = (page: Page) => ({ limit: page.limit, offset: (page.page - 1) * page.limit });

function toGroupSummary(row: GroupRow): GroupSummary {
  return {
    id: row.id,
    slug: row.slug,
    path: groupPath(row.slug),
    name: row.name,
    nameKo: row.name_ko,
    aliases: repo.groupAliases(row),
    kind: row.kind,
    debutDate: row.debut_date,
    disbandDate: row.disband_date,
  };
}

export async function getGroupDetail(db: DbOrTrx, slug: string): Promise<GroupDetail> {
  const row = await repo.findGroupBySlug(db, slug);
  if (row === undefined) throw new NotFound(`There is no group at "${slug}".`);
  const members = await repo.membersOfGroups(db, [row.id]);
  return {
    ...toGroupSummary(row),
    description: row.description,
    members: members.get(row.id) ?? [],
  };
}

export async function pageOfGroups(
  db: DbOrTrx,
  page: Page,
): Promise<{ groups: GroupDetail[]; pagination: Pagination }> {
  const [rows, total] = await Promise.all([
    repo.listGroupRows(db, offset(page)),
    repo.countGroups(db),
  ]);
  const members = await repo.membersOfGroups(
    db,
    rows.map((row) => row.id),
  );
  return {
    groups: rows.map((row) => ({
      ...toGroupSummary(row),
      description: row.description,
      members: members.get(row.id) ?? [],
    })),
    pagination: pagination(page, total),
  };
}

function toEventDetail(row: EventRow, people: Map<number, repo.EventPerson[]>): EventDetail {
  return {
    ...repo.toEventView(row),
    path: eventPath(row.slug),
    description: row.description,
    sequence: row.sequence,
    people: people.get(row.id) ?? [],
  };
}

export async function getEventDetail(db: DbOrTrx, slug: string): Promise<EventDetail> {
  const row = await repo.findEventBySlug(db, slug);
  if (row === undefined) throw new NotFound(`There is no event at "${slug}".`);
  return toEventDetail(row, await repo.peopleOfEvents(db, [row.id]));
}

/** Events matching `filter`, soonest first, with their people. */
export async function listEventDetails(
  db: DbOrTrx,
  filter: repo.EventFilter,
  page: { limit: number; offset: number },
): Promise<EventDetail[]> {
  const rows = await repo.listEvents(db, filter, page);
  const people = await repo.peopleOfEvents(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toEventDetail(row, people));
}

export interface EventQuery {
  /** Person slug. */
  person?: string;
  /** ISO date or instant: events not over by then (UTC when no offset). */
  from?: string;
  /** ISO date or instant: events starting before then. */
  to?: string;
}

function instantParam(value: string | undefined, property: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  const stored = parsed.isValid ? parsed.toUTC().toISO() : null;
  if (stored === null) {
    throw new ValidationFailed(
      `${property} must be an ISO-8601 date or instant such as 2026-12-24 or 2026-12-24T09:00:00Z.`,
      property,
    );
  }
  return stored;
}

export async function pageOfEvents(
  db: DbOrTrx,
  query: EventQuery,
  page: Page,
): Promise<{ events: EventDetail[]; pagination: Pagination }> {
  const from = instantParam(query.from, 'from');
  const to = instantParam(query.to, 'to');
  if (from !== undefined && to !== undefined && to < from) {
    throw new ValidationFailed('to must not be before from.', 'to');
  }
  let personId: number | undefined;
  if (query.person !== undefined) {
    const person = await db
      .selectFrom('people')
      .select('id')
      .where('slug', '=', query.person)
      .executeTakeFirst();
    if (person === undefined) throw new NotFound(`There is no person at "${query.person}".`);
    personId = person.id;
  }
  const filter: repo.EventFilter = {
    ...(personId !== undefined && { personId }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
  const [events, total] = await Promise.all([
    listEventDetails(db, filter, offset(page)),
    repo.countEvents(db, filter),
  ]);
  return { events, pagination: pagination(page, total) };
}
