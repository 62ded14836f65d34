import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';
import {
  buildCalendar,
  episodeCalendarEvents,
  listEpisodesOfShows,
  uidHost,
  type CalendarEvent,
} from '../dramas/index.js';
import { listEventDetails } from './group-event.service.js';
import type { EventDetail } from './person.model.js';
import * as repo from './person.repository.js';

/*
 * iCalendar feeds of the people feature: a person's shows' episodes and their events, and one
 * event alone. UIDs are event-<id>@<host>; SEQUENCE is bumped when an event moves.
 */

/** An event without an end is shown as two hours long. */
const DEFAULT_EVENT_HOURS = 2;
const EVENT_LIMIT = 500;

export function eventCalendarEvents(
  events: readonly EventDetail[],
  baseUrl: string,
): CalendarEvent[] {
  const host = uidHost(baseUrl);
  return events.map((event) => {
    const location = [event.venue, event.city, event.country].filter(Boolean).join(', ');
    const people = event.people.map((p) => p.name).join(', ');
    return {
      uid: `event-${event.id}@${host}`,
      sequence: event.sequence,
      start: event.startsAt,
      end:
        event.endsAt ??
        DateTime.fromISO(event.startsAt, { zone: 'utc' })
          .plus({ hours: DEFAULT_EVENT_HOURS })
          .toISO() ??
        event.startsAt,
      summary: event.title,
      description: [people && `With ${people}`, event.description].filter(Boolean).join('\n\n'),
      ...(location && { location }),
      url: baseUrl + event.path,
    };
  });
}

/** /people/:slug/calendar.ics: the episodes of every show they are credited on, and their events. */
export async function personCalendar(
  db: DbOrTrx,
  slug: string,
  now: Date,
  baseUrl: string,
): Promise<string> {
  const person = await repo.findPersonBySlug(db, slug);
  if (person === undefined) throw new NotFound(`There is no person at "${slug}".`);
  const credits = await db
    .selectFrom('credits')
    .select('show_id')
    .distinct()
    .where('person_id', '=', person.id)
    .execute();
  const [episodes, events] = await Promise.all([
    listEpisodesOfShows(
      db,
      credits.map((c) => c.show_id),
    ),
    listEventDetails(db, { personId: person.id }, { limit: EVENT_LIMIT, offset: 0 }),
  ]);
  return buildCalendar({
    name: person.name,
    now,
    events: [...episodeCalendarEvents(episodes, baseUrl), ...eventCalendarEvents(events, baseUrl)],
  });
}

/** /events/:slug/calendar.ics */
export function eventCalendar(event: EventDetail, now: Date, baseUrl: string): string {
  return buildCalendar({ name: event.title, now, events: eventCalendarEvents([event], baseUrl) });
}
