import { describe, expect, it } from 'vitest';
import { generateEpisodes, slotInstant, type Slot } from './episode-schedule.js';
import { computeShowStatus, type StatusEpisode } from './show-status.js';

const SLOTS: Slot[] = [
  { weekday: 6, localTime: '21:10', zone: 'Asia/Seoul' },
  { weekday: 0, localTime: '21:10', zone: 'Asia/Seoul' },
];

/** Alchemy of Souls as stored: Part 1 with its two specials, then Part 2. */
function alchemy(): StatusEpisode[] {
  let id = 0;
  const part = (partNumber: number, startDate: string, count: number, skipDates: string[] = []) =>
    generateEpisodes({ slots: SLOTS, startDate, count, skipDates }).map((e): StatusEpisode => ({
      id: ++id,
      number: e.number,
      kind: 'regular',
      airInstant: e.airInstant,
      zone: e.zone,
      partNumber,
    }));
  const specials = ['2022-08-13', '2022-08-14'].map((date): StatusEpisode => ({
    id: ++id,
    number: null,
    kind: 'special',
    airInstant: slotInstant(date, SLOTS[0]!),
    zone: 'Asia/Seoul',
    partNumber: 1,
  }));
  return [
    ...part(1, '2022-06-18', 20, ['2022-08-13', '2022-08-14']),
    ...specials,
    ...part(2, '2022-12-10', 10),
  ];
}

describe('computeShowStatus', () => {
  const episodes = alchemy();

  it('is upcoming before the premiere', () => {
    const status = computeShowStatus(episodes, new Date('2022-06-01T00:00:00Z'));
    expect(status.kind).toBe('upcoming');
    if (status.kind === 'upcoming')
      expect(status.premiere.airInstant).toBe('2022-06-18T12:10:00.000Z');
  });

  it('is airing between two episodes of a normal week, with the next one', () => {
    const status = computeShowStatus(episodes, new Date('2023-01-02T00:00:00Z'));
    expect(status.kind).toBe('airing');
    if (status.kind === 'airing') {
      expect(status.next).toMatchObject({
        partNumber: 2,
        number: 9,
        airInstant: '2023-01-07T12:10:00.000Z',
      });
      expect(status.last).toMatchObject({ partNumber: 2, number: 8 });
    }
  });

  it('is on break in the skipped week of August 2022, even while a special airs', () => {
    const status = computeShowStatus(episodes, new Date('2022-08-13T13:00:00Z'));
    expect(status.kind).toBe('on_break');
    if (status.kind === 'on_break') {
      expect(status.resumes).toMatchObject({
        partNumber: 1,
        number: 17,
        airInstant: '2022-08-20T12:10:00.000Z',
      });
      expect(status.last).toMatchObject({ number: 16 });
    }
  });

  it('is on break between the two parts', () => {
    const status = computeShowStatus(episodes, new Date('2022-10-01T00:00:00Z'));
    expect(status.kind).toBe('on_break');
    if (status.kind === 'on_break')
      expect(status.resumes).toMatchObject({ partNumber: 2, number: 1 });
  });

  it('is finished after the finale', () => {
    const status = computeShowStatus(episodes, new Date('2023-02-01T00:00:00Z'));
    expect(status.kind).toBe('finished');
    if (status.kind === 'finished')
      expect(status.finale.airInstant).toBe('2023-01-08T12:10:00.000Z');
  });

  it('counts the moment an episode starts as aired', () => {
    const status = computeShowStatus(episodes, new Date('2023-01-07T12:10:00.000Z'));
    expect(status.kind).toBe('airing');
    if (status.kind === 'airing') expect(status.next.number).toBe(10);
  });

  it('is unscheduled without regular episodes', () => {
    expect(computeShowStatus([], new Date()).kind).toBe('unscheduled');
  });
});
