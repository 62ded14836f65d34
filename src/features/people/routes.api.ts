import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import type { PersonDetail, PersonSummary } from './person.model.js';
import * as service from './person.service.js';
import { toApiEvent, toApiGroup } from './group-event.presenter.js';
import * as groupEvents from './group-event.service.js';

const PeopleQuery = Type.Object(
  {
    /** 1-based page number. */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    /** People per page. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
const EventsQuery = Type.Object(
  {
    ...PeopleQuery.properties,
    /** Only events of this person (slug). */
    person: Type.Optional(Type.String({ pattern: SLUG_PATTERN.source, maxLength: 200 })),
    /** Events not over by this ISO-8601 date or instant (UTC when no offset). */
    from: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
    /** Events starting before this ISO-8601 date or instant. */
    to: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
  },
  { additionalProperties: false },
);

const SlugParams = Type.Object(
  { slug: Type.String({ pattern: SLUG_PATTERN.source, minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** JSON of a person in lists; every field is listed so that no column leaks by accident. */
export function toApiPerson(person: PersonSummary, baseUrl: string) {
  return {
    id: person.id,
    slug: person.slug,
    name: person.name,
    name_ko: person.nameKo,
    aliases: person.aliases,
    roles: person.roles,
    url: baseUrl + person.path,
  };
}

export function toApiPersonDetail(person: PersonDetail, baseUrl: string) {
  return {
    ...toApiPerson(person, baseUrl),
    bio: person.bio,
    groups: person.memberships.map((m) => ({
      slug: m.group.slug,
      name: m.group.name,
      name_ko: m.group.nameKo,
      role: m.role,
      start_date: m.startDate,
      end_date: m.endDate,
    })),
    credits: person.filmography.map((entry) => ({
      show: {
        id: entry.show.id,
        slug: entry.show.slug,
        title: entry.show.title,
        url: `${baseUrl}/shows/${entry.show.slug}`,
      },
      kind: entry.kind,
      role: entry.role,
      part: entry.partNumber,
      character: entry.character && {
        slug: entry.character.slug,
        name: entry.character.name,
        name_ko: entry.character.nameKo,
      },
    })),
    events: person.upcomingEvents.map((event) => ({
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
    })),
  };
}

/** Content API of the people feature: people, groups and events, read-only. */
export function peopleApiRoutes(app: App, ctx: AppContext): void {
  const baseUrl = ctx.config.baseUrl;

  app.get('/people', { schema: { querystring: PeopleQuery } }, async (request) => {
    const { page = 1, limit = 20 } = request.query;
    const result = await service.pageOfPeople(ctx.db, { page, limit });
    return {
      people: result.people.map((person) => toApiPerson(person, baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/people/:slug', { schema: { params: SlugParams } }, async (request) => {
    const person = await service.getPersonDetail(ctx.db, request.params.slug, ctx.clock());
    return { person: toApiPersonDetail(person, baseUrl) };
  });

  app.get('/groups', { schema: { querystring: PeopleQuery } }, async (request) => {
    const { page = 1, limit = 20 } = request.query;
    const result = await groupEvents.pageOfGroups(ctx.db, { page, limit });
    return {
      groups: result.groups.map((group) => toApiGroup(group, baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/groups/:slug', { schema: { params: SlugParams } }, async (request) => ({
    group: toApiGroup(await groupEvents.getGroupDetail(ctx.db, request.params.slug), baseUrl),
  }));

  app.get('/events', { schema: { querystring: EventsQuery } }, async (request) => {
    const { page = 1, limit = 20, person, from, to } = request.query;
    const result = await groupEvents.pageOfEvents(
      ctx.db,
      { ...(person && { person }), ...(from && { from }), ...(to && { to }) },
      { page, limit },
    );
    return {
      events: result.events.map((event) => toApiEvent(event, baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/events/:slug', { schema: { params: SlugParams } }, async (request) => ({
    event: toApiEvent(await groupEvents.getEventDetail(ctx.db, request.params.slug), baseUrl),
  }));
}
