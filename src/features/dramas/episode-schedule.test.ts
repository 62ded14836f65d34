import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import {
  generateEpisodes,
  regenerate,
  slotInstant,
  type ExistingEpisode,
  type Slot,
} from './episode-schedule.js';

const SEOUL_WEEKEND: Slot[] = [
  { weekday: 6, localTime: '21:10', zone: 'Asia/Seoul' },
  { weekday: 0, localTime: '21:10', zone: 'Asia/Seoul' },
];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? `${error.code}:${error.property ?? ''}` : 'other';
  }
  return undefined;
}

describe('generateEpisodes', () => {
  it('gives Alchemy of Souls Part 1 its true instants, with the weekend off on 13–14 August 2022', () => {
    const episodes = generateEpisodes({
      slots: SEOUL_WEEKEND,
      startDate: '2022-06-18',
      count: 20,
      skipDates: ['2022-08-13', '2022-08-14'],
    });
    expect(episodes).toHaveLength(20);
    expect(episodes[0]).toEqual({
      number: 1,
      airInstant: '2022-06-18T12:10:00.000Z',
      zone: 'Asia/Seoul',
    });
    expect(episodes[1]?.airInstant).toBe('2022-06-19T12:10:00.000Z');
    expect(episodes[15]?.airInstant).toBe('2022-08-07T12:10:00.000Z');
    expect(episodes.slice(16).map((e) => e.airInstant)).toEqual([
      '2022-08-20T12:10:00.000Z',
      '2022-08-21T12:10:00.000Z',
      '2022-08-27T12:10:00.000Z',
      '2022-08-28T12:10:00.000Z',
    ]);
    expect(episodes.map((e) => e.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('gives Part 2 (Light and Shadow) ten episodes from 10 December 2022 to 8 January 2023', () => {
    const episodes = generateEpisodes({ slots: SEOUL_WEEKEND, startDate: '2022-12-10', count: 10 });
    expect(episodes[0]?.airInstant).toBe('2022-12-10T12:10:00.000Z');
    expect(episodes[8]).toEqual({
      number: 9,
      airInstant: '2023-01-07T12:10:00.000Z',
      zone: 'Asia/Seoul',
    });
    expect(episodes[9]?.airInstant).toBe('2023-01-08T12:10:00.000Z');
  });

  it('starts on the first slot on or after the start date and numbers from firstNumber', () => {
    const episodes = generateEpisodes({
      slots: [{ weekday: 3, localTime: '20:50', zone: 'Asia/Seoul' }],
      startDate: '2026-11-26', // a Thursday
      count: 2,
      firstNumber: 5,
    });
    expect(episodes).toEqual([
      { number: 5, airInstant: '2026-12-02T11:50:00.000Z', zone: 'Asia/Seoul' },
      { number: 6, airInstant: '2026-12-09T11:50:00.000Z', zone: 'Asia/Seoul' },
    ]);
  });

  it('keeps local wall-clock time across a DST change in the slot zone', () => {
    // New York leaves daylight time on 2 November 2025: 20:00 EDT is 00:00Z, 20:00 EST is 01:00Z.
    const episodes = generateEpisodes({
      slots: [{ weekday: 6, localTime: '20:00', zone: 'America/New_York' }],
      startDate: '2025-10-25',
      count: 3,
    });
    expect(episodes.map((e) => e.airInstant)).toEqual([
      '2025-10-26T00:00:00.000Z',
      '2025-11-02T00:00:00.000Z',
      '2025-11-09T01:00:00.000Z',
    ]);
  });

  it('rejects bad slots, dates and counts with the field named', () => {
    const base = { slots: SEOUL_WEEKEND, startDate: '2022-06-18', count: 1 };
    const slot = (patch: Partial<Slot>) => [{ ...SEOUL_WEEKEND[0]!, ...patch }];
    expect(codeOf(() => generateEpisodes({ ...base, slots: slot({ zone: 'Mars/Olympus' }) }))).toBe(
      'validation_failed:slots.0.zone',
    );
    expect(codeOf(() => generateEpisodes({ ...base, slots: slot({ zone: 'KST' }) }))).toBe(
      'validation_failed:slots.0.zone',
    );
    expect(codeOf(() => generateEpisodes({ ...base, slots: slot({ localTime: '24:30' }) }))).toBe(
      'validation_failed:slots.0.local_time',
    );
    expect(codeOf(() => generateEpisodes({ ...base, slots: slot({ localTime: '21:61' }) }))).toBe(
      'validation_failed:slots.0.local_time',
    );
    expect(codeOf(() => generateEpisodes({ ...base, slots: slot({ weekday: 7 }) }))).toBe(
      'validation_failed:slots.0.weekday',
    );
    expect(codeOf(() => generateEpisodes({ ...base, count: 0 }))).toBe('validation_failed:count');
    expect(codeOf(() => generateEpisodes({ ...base, count: 10_000 }))).toBe(
      'validation_failed:count',
    );
    expect(codeOf(() => generateEpisodes({ ...base, startDate: '2022-02-30' }))).toBe(
      'validation_failed:start_date',
    );
    expect(codeOf(() => generateEpisodes({ ...base, slots: [] }))).toBe('validation_failed:slots');
  });
});

describe('zone conversions of 21:10 KST', () => {
  const toZone = (instant: string, zone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(instant));

  it('is 07:10 the same day in New York in winter', () => {
    const instant = slotInstant('2023-01-07', { localTime: '21:10', zone: 'Asia/Seoul' });
    expect(instant).toBe('2023-01-07T12:10:00.000Z');
    expect(toZone(instant, 'America/New_York')).toBe('Saturday 7 January at 07:10');
  });

  it('is 01:10 the next day in Auckland in southern summer', () => {
    const instant = slotInstant('2023-01-07', { localTime: '21:10', zone: 'Asia/Seoul' });
    expect(toZone(instant, 'Pacific/Auckland')).toBe('Sunday 8 January at 01:10');
  });

  it('follows the reader zone’s DST: London 13:10 in summer, 12:10 in winter', () => {
    const summer = slotInstant('2022-06-18', { localTime: '21:10', zone: 'Asia/Seoul' });
    const winter = slotInstant('2022-12-10', { localTime: '21:10', zone: 'Asia/Seoul' });
    expect(toZone(summer, 'Europe/London')).toBe('Saturday 18 June at 13:10');
    expect(toZone(winter, 'Europe/London')).toBe('Saturday 10 December at 12:10');
  });

  it('is 05:10 the same day in Los Angeles in summer (PDT)', () => {
    const instant = slotInstant('2022-08-20', { localTime: '21:10', zone: 'Asia/Seoul' });
    expect(toZone(instant, 'America/Los_Angeles')).toBe('Saturday 20 August at 05:10');
  });

  it('moves a time that falls in a spring-forward gap to after the gap', () => {
    // Clocks in New York jump from 02:00 to 03:00 on 9 March 2025.
    expect(slotInstant('2025-03-09', { localTime: '02:30', zone: 'America/New_York' })).toBe(
      '2025-03-09T07:30:00.000Z',
    );
  });
});

describe('regenerate', () => {
  const stored = (n: number, instant: string, edited = false): ExistingEpisode => ({
    id: 100 + n,
    number: n,
    kind: 'regular',
    airInstant: instant,
    zone: 'Asia/Seoul',
    isEdited: edited,
  });

  it('leaves edited episodes and specials alone and moves only unedited ones', () => {
    const existing: ExistingEpisode[] = [
      stored(1, '2022-06-18T12:10:00.000Z'),
      stored(2, '2022-06-20T12:10:00.000Z', true), // moved by an editor to a Monday
      stored(3, '2022-06-25T12:10:00.000Z'),
      stored(4, '2022-06-26T12:10:00.000Z'),
      {
        id: 200,
        number: null,
        kind: 'special',
        airInstant: '2022-07-02T12:10:00.000Z',
        zone: 'Asia/Seoul',
        isEdited: true,
      },
    ];
    // The new generation starts a week later and has 5 episodes.
    const generated = generateEpisodes({ slots: SEOUL_WEEKEND, startDate: '2022-06-25', count: 5 });
    const plan = regenerate(existing, generated);
    expect(plan.keep.map((e) => e.id).sort()).toEqual([102, 200]);
    expect(plan.update).toEqual([
      { id: 101, number: 1, airInstant: '2022-06-25T12:10:00.000Z', zone: 'Asia/Seoul' },
      { id: 103, number: 3, airInstant: '2022-07-02T12:10:00.000Z', zone: 'Asia/Seoul' },
      { id: 104, number: 4, airInstant: '2022-07-03T12:10:00.000Z', zone: 'Asia/Seoul' },
    ]);
    expect(plan.insert).toEqual([
      { number: 5, airInstant: '2022-07-09T12:10:00.000Z', zone: 'Asia/Seoul' },
    ]);
    expect(plan.remove).toEqual([]);
  });

  it('removes unedited episodes beyond a shorter run and keeps unchanged ones', () => {
    const existing = [stored(1, '2022-06-18T12:10:00.000Z'), stored(2, '2022-06-19T12:10:00.000Z')];
    const plan = regenerate(
      existing,
      generateEpisodes({ slots: SEOUL_WEEKEND, startDate: '2022-06-18', count: 1 }),
    );
    expect(plan.keep.map((e) => e.id)).toEqual([101]);
    expect(plan.remove).toEqual([102]);
    expect(plan.update).toEqual([]);
    expect(plan.insert).toEqual([]);
  });
});
