import { DateTime } from 'luxon';
import type { ShowStatus } from './show-status.js';

/*
 * Domain and view types of the dramas feature. Rows (drama.table.ts) are mapped into these by
 * the repository; views and presenters never see a raw row.
 */

/** An episode with the show and part it belongs to: what air-time blocks and schedules show. */
export interface EpisodeAirInfo {
  id: number;
  number: number | null;
  kind: 'regular' | 'special';
  title: string | null;
  /** ISO-8601 UTC start instant. */
  airInstant: string;
  /** IANA zone of the broadcast. */
  zone: string;
  show: { id: number; slug: string; title: string };
  part: { number: number; title: string; subtitle: string | null };
}

export interface NetworkView {
  id: number;
  slug: string;
  name: string;
  kind: 'broadcaster' | 'streaming';
  url: string | null;
}

/** A show as lists show it. */
export interface ShowSummary {
  id: number;
  slug: string;
  /** Site path, /shows/<slug>. */
  path: string;
  title: string;
  titleKo: string | null;
  aliases: string[];
  genres: string[];
  synopsis: string;
  isFictional: boolean;
  networks: NetworkView[];
}

export interface SlotView {
  weekday: number;
  localTime: string;
  zone: string;
  network: string | null;
}

export interface EpisodeView {
  id: number;
  number: number | null;
  kind: 'regular' | 'special';
  title: string | null;
  airInstant: string;
  zone: string;
  runtimeMinutes: number | null;
  note: string | null;
  sequence: number;
}

export interface PartView {
  id: number;
  number: number;
  title: string;
  subtitle: string | null;
  subtitleKo: string | null;
  timeSkipNote: string | null;
  slots: SlotView[];
  episodes: EpisodeView[];
}

/** A credit on a show page: the person, and the character or crew role. */
export interface ShowCredit {
  kind: 'cast' | 'crew';
  role: string;
  billing: number;
  /** Part number when the credit covers one part only. */
  partNumber: number | null;
  person: { id: number; slug: string; name: string; nameKo: string | null };
  character: { id: number; slug: string; name: string; nameKo: string | null } | null;
}

export interface CharacterView {
  id: number;
  slug: string;
  name: string;
  nameKo: string | null;
  aliases: string[];
  description: string;
}

/** An upcoming event (fan meeting, showcase) of someone in the show. */
export interface ShowEvent {
  id: number;
  slug: string;
  title: string;
  /** Venue, city, country. */
  place: string;
  startsAt: string;
  zone: string;
}

/** Everything the show page and the show API item need. */
export interface ShowDetail extends ShowSummary {
  parts: PartView[];
  characters: CharacterView[];
  credits: ShowCredit[];
  status: ShowStatus;
  /** Upcoming events of the cast and crew. */
  events: ShowEvent[];
}

/** Parses a JSON text column holding string[]; anything else reads as empty. */
export function parseStringList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export function showPath(slug: string): string {
  return `/shows/${slug}`;
}

/**
 * The fragment that names an episode on its show page: `episode-3`, `part-2-episode-3` in a later
 * part (parts number their episodes from 1 again), `special-2026-12-05` for an unnumbered special
 * (its air date where it airs). Readers share these links, so they say what they point at.
 */
export function episodeAnchor(
  partNumber: number,
  episode: { number: number | null; airInstant: string; zone: string },
): string {
  if (episode.number === null) {
    return `special-${DateTime.fromISO(episode.airInstant, { zone: episode.zone }).toISODate()}`;
  }
  const part = partNumber > 1 ? `part-${partNumber}-` : '';
  return `${part}episode-${episode.number}`;
}

/** The URL path of an episode: its show page at the episode's anchor. */
export function episodePath(
  show: { slug: string },
  partNumber: number,
  episode: { number: number | null; airInstant: string; zone: string },
): string {
  return `${showPath(show.slug)}#${episodeAnchor(partNumber, episode)}`;
}
