import { DateTime } from 'luxon';
import { countryCode } from '../../lib/country.js';
import type { JsonLdObject } from '../../views/components/json-ld.js';
import type { EventDetail, EventView, GroupDetail, PersonDetail } from './person.model.js';

/* schema.org structured data of person, event and group pages. */

function zonedIso(instant: string, zone: string): string {
  return (
    DateTime.fromISO(instant, { zone: 'utc' })
      .setZone(zone)
      .toISO({ suppressMilliseconds: true }) ?? instant
  );
}

function place(event: EventView): JsonLdObject | undefined {
  if (!event.venue && !event.city && !event.country) return undefined;
  // schema.org wants an ISO code; a country Deho cannot name stays in `name` only.
  const country = event.country ? countryCode(event.country) : undefined;
  return {
    '@type': 'Place',
    name: event.venue ?? event.city ?? event.country ?? '',
    address: {
      '@type': 'PostalAddress',
      ...(event.city && { addressLocality: event.city }),
      ...(country !== undefined && { addressCountry: country }),
    },
  };
}

/** An Event, with its performers when known. */
export function eventJsonLd(
  event: EventView & { path?: string; description?: string; people?: EventDetail['people'] },
  baseUrl: string,
  withContext = true,
): JsonLdObject {
  const location = place(event);
  return {
    ...(withContext && { '@context': 'https://schema.org' }),
    '@type': 'Event',
    name: event.title,
    url: `${baseUrl}/events/${event.slug}`,
    startDate: zonedIso(event.startsAt, event.zone),
    ...(event.endsAt && { endDate: zonedIso(event.endsAt, event.zone) }),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    eventStatus: 'https://schema.org/EventScheduled',
    ...(location && { location }),
    ...(event.description && { description: event.description }),
    ...(event.people &&
      event.people.length > 0 && {
        performer: event.people.map((p) => ({
          '@type': 'Person',
          name: p.name,
          url: baseUrl + p.path,
        })),
      }),
  };
}

/** A Person with groups over time (Role pattern), credits as PerformanceRoles and events. */
export function personJsonLd(person: PersonDetail, baseUrl: string): JsonLdObject {
  const alternateName = [...(person.nameKo ? [person.nameKo] : []), ...person.aliases].filter(
    (name) => name !== person.name,
  );
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    '@id': baseUrl + person.path,
    name: person.name,
    ...(alternateName.length > 0 && { alternateName }),
    url: baseUrl + person.path,
    ...(person.bio && { description: person.bio }),
    ...(person.memberships.length > 0 && {
      memberOf: person.memberships.map((m) => ({
        '@type': 'OrganizationRole',
        memberOf: {
          '@type': 'MusicGroup',
          name: m.group.name,
          url: `${baseUrl}/groups/${m.group.slug}`,
        },
        ...(m.role && { roleName: m.role }),
        ...(m.startDate && { startDate: m.startDate }),
        ...(m.endDate && { endDate: m.endDate }),
      })),
    }),
    ...(person.filmography.length > 0 && {
      subjectOf: person.filmography.map((entry) => ({
        '@type': 'TVSeries',
        name: entry.show.title,
        url: `${baseUrl}/shows/${entry.show.slug}`,
        ...(entry.kind === 'cast'
          ? {
              actor: {
                '@type': 'PerformanceRole',
                actor: { '@id': baseUrl + person.path },
                roleName: entry.role,
                ...(entry.character && { characterName: entry.character.name }),
              },
            }
          : entry.role === 'director'
            ? { director: { '@id': baseUrl + person.path } }
            : { creator: { '@id': baseUrl + person.path } }),
      })),
    }),
    ...(person.upcomingEvents.length > 0 && {
      performerIn: person.upcomingEvents.map((event) => eventJsonLd(event, baseUrl, false)),
    }),
  };
}

export function groupJsonLd(group: GroupDetail, baseUrl: string): JsonLdObject {
  return {
    '@context': 'https://schema.org',
    '@type': 'MusicGroup',
    name: group.name,
    ...(group.nameKo && { alternateName: [group.nameKo, ...group.aliases] }),
    url: baseUrl + group.path,
    ...(group.debutDate && { foundingDate: group.debutDate }),
    ...(group.disbandDate && { dissolutionDate: group.disbandDate }),
    ...(group.description && { description: group.description }),
    member: group.members.map((m) => ({
      '@type': 'OrganizationRole',
      member: { '@type': 'Person', name: m.person.name, url: baseUrl + m.person.path },
      ...(m.role && { roleName: m.role }),
      ...(m.startDate && { startDate: m.startDate }),
      ...(m.endDate && { endDate: m.endDate }),
    })),
  };
}
