import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { NotFound } from '../../lib/errors.js';
import { checkOrder, checkZone, parseInstant, required, unknownId } from '../dramas/index.js';
import { pickSlug } from './people.admin.js';
import type { EventFields } from './people.admin.schemas.js';
import type { EventRow } from './people.table.js';

/*
 * Admin writes of events (fan meetings, showcases…): who, venue, city, country, start/end in
 * the venue's zone. A change of time or place bumps the event's iCalendar sequence.
 */

export async function findEvent(trx: DbOrTrx, id: number): Promise<EventRow> {
  const row = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no event with id ${id}.`);
  return row;
}

async function setPeople(trx: DbOrTrx, eventId: number, personIds: readonly number[]) {
  const unique = [...new Set(personIds)];
  if (unique.length > 0) {
    const found = await trx.selectFrom('people').select('id').where('id', 'in', unique).execute();
    const known = new Set(found.map((row) => row.id));
    const index = personIds.findIndex((id) => !known.has(id));
    const missing = personIds[index];
    if (missing !== undefined) throw unknownId('person', missing, `people.${index}`);
  }
  await trx.deleteFrom('event_people').where('event_id', '=', eventId).execute();
  if (unique.length === 0) return;
  await trx
    .insertInto('event_people')
    .values(unique.map((person_id) => ({ event_id: eventId, person_id })))
    .execute();
}

function times(input: EventFields, current?: EventRow) {
  const zone = checkZone(required(input.zone ?? current?.zone, 'zone'));
  const startsAt =
    input.starts_at !== undefined
      ? parseInstant(input.starts_at, zone, 'starts_at')
      : required(current?.starts_at, 'starts_at');
  const endsAt =
    input.ends_at !== undefined
      ? input.ends_at === null
        ? null
        : parseInstant(input.ends_at, zone, 'ends_at')
      : (current?.ends_at ?? null);
  checkOrder(startsAt, endsAt, 'ends_at');
  return { zone, starts_at: startsAt, ends_at: endsAt };
}

export async function createEvent(trx: DbOrTrx, clock: Clock, input: EventFields) {
  const title = required(input.title, 'title');
  const when = times(input);
  const slug = await pickSlug(trx, 'events', input.slug, title);
  const now = nowIso(clock);
  const row = await trx
    .insertInto('events')
    .values({
      slug,
      title,
      kind: input.kind ?? 'other',
      venue: input.venue ?? null,
      city: input.city ?? null,
      country: input.country ?? null,
      ...when,
      description: input.description ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.people !== undefined) await setPeople(trx, row.id, input.people);
  return row.id;
}

export async function updateEvent(trx: DbOrTrx, clock: Clock, id: number, input: EventFields) {
  const current = await findEvent(trx, id);
  const when = times(input, current);
  const slug =
    input.slug === undefined ? current.slug : await pickSlug(trx, 'events', input.slug, '', id);
  const place = {
    venue: input.venue !== undefined ? input.venue : current.venue,
    city: input.city !== undefined ? input.city : current.city,
    country: input.country !== undefined ? input.country : current.country,
  };
  const moved =
    Date.parse(when.starts_at) !== Date.parse(current.starts_at) ||
    (when.ends_at === null ? null : Date.parse(when.ends_at)) !==
      (current.ends_at === null ? null : Date.parse(current.ends_at)) ||
    place.venue !== current.venue ||
    place.city !== current.city ||
    place.country !== current.country;
  await trx
    .updateTable('events')
    .set({
      slug,
      ...when,
      ...place,
      ...(input.title !== undefined && { title: input.title }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.description !== undefined && { description: input.description }),
      sequence: current.sequence + (moved ? 1 : 0),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
  if (input.people !== undefined) await setPeople(trx, id, input.people);
}

export async function deleteEvent(trx: DbOrTrx, id: number): Promise<void> {
  await findEvent(trx, id);
  await trx.deleteFrom('events').where('id', '=', id).execute();
}
