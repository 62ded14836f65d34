/*
 * Where a show stands at a given "now", computed from its episodes alone. Pure.
 */

/** The few fields of an episode the status needs. */
export interface StatusEpisode {
  id: number;
  number: number | null;
  kind: 'regular' | 'special';
  airInstant: string;
  zone: string;
  partNumber: number;
}

export type ShowStatus =
  | { kind: 'unscheduled' }
  | { kind: 'upcoming'; premiere: StatusEpisode }
  | { kind: 'airing'; next: StatusEpisode; last: StatusEpisode }
  | { kind: 'on_break'; resumes: StatusEpisode; last: StatusEpisode }
  | { kind: 'finished'; finale: StatusEpisode };

/**
 * A gap between two regular episodes longer than this is a break (a skipped week, or the
 * months between parts). Weekly shows run 7 days apart; the extra day allows for a slot moved
 * by a day without calling it a break.
 */
const BREAK_AFTER_MS = 8 * 24 * 60 * 60 * 1000;

/**
 * The show's status at `now`: upcoming before the first regular episode, finished once the last
 * one has started, on break while the gap to the next is longer than a week and a day, airing
 * otherwise. Specials neither start nor end a run.
 */
export function computeShowStatus(episodes: readonly StatusEpisode[], now: Date): ShowStatus {
  const regular = episodes
    .filter((episode) => episode.kind === 'regular')
    .sort((a, b) => a.airInstant.localeCompare(b.airInstant));
  const first = regular[0];
  const final = regular[regular.length - 1];
  if (first === undefined || final === undefined) return { kind: 'unscheduled' };
  const at = now.getTime();
  if (at < Date.parse(first.airInstant)) return { kind: 'upcoming', premiere: first };
  if (at >= Date.parse(final.airInstant)) return { kind: 'finished', finale: final };
  const nextIndex = regular.findIndex((episode) => Date.parse(episode.airInstant) > at);
  const next = regular[nextIndex];
  const last = regular[nextIndex - 1];
  // Both exist: now is after the first and before the final episode.
  if (next === undefined || last === undefined) return { kind: 'finished', finale: final };
  const gap = Date.parse(next.airInstant) - Date.parse(last.airInstant);
  return gap > BREAK_AFTER_MS
    ? { kind: 'on_break', resumes: next, last }
    : { kind: 'airing', next, last };
}
