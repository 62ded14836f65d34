import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';
import { episodeLabel } from './air-time.js';
import { episodePath } from './drama.model.js';
import * as repo from './drama.repository.js';
import type { EpisodeListing } from './drama.repository.js';
import { buildCalendar, uidHost, type CalendarEvent } from './ical.js';

/*
 * iCalendar feeds of episodes: one show, the schedule, and (through the index) a person's
 * shows. UIDs are episode-<id>@<host>, stable across edits; SEQUENCE is the episode's.
 */

/** A show's whole run; far more than any drama has. */
const SHOW_LIMIT = 2_000;
/** An episode without a runtime is shown as an hour long. */
const DEFAULT_RUNTIME_MINUTES = 60;

export function episodeCalendarEvents(
  episodes: readonly EpisodeListing[],
  baseUrl: string,
): CalendarEvent[] {
  const host = uidHost(baseUrl);
  return episodes.map((episode) => {
    const start = DateTime.fromISO(episode.airInstant, { zone: 'utc' });
    const minutes = episode.runtimeMinutes ?? DEFAULT_RUNTIME_MINUTES;
    const part = episode.part.subtitle
      ? `${episode.part.title}: ${episode.part.subtitle}`
      : episode.part.title;
    return {
      uid: `episode-${episode.id}@${host}`,
      sequence: episode.sequence,
      start: episode.airInstant,
      end: start.plus({ minutes }).toISO() ?? episode.airInstant,
      summary: `${episode.show.title}: ${episodeLabel(episode)}`,
      description: [part, episode.title, episode.note].filter(Boolean).join('\n'),
      url: `${baseUrl}${episodePath(episode.show, episode.part.number, episode)}`,
    };
  });
}

/** Every episode of the given shows, in air order. */
export async function listEpisodesOfShows(
  db: DbOrTrx,
  showIds: readonly number[],
): Promise<EpisodeListing[]> {
  if (showIds.length === 0) return [];
  return repo.listEpisodes(db, { showIds }, { limit: SHOW_LIMIT, offset: 0 });
}

/** /shows/:slug/calendar.ics */
export async function showCalendar(
  db: DbOrTrx,
  slug: string,
  now: Date,
  baseUrl: string,
): Promise<string> {
  const show = await repo.findShowBySlug(db, slug);
  if (show === undefined) throw new NotFound(`There is no show at "${slug}".`);
  const episodes = await listEpisodesOfShows(db, [show.id]);
  return buildCalendar({ name: show.title, now, events: episodeCalendarEvents(episodes, baseUrl) });
}

/** How far back and ahead /schedule.ics reaches from now. */
const SCHEDULE_PAST_DAYS = 28;
const SCHEDULE_FUTURE_DAYS = 120;

/** /schedule.ics: every show's episodes from four weeks ago to four months ahead. */
export async function scheduleCalendar(
  db: DbOrTrx,
  now: Date,
  baseUrl: string,
  siteTitle: string,
): Promise<string> {
  const at = DateTime.fromJSDate(now).toUTC();
  const from = at.minus({ days: SCHEDULE_PAST_DAYS }).toISO() ?? '';
  const to = at.plus({ days: SCHEDULE_FUTURE_DAYS }).toISO() ?? '';
  const episodes = await repo.listEpisodes(db, { from, to }, { limit: SHOW_LIMIT, offset: 0 });
  return buildCalendar({
    name: `${siteTitle}: drama schedule`,
    now,
    events: episodeCalendarEvents(episodes, baseUrl),
  });
}
