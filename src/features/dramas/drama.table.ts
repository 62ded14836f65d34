import type { Generated, Selectable } from 'kysely';

export interface NetworkTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: 'broadcaster' | 'streaming';
  url: string | null;
}
export type NetworkRow = Selectable<NetworkTable>;

export interface ShowTable {
  id: Generated<number>;
  slug: string;
  title: string;
  title_ko: string | null;
  /** JSON text: string[]. */
  aliases: Generated<string>;
  /** JSON text: string[]. */
  genres: Generated<string>;
  synopsis: Generated<string>;
  poster_id: number | null;
  /** 1 for invented demo shows, so that pages can say so. */
  is_fictional: Generated<0 | 1>;
  created_at: string;
  updated_at: string;
}
export type ShowRow = Selectable<ShowTable>;

export interface ShowNetworkTable {
  show_id: number;
  network_id: number;
  position: Generated<number>;
}

export interface PartTable {
  id: Generated<number>;
  show_id: number;
  number: number;
  title: string;
  subtitle: string | null;
  subtitle_ko: string | null;
  time_skip_note: string | null;
  created_at: string;
  updated_at: string;
}
export type PartRow = Selectable<PartTable>;

export interface BroadcastSlotTable {
  id: Generated<number>;
  part_id: number;
  /** 0 = Sunday … 6 = Saturday, as in JavaScript's Date#getDay. */
  weekday: number;
  /** HH:MM, wall-clock time in `zone`. */
  local_time: string;
  /** IANA zone, e.g. Asia/Seoul. */
  zone: string;
  network_id: number | null;
}
export type BroadcastSlotRow = Selectable<BroadcastSlotTable>;

export interface EpisodeTable {
  id: Generated<number>;
  part_id: number;
  /** Null for specials that carry no number. */
  number: number | null;
  kind: 'regular' | 'special';
  title: string | null;
  /** ISO-8601 UTC instant the episode starts. */
  air_instant: string;
  /** IANA zone of the broadcast, for showing the origin's local time. */
  zone: string;
  runtime_minutes: number | null;
  note: string | null;
  /** 1 once an editor changed this episode by hand; regeneration leaves it alone. */
  is_edited: Generated<0 | 1>;
  /** Bumped whenever the air instant moves (iCalendar SEQUENCE). */
  sequence: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type EpisodeRow = Selectable<EpisodeTable>;

export interface CharacterTable {
  id: Generated<number>;
  show_id: number;
  slug: string;
  name: string;
  name_ko: string | null;
  aliases: Generated<string>;
  description: Generated<string>;
  created_at: string;
  updated_at: string;
}
export type CharacterRow = Selectable<CharacterTable>;

export interface CreditTable {
  id: Generated<number>;
  person_id: number;
  show_id: number;
  part_id: number | null;
  character_id: number | null;
  kind: 'cast' | 'crew';
  /** For cast: lead, supporting, cameo; for crew: director, writer, … */
  role: string;
  billing: Generated<number>;
}
export type CreditRow = Selectable<CreditTable>;
