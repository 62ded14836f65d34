import { DateTime } from 'luxon';
import { ValidationFailed } from '../../lib/errors.js';
import { isValidZone } from '../../lib/time.js';

/*
 * Episode air times from broadcast slots. Pure: no database, no clock. Every instant is computed
 * by Luxon from a wall-clock time in the slot's IANA zone, so DST and midnight crossings come out
 * right without any hand-written offsets.
 */

/** A weekly broadcast slot: weekday (0 = Sunday … 6 = Saturday), local HH:MM, IANA zone. */
export interface Slot {
  weekday: number;
  localTime: string;
  zone: string;
}

export interface GenerateOptions {
  slots: readonly Slot[];
  /** First calendar date (YYYY-MM-DD) on which a slot may air, in the slots' zone. */
  startDate: string;
  /** How many numbered episodes to generate. */
  count: number;
  /** Calendar dates (YYYY-MM-DD, slot zone) whose slots carry no episode: weeks off, specials. */
  skipDates?: readonly string[];
  /** Number of the first generated episode (default 1). */
  firstNumber?: number;
}

/** One generated episode: its number, start instant (ISO-8601 UTC) and zone of origin. */
export interface GeneratedEpisode {
  number: number;
  airInstant: string;
  zone: string;
}

export const MAX_EPISODES = 500;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: string, property: string): DateTime {
  const date = DATE_PATTERN.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : undefined;
  if (date === undefined || !date.isValid) {
    throw new ValidationFailed(
      `${property} must be a date like 2022-06-18, not "${value}".`,
      property,
    );
  }
  return date;
}

/** Checks a slot; throws ValidationFailed naming the field and an example of a good value. */
export function validateSlot(slot: Slot, index = 0): void {
  const where = `slots.${index}`;
  if (!Number.isInteger(slot.weekday) || slot.weekday < 0 || slot.weekday > 6) {
    throw new ValidationFailed('weekday must be 0 (Sunday) to 6 (Saturday).', `${where}.weekday`);
  }
  if (!TIME_PATTERN.test(slot.localTime)) {
    throw new ValidationFailed(
      `local_time must be a 24-hour time from 00:00 to 23:59, such as 21:10, not "${slot.localTime}".`,
      `${where}.local_time`,
    );
  }
  if (!isValidZone(slot.zone)) {
    throw new ValidationFailed(
      `zone must be an IANA time zone such as Asia/Seoul, not "${slot.zone}".`,
      `${where}.zone`,
    );
  }
}

/**
 * The instant a slot airs on a calendar date, as ISO-8601 UTC. A wall-clock time that does not
 * exist that day (a spring-forward gap) moves forward by the gap, as broadcasters do.
 * @param date YYYY-MM-DD in the slot's zone
 */
export function slotInstant(date: string, slot: Pick<Slot, 'localTime' | 'zone'>): string {
  const day = parseDate(date, 'date');
  const [hour, minute] = slot.localTime.split(':').map(Number);
  const local = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: hour ?? 0, minute: minute ?? 0 },
    { zone: slot.zone },
  );
  return local.toUTC().toISO() ?? '';
}

/**
 * Generates `count` numbered episodes on the slots' weekdays from `startDate`, leaving out the
 * slots on `skipDates`. Two slots on one day (a double bill) give two episodes in time order.
 * @throws ValidationFailed for a bad slot, date or count
 */
export function generateEpisodes(options: GenerateOptions): GeneratedEpisode[] {
  const { slots, count } = options;
  if (slots.length === 0) {
    throw new ValidationFailed('At least one broadcast slot is needed.', 'slots');
  }
  slots.forEach((slot, index) => validateSlot(slot, index));
  if (!Number.isInteger(count) || count < 1 || count > MAX_EPISODES) {
    throw new ValidationFailed(`count must be a whole number from 1 to ${MAX_EPISODES}.`, 'count');
  }
  const start = parseDate(options.startDate, 'start_date');
  const skip = new Set(
    (options.skipDates ?? []).map((d, i) => parseDate(d, `skip_dates.${i}`).toISODate()),
  );
  const first = options.firstNumber ?? 1;

  const episodes: GeneratedEpisode[] = [];
  // Walk calendar dates; each slot is placed on the date in its own zone. The bound is generous
  // (every slot of a week skipped for years) and only stops a runaway skip list.
  for (let offset = 0; episodes.length < count && offset < 366 * 20; offset++) {
    const date = start.plus({ days: offset });
    const iso = date.toISODate() ?? '';
    if (skip.has(iso)) continue;
    const weekday = date.weekday % 7; // Luxon: 1 = Monday … 7 = Sunday
    const today = slots
      .filter((slot) => slot.weekday === weekday)
      .map((slot) => ({ airInstant: slotInstant(iso, slot), zone: slot.zone }))
      .sort((a, b) => a.airInstant.localeCompare(b.airInstant));
    for (const item of today) {
      if (episodes.length === count) break;
      episodes.push({ number: first + episodes.length, ...item });
    }
  }
  return episodes;
}

/** An episode already stored, as regeneration needs to see it. */
export interface ExistingEpisode {
  id: number;
  number: number | null;
  kind: 'regular' | 'special';
  airInstant: string;
  zone: string;
  isEdited: boolean;
}

/** What to do to the stored episodes so that they follow a new generation. */
export interface RegenerationPlan {
  /** Episodes left exactly as they are (edited by hand, specials, or unchanged). */
  keep: ExistingEpisode[];
  /** Unedited episodes whose instant or zone changes; their iCalendar sequence should be bumped. */
  update: { id: number; number: number; airInstant: string; zone: string }[];
  insert: GeneratedEpisode[];
  /** Unedited regular episodes the new generation no longer has. */
  remove: number[];
}

/**
 * Plans a regeneration that never touches an episode an editor changed (is_edited) nor any
 * special: a generated number that an edited episode already holds is dropped, so the edit wins.
 */
export function regenerate(
  existing: readonly ExistingEpisode[],
  generated: readonly GeneratedEpisode[],
): RegenerationPlan {
  const plan: RegenerationPlan = { keep: [], update: [], insert: [], remove: [] };
  const editedNumbers = new Set<number>();
  const unedited = new Map<number, ExistingEpisode>();
  for (const episode of existing) {
    if (episode.isEdited || episode.kind === 'special' || episode.number === null) {
      plan.keep.push(episode);
      if (episode.number !== null) editedNumbers.add(episode.number);
    } else {
      unedited.set(episode.number, episode);
    }
  }
  for (const episode of generated) {
    if (editedNumbers.has(episode.number)) continue;
    const current = unedited.get(episode.number);
    if (current === undefined) {
      plan.insert.push(episode);
      continue;
    }
    unedited.delete(episode.number);
    if (current.airInstant === episode.airInstant && current.zone === episode.zone) {
      plan.keep.push(current);
    } else {
      plan.update.push({ id: current.id, ...episode });
    }
  }
  plan.remove = [...unedited.values()].map((episode) => episode.id);
  return plan;
}
