import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { renderDocument } from '../../views/render.js';
import { listArticleSummaries } from '../articles/index.js';
import { EventPage, EventsPage } from './event-views.js';
import { linkedNews } from './group-event.repository.js';
import {
  getEventDetail,
  getGroupDetail,
  listEventDetails,
  pageOfGroups,
} from './group-event.service.js';
import { GroupPage } from './group-views.js';
import { GroupsIndexPage, PeopleIndexPage } from './index-views.js';
import { eventCalendar, personCalendar } from './people.calendar.js';
import { PersonPage } from './person-views.js';
import * as service from './person.service.js';

// Any string is routed here; a slug that cannot exist answers the same 404 page as an unknown one.
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const INDEX_PAGE_SIZE = 30;
const NEWS_LIMIT = 10;
const UPCOMING_LIMIT = 50;
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

function checkSlug(slug: string, what: string): void {
  if (!SLUG_PATTERN.test(slug)) throw new NotFound(`There is no ${what} at "${slug}".`);
}

function sendCalendar(reply: FastifyReply, slug: string, body: string) {
  return reply
    .type(CALENDAR_TYPE)
    .header('content-disposition', `inline; filename="${slug}.ics"`)
    .header('cache-control', 'public, max-age=300')
    .send(body);
}

/** Reader pages of the people feature: people, groups, events, and their calendars. */
export function peopleSiteRoutes(app: App, ctx: AppContext): void {
  const html = (reply: FastifyReply, body: string) =>
    reply.type('text/html; charset=utf-8').send(body);

  // Person and group writes drop the whole page cache (routes.admin.ts), so the tags name what
  // the page shows for a purge by key at a CDN.
  app.get('/people', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const { people, pagination } = await service.pageOfPeople(ctx.db, {
      page,
      limit: INDEX_PAGE_SIZE,
    });
    if (page > pagination.pages) throw new NotFound('There are not that many pages of people.');
    reply.cachePage(['people', ...people.map((p) => `person:${p.id}`)]);
    return html(
      reply,
      renderDocument(PeopleIndexPage({ site: ctx.site(), page, pagination, people })),
    );
  });

  app.get('/groups', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const { groups, pagination } = await pageOfGroups(ctx.db, { page, limit: INDEX_PAGE_SIZE });
    if (page > pagination.pages) throw new NotFound('There are not that many pages of groups.');
    reply.cachePage(['groups', ...groups.map((g) => `group:${g.id}`)]);
    return html(
      reply,
      renderDocument(GroupsIndexPage({ site: ctx.site(), page, pagination, groups })),
    );
  });

  app.get('/people/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    checkSlug(slug, 'person');
    const now = ctx.clock();
    const person = await service.getPersonDetail(ctx.db, slug, now);
    const news = await listArticleSummaries(
      ctx.db,
      { kind: 'person', personId: person.id },
      { limit: NEWS_LIMIT, offset: 0, now: now.toISOString() },
    );
    return html(reply, renderDocument(PersonPage({ site: ctx.site(), person, news })));
  });

  app.get(
    '/people/:slug/calendar.ics',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      checkSlug(slug, 'person');
      return sendCalendar(
        reply,
        slug,
        await personCalendar(ctx.db, slug, ctx.clock(), ctx.config.baseUrl),
      );
    },
  );

  app.get('/groups/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    checkSlug(slug, 'group');
    const group = await getGroupDetail(ctx.db, slug);
    const news = await linkedNews(
      ctx.db,
      { kind: 'group', id: group.id },
      ctx.clock().toISOString(),
      NEWS_LIMIT,
    );
    return html(reply, renderDocument(GroupPage({ site: ctx.site(), group, news })));
  });

  app.get('/events', async (_request, reply) => {
    const events = await listEventDetails(
      ctx.db,
      { from: ctx.clock().toISOString() },
      { limit: UPCOMING_LIMIT, offset: 0 },
    );
    return html(reply, renderDocument(EventsPage({ site: ctx.site(), events })));
  });

  app.get('/events/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    checkSlug(slug, 'event');
    const now = ctx.clock().toISOString();
    const event = await getEventDetail(ctx.db, slug);
    const news = await linkedNews(ctx.db, { kind: 'event', id: event.id }, now, NEWS_LIMIT);
    return html(reply, renderDocument(EventPage({ site: ctx.site(), event, news, now })));
  });

  app.get(
    '/events/:slug/calendar.ics',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      checkSlug(slug, 'event');
      const event = await getEventDetail(ctx.db, slug);
      return sendCalendar(reply, slug, eventCalendar(event, ctx.clock(), ctx.config.baseUrl));
    },
  );
}
