import type { EventDetail, GroupDetail, PersonRef } from './person.model.js';

/* JSON of groups and events for both APIs; every field is listed so that no column leaks. */

function toApiPersonRef(person: PersonRef, baseUrl: string) {
  return {
    id: person.id,
    slug: person.slug,
    name: person.name,
    name_ko: person.nameKo,
    url: baseUrl + person.path,
  };
}

export function toApiGroup(group: GroupDetail, baseUrl: string) {
  return {
    id: group.id,
    slug: group.slug,
    name: group.name,
    name_ko: group.nameKo,
    aliases: group.aliases,
    kind: group.kind,
    debut_date: group.debutDate,
    disband_date: group.disbandDate,
    description: group.description,
    members: group.members.map((m) => ({
      membership_id: m.membershipId,
      person: toApiPersonRef(m.person, baseUrl),
      role: m.role,
      start_date: m.startDate,
      end_date: m.endDate,
    })),
    url: baseUrl + group.path,
  };
}

export function toApiEvent(event: EventDetail, baseUrl: string) {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    kind: event.kind,
    venue: event.venue,
    city: event.city,
    country: event.country,
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    zone: event.zone,
    description: event.description,
    sequence: event.sequence,
    people: event.people.map((p) => toApiPersonRef(p, baseUrl)),
    url: baseUrl + event.path,
    calendar_url: `${baseUrl}${event.path}/calendar.ics`,
  };
}
