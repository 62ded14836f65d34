import { DateTime, IANAZone } from 'luxon';

/*
 * Instants are stored as ISO-8601 UTC text and shown in a named IANA zone. All arithmetic goes
 * through Luxon's zone rules; nothing here adds hours by hand.
 */

/**
 * CLDR has no English abbreviation for several Asian zones (Intl prints "GMT+9" for Seoul),
 * while readers of K-drama news know them as KST and JST. Zones missing here fall back to Intl.
 */
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  'Asia/Seoul': 'KST',
  'Asia/Tokyo': 'JST',
  'Asia/Shanghai': 'CST',
  'Asia/Taipei': 'CST',
  'Asia/Hong_Kong': 'HKT',
  'Asia/Singapore': 'SGT',
  'Asia/Manila': 'PHT',
  'Asia/Bangkok': 'ICT',
  'Asia/Jakarta': 'WIB',
  'Asia/Kolkata': 'IST',
  UTC: 'UTC',
};

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
export const zoneAbbreviation = remembered((instant, zone) => {
  const known = ZONE_ABBREVIATIONS[zone];
  if (known !== undefined) return known;
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('ZZZZ');
});

/** "Saturday 7 January 2023, 21:10 KST": an instant as wall-clock time in `zone`. */
export const formatInZone = remembered((instant, zone) => {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  return `${local.toFormat('cccc d LLLL yyyy, HH:mm')} ${zoneAbbreviation(instant, zone)}`;
});

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
