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
