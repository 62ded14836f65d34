/* Shapes of the Admin API answers the drama and people screens read. */

export type ShowStatusKind = 'unscheduled' | 'upcoming' | 'airing' | 'on_break' | 'finished';

export interface ShowRow {
  id: number;
  slug: string;
  title: string;
  title_ko: string | null;
  networks: string[];
  status: ShowStatusKind;
  episode_count: number;
  first_air: string | null;
  last_air: string | null;
  url: string;
}

export interface Slot {
  weekday: number;
  local_time: string;
  zone: string;
  network: string | null;
}

export interface Episode {
  id: number;
  number: number | null;
  kind: 'regular' | 'special';
  title: string | null;
  air_instant: string;
  zone: string;
  runtime_minutes: number | null;
  note: string | null;
}

export interface Part {
  id: number;
  number: number;
  title: string;
  subtitle: string | null;
  subtitle_ko: string | null;
  time_skip_note: string | null;
  broadcast_slots: Slot[];
  episodes: Episode[];
}

export interface Character {
  id: number;
  slug: string;
  name: string;
  name_ko: string | null;
  aliases: string[];
  description: string;
}

export interface ShowDetail {
  id: number;
  slug: string;
  title: string;
  title_ko: string | null;
  aliases: string[];
  genres: string[];
  synopsis: string;
  is_fictional: boolean;
  networks: { slug: string; name: string }[];
  status: { kind: ShowStatusKind };
  parts: Part[];
  characters: Character[];
  url: string;
}

export interface Network {
  id: number;
  slug: string;
  name: string;
  kind: 'broadcaster' | 'streaming';
}

export interface Credit {
  id: number;
  kind: 'cast' | 'crew';
  role: string;
  billing: number;
  part: number | null;
  person: { id: number; slug: string; name: string };
  show: { id: number; slug: string; title: string };
  character: { id: number; name: string } | null;
}

export interface PreviewEpisode {
  id: number | null;
  number: number | null;
  kind: 'regular' | 'special';
  air_instant: string;
  zone: string;
  change: 'new' | 'moved' | 'kept';
  is_edited: boolean;
  previous_air_instant: string | null;
}

export interface Preview {
  inserted: number;
  updated: number;
  removed: number;
  kept: number;
  episodes: PreviewEpisode[];
  removed_episodes: { id: number; number: number | null; air_instant: string }[];
}

export interface PersonRow {
  id: number;
  slug: string;
  name: string;
  name_ko: string | null;
  aliases: string[];
  roles: string[];
  url: string;
}

export interface PersonDetail extends PersonRow {
  bio: string;
  birth_date: string | null;
}

export interface Membership {
  id: number;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
  group: { id: number; slug: string; name: string };
}

export interface GroupRow {
  id: number;
  slug: string;
  name: string;
  name_ko: string | null;
  kind: string;
}

export interface EventRow {
  id: number;
  slug: string;
  title: string;
  kind: string;
  venue: string | null;
  city: string | null;
  country: string | null;
  starts_at: string;
  zone: string;
  people: { id: number; name: string }[];
  url: string;
}

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
