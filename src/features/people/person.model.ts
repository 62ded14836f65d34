/*
 * Domain and view types of the people feature; rows are mapped into these by the repository.
 */

/** A person as lists show them. */
export interface PersonSummary {
  id: number;
  slug: string;
  /** Site path, /people/<slug>. */
  path: string;
  name: string;
  nameKo: string | null;
  aliases: string[];
  roles: string[];
}

/** A membership of a group over time (ISO dates; null end = still a member). */
export interface MembershipView {
  group: { id: number; slug: string; name: string; nameKo: string | null };
  role: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** One line of a filmography: a credit on a show, with the character played. */
export interface FilmographyEntry {
  show: { id: number; slug: string; title: string; titleKo: string | null; isFictional: boolean };
  kind: 'cast' | 'crew';
  role: string;
  partNumber: number | null;
  partTitle: string | null;
  character: { slug: string; name: string; nameKo: string | null } | null;
  /** First and last episode instants of the show, when it has any. */
  firstAir: string | null;
  lastAir: string | null;
}

export interface EventView {
  id: number;
  slug: string;
  title: string;
  kind: string;
  venue: string | null;
  city: string | null;
  country: string | null;
  startsAt: string;
  endsAt: string | null;
  zone: string;
}

export interface PersonDetail extends PersonSummary {
  bio: string;
  memberships: MembershipView[];
  filmography: FilmographyEntry[];
  upcomingEvents: EventView[];
}

export function personPath(slug: string): string {
  return `/people/${slug}`;
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

/** Someone named on a group or event page. */
export interface PersonRef {
  id: number;
  slug: string;
  path: string;
  name: string;
  nameKo: string | null;
}

export interface GroupSummary {
  id: number;
  slug: string;
  /** Site path, /groups/<slug>. */
  path: string;
  name: string;
  nameKo: string | null;
  aliases: string[];
  kind: string;
  debutDate: string | null;
  disbandDate: string | null;
}

export interface GroupDetail extends GroupSummary {
  description: string;
  members: {
    membershipId: number;
    person: PersonRef;
    role: string | null;
    startDate: string | null;
    endDate: string | null;
  }[];
}

export interface EventDetail extends EventView {
  path: string;
  description: string;
  sequence: number;
  people: PersonRef[];
}

export function groupPath(slug: string): string {
  return `/groups/${slug}`;
}

export function eventPath(slug: string): string {
  return `/events/${slug}`;
}
