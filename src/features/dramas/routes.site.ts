import { DateTime } from 'luxon';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { renderDocument } from '../../views/render.js';
import { listArticleSummaries } from '../articles/index.js';
import { scheduleCalendar, showCalendar } from './calendar.js';
import * as service from './drama.service.js';
import { SchedulePage } from './schedule-views.js';
import { ShowIndexPage } from './show-index-views.js';
import { getShowIndex } from './show-index.service.js';
import { ShowPage } from './show-views.js';

// Any string is routed here; a slug that cannot exist answers the same 404 page as an unknown one.
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const NEWS_LIMIT = 10;
const INDEX_PAGE_SIZE = 30;

// Filters are checked here for shape and range, and by the service against what exists; an
// unknown value answers 400 with a sentence saying what is accepted, never an empty list.
const ShowIndexQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  status: Type.Optional(Type.String({ maxLength: 100 })),
  network: Type.Optional(Type.String({ maxLength: 100 })),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
});

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** The first of the instants still to come, as epoch ms (when something on a page changes). */
function nextInstant(instants: readonly string[], now: Date): number | undefined {
  const future = instants.map((i) => Date.parse(i)).filter((t) => t > now.getTime());
  return future.length > 0 ? Math.min(...future) : undefined;
}

/** Reader pages of the dramas feature: /shows, /shows/:slug, /schedule and their calendars. */
export function dramaSiteRoutes(app: App, ctx: AppContext): void {
  app.get('/shows', { schema: { querystring: ShowIndexQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const index = await getShowIndex(
      ctx.db,
      request.query,
      { page, limit: INDEX_PAGE_SIZE },
      ctx.clock(),
    );
    if (page > index.pagination.pages)
      throw new NotFound('There are not that many pages of shows.');
    // Shows move between statuses as their first and last episodes air.
    reply.cachePage(['shows', ...index.shows.map((s) => `show:${s.id}`)], index.nextChange);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(ShowIndexPage({ site: ctx.site(), index, page })));
  });

  app.get('/shows/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG_PATTERN.test(slug)) throw new NotFound(`There is no show at "${slug}".`);
    const now = ctx.clock();
    const show = await service.getShowDetail(ctx.db, slug, now);
    const news = await listArticleSummaries(
      ctx.db,
      { kind: 'show', showId: show.id },
      { limit: NEWS_LIMIT, offset: 0, now: now.toISOString() },
    );
    // The status line and tenses change when the next episode airs.
    reply.cachePage(
      [
        `show:${show.id}`,
        ...show.credits.map((c) => `person:${c.person.id}`),
        ...news.map((a) => `article:${a.id}`),
      ],
      nextInstant(
        show.parts.flatMap((p) => p.episodes.map((e) => e.airInstant)),
        now,
      ),
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(ShowPage({ site: ctx.site(), show, news })));
  });

  app.get('/schedule', async (_request, reply) => {
    const now = ctx.clock();
    const schedule = await service.getSchedule(ctx.db, now);
    const kstNow = DateTime.fromJSDate(now).setZone(service.SCHEDULE_ZONE);
    const today = kstNow.toISODate() ?? '';
    // "Today" moves at midnight KST; an episode's entry changes once it has aired.
    const midnight = kstNow.plus({ days: 1 }).startOf('day').toMillis();
    const nextAir = nextInstant(
      schedule.days.flatMap((d) => d.episodes.map((e) => e.airInstant)),
      now,
    );
    reply.cachePage(
      ['schedule', ...schedule.days.flatMap((d) => d.episodes.map((e) => `show:${e.show.id}`))],
      Math.min(midnight, nextAir ?? midnight),
    );
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(SchedulePage({ site: ctx.site(), schedule, today })));
  });

  app.get(
    '/shows/:slug/calendar.ics',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      if (!SLUG_PATTERN.test(slug)) throw new NotFound(`There is no show at "${slug}".`);
      const body = await showCalendar(ctx.db, slug, ctx.clock(), ctx.config.baseUrl);
      return reply
        .type(CALENDAR_TYPE)
        .header('content-disposition', `inline; filename="${slug}.ics"`)
        .header('cache-control', 'public, max-age=300')
        .send(body);
    },
  );

  app.get('/schedule.ics', async (_request, reply) => {
    const site = ctx.site();
    const body = await scheduleCalendar(ctx.db, ctx.clock(), ctx.config.baseUrl, site.title);
    return reply
      .type(CALENDAR_TYPE)
      .header('content-disposition', 'inline; filename="schedule.ics"')
      .header('cache-control', 'public, max-age=300')
      .send(body);
  });
}
