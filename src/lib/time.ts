import { DateTime, IANAZone } from 'luxon';
import { formatWallClock, zoneAbbreviation as abbreviationAt } from './wall-clock.js';

/*
 * Instants are stored as ISO-8601 UTC text and shown in a named IANA zone. All arithmetic goes
 * through Luxon's zone rules; nothing here adds hours by hand.
 */

/** True when `zone` is an IANA zone name Luxon knows (e.g. "Asia/Seoul"). */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) && zone.includes('/');
}

/**
 * Remembers the results of a pure (instant, zone) formatter. Luxon resolves a zone's offset
 * through Intl's formatToParts, which costs more than the rest of rendering a date line; pages
 * show the same dates again and again (an article's date, a show's episodes), so the text is kept.
 */
export function remembered(format: (instant: string, zone: string) => string, size = 20_000) {
  const texts = new Map<string, string>();
  return (instant: string, zone: string): string => {
    const key = `${zone} ${instant}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = format(instant, zone);
      // Dropping everything at the bound keeps this a few lines; refilling is cheap.
      if (texts.size >= size) texts.clear();
      texts.set(key, text);
    }
    return text;
  };
}

/** The abbreviation readers know for `zone` at `instant` (KST, EST/EDT, …). */
export const zoneAbbreviation = remembered((instant, zone) =>
  abbreviationAt(new Date(instant), zone),
);

/**
 * "Saturday 7 January 2023, 21:10 KST": an instant as wall-clock time in `zone`. Every time on
 * the site is written this way (see wall-clock.ts, shared with the reader-time island).
 */
export const formatInZone = remembered((instant, zone) => formatWallClock(new Date(instant), zone));

/** "7 January 2023": a date in `zone` (articles are dated in the site's zone). */
export const formatDate = remembered((instant, zone) =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('d LLLL yyyy'),
);

/** "2023-01-07": the calendar date of an instant in `zone`. */
export const dateInZone = remembered(
  (instant, zone) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toISODate() ?? '',
);

/** Normalises any ISO-8601 instant to the stored form (UTC, milliseconds, Z). */
export function toStoredInstant(value: string): string | undefined {
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? (dt.toUTC().toISO() ?? undefined) : undefined;
}
