import type { Generated, Selectable } from 'kysely';

export type PersonRole = 'actor' | 'director' | 'writer' | 'idol' | 'producer';

export interface PersonTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** Name in Hangul, e.g. 이재욱. */
  name_ko: string | null;
  /** JSON text: string[] of romanization variants, stage names and other aliases. */
  aliases: Generated<string>;
  /** JSON text: PersonRole[]. */
  roles: Generated<string>;
  bio: Generated<string>;
  birth_date: string | null;
  image_id: number | null;
  created_at: string;
  updated_at: string;
}
export type PersonRow = Selectable<PersonTable>;

export interface GroupTable {
  id: Generated<number>;
  slug: string;
  name: string;
  name_ko: string | null;
  aliases: Generated<string>;
  kind: Generated<string>;
  debut_date: string | null;
  disband_date: string | null;
  description: Generated<string>;
  created_at: string;
  updated_at: string;
}
export type GroupRow = Selectable<GroupTable>;

export interface GroupMembershipTable {
  id: Generated<number>;
  group_id: number;
  person_id: number;
  role: string | null;
  /** ISO dates (YYYY-MM-DD); null start = since the group began, null end = still a member. */
  start_date: string | null;
  end_date: string | null;
}

export type EventKind = 'fan_meeting' | 'showcase' | 'press_conference' | 'concert' | 'other';

export interface EventTable {
  id: Generated<number>;
  slug: string;
  title: string;
  kind: EventKind;
  venue: string | null;
  city: string | null;
  country: string | null;
  starts_at: string;
  ends_at: string | null;
  /** IANA zone of the venue. */
  zone: string;
  description: Generated<string>;
  sequence: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type EventRow = Selectable<EventTable>;

export interface EventPersonTable {
  event_id: number;
  person_id: number;
}
