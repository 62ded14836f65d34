import { describe, expect, it } from 'vitest';
import { formatWallClock, wallClock, zoneAbbreviation } from './wall-clock.js';

describe('the site’s time formatter', () => {
  const airTime = new Date('2023-01-07T12:10:00Z');

  it('writes an instant in English with the abbreviation readers know', () => {
    expect(formatWallClock(airTime, 'Asia/Seoul')).toBe('Saturday 7 January 2023, 21:10 KST');
    expect(formatWallClock(airTime, 'America/New_York')).toBe('Saturday 7 January 2023, 07:10 EST');
    expect(formatWallClock(airTime, 'Asia/Kolkata')).toBe('Saturday 7 January 2023, 17:40 IST');
    expect(formatWallClock(new Date('2023-07-07T12:10:00Z'), 'America/Los_Angeles')).toBe(
      'Friday 7 July 2023, 05:10 PDT',
    );
  });

  it('writes midnight as 00:00, not 24:00', () => {
    expect(wallClock(new Date('2023-01-07T15:00:00Z'), 'Asia/Seoul')).toBe(
      'Sunday 8 January 2023, 00:00',
    );
  });

  it('falls back to Intl’s name for a zone without a known abbreviation', () => {
    expect(zoneAbbreviation(airTime, 'Europe/Paris')).toBe('GMT+1');
  });
});
