import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, formatUtc } from './ical.js';

describe('iCalendar writer', () => {
  const now = new Date('2026-11-30T03:00:00Z');
  const long =
    '환혼: 빛과 그림자 — Jang Uk, Jin Bu-yeon; "Seo Yul", Park Dang-gu\\Go Won, and everyone else in Daeho';
  const text = buildCalendar({
    name: 'Alchemy of Souls, Part 2; 환혼',
    now,
    events: [
      {
        uid: 'episode-7@deho.test',
        sequence: 3,
        start: '2023-01-07T12:10:00.000Z',
        end: '2023-01-07T13:10:00.000Z',
        summary: long,
        description: 'Line one\nLine two, with a comma; and a semicolon',
        location: 'Seoul, South Korea',
        url: 'http://deho.test/shows/alchemy-of-souls#episode-7',
      },
    ],
  });

  it('uses CRLF line endings and folds every line at 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
    // Continuation lines begin with one space and never split a Hangul character.
    expect(text).toMatch(/\r\n [^\r]/);
    expect(text).not.toContain('\uFFFD');
  });

  it('parses back with ical.js: UID, SEQUENCE, UTC instants, DTSTAMP and escaped text', () => {
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    // ical.js reads unknown X- properties raw, so the TEXT escapes are still there.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(
      'Alchemy of Souls\\, Part 2\\; 환혼',
    );
    const vevent = calendar.getFirstSubcomponent('vevent');
    const event = new ICAL.Event(vevent ?? undefined);
    expect(event.uid).toBe('episode-7@deho.test');
    expect(event.sequence).toBe(3);
    expect(event.summary).toBe(long);
    expect(event.description).toBe('Line one\nLine two, with a comma; and a semicolon');
    expect(event.location).toBe('Seoul, South Korea');
    expect(event.startDate.toJSDate().toISOString()).toBe('2023-01-07T12:10:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.endDate.toJSDate().toISOString()).toBe('2023-01-07T13:10:00.000Z');
    expect(String(vevent?.getFirstPropertyValue('dtstamp'))).toBe('2026-11-30T03:00:00Z');
    expect(text).toContain('DTSTART:20230107T121000Z');
  });

  it('escapes backslash, semicolon, comma and newlines, in that order', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('formats UTC instants and folds short lines untouched', () => {
    expect(formatUtc('2023-01-07T21:10:00+09:00')).toBe('20230107T121000Z');
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    expect(() => formatUtc('not a date')).toThrow(RangeError);
  });
});
