/*
 * The site's one way of writing an instant: "Saturday 7 January 2023, 21:10 KST". Built on Intl
 * alone (no Luxon, no Node), so that the reader-time island runs this very code in the browser
 * and the server's and the reader's times read alike, in the page's language (English).
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

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/** Intl formats are costly to create; one per zone is kept. */
function cached(
  formats: Map<string, Intl.DateTimeFormat>,
  zone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = make();
    formats.set(zone, format);
  }
  return format;
}

/** The abbreviation readers know for `zone` at `instant` (KST, EST/EDT, …). */
export function zoneAbbreviation(instant: Date, zone: string): string {
  const known = ZONE_ABBREVIATIONS[zone];
  if (known !== undefined) return known;
  // en-US has the most abbreviations (EST, PDT); elsewhere it gives "GMT+1".
  const format = cached(
    zoneNameFormats,
    zone,
    () => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }),
  );
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** "Saturday 7 January 2023, 21:10": the wall clock in `zone` at `instant`, without the zone. */
export function wallClock(instant: Date, zone: string): string {
  const format = cached(
    wallClockFormats,
    zone,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** "Saturday 7 January 2023, 21:10 KST": an instant as wall-clock time in `zone`. */
export function formatWallClock(instant: Date, zone: string): string {
  return `${wallClock(instant, zone)} ${zoneAbbreviation(instant, zone)}`;
}
