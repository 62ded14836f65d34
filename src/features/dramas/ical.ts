/*
 * A small iCalendar (RFC 5545) writer: VCALENDAR with VEVENTs, CRLF line endings, lines folded
 * at 75 octets (never inside a UTF-8 sequence), TEXT values escaped, instants in UTC. Pure.
 */

/** One VEVENT. Instants are ISO-8601 (any offset); they are written in UTC. */
export interface CalendarEvent {
  /** Globally unique and stable across edits, e.g. episode-42@deho.example. */
  uid: string;
  /** Bumped whenever the event moves (RFC 5545 §3.8.7.4). */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  /** Absolute URL of the item's page. */
  url?: string;
  /** ISO instant of the last change (LAST-MODIFIED). */
  lastModified?: string;
}

export interface Calendar {
  /** Shown by calendar apps as the calendar's name. */
  name: string;
  events: readonly CalendarEvent[];
  /** DTSTAMP of every event: when this file was made. */
  now: Date;
}

const MAX_OCTETS = 75;

/** Escapes a TEXT value: backslash, semicolon, comma and newlines (§3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** 20230107T121000Z: an instant in the UTC "form #2" of DATE-TIME (§3.3.5). */
export function formatUtc(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Folds a content line so that no physical line exceeds 75 octets: each continuation starts
 * with one space, which counts towards its 75 (§3.1). Characters are never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function eventLines(event: CalendarEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART:${formatUtc(event.start)}`,
    `DTEND:${formatUtc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  // URI values are not TEXT: no escaping, but a URL never holds a raw newline.
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
  lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/** The whole text/calendar document, CRLF-terminated. */
export function buildCalendar(calendar: Calendar): string {
  const stamp = formatUtc(calendar.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Deho//Deho drama calendars//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The host part of UIDs, from the site's base URL ("deho.example"). */
export function uidHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'deho.invalid';
  } catch {
    return 'deho.invalid';
  }
}
