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

/** The abbreviation readers know for `zone` at `instant` (KST, EST/EDT, …). */
export function zoneAbbreviation(instant: string, zone: string): string {
  const known = ZONE_ABBREVIATIONS[zone];
  if (known !== undefined) return known;
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('ZZZZ');
}

/** "Saturday 7 January 2023, 21:10 KST": an instant as wall-clock time in `zone`. */
export function formatInZone(instant: string, zone: string): string {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  return `${local.toFormat('cccc d LLLL yyyy, HH:mm')} ${zoneAbbreviation(instant, zone)}`;
}

/** "7 January 2023": a date in `zone` (articles are dated in the site's zone). */
export function formatDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('d LLLL yyyy');
}

/** Normalises any ISO-8601 instant to the stored form (UTC, milliseconds, Z). */
export function toStoredInstant(value: string): string | undefined {
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? (dt.toUTC().toISO() ?? undefined) : undefined;
}
