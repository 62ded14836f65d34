import type { App, AppContext } from '../../context.js';
import { renderJsonFeed, renderRss } from './feed.render.js';
import { buildSiteFeed } from './feed.service.js';

/** Feeds may be a few minutes stale; readers poll them often. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * The site-wide feeds: GET /feed.json (JSON Feed 1.1) and GET /feed.xml (RSS 2.0) of the latest
 * published articles. Register in the public site area.
 */
export function feedRoutes(app: App, ctx: AppContext): void {
  const feed = () => buildSiteFeed({ db: ctx.db, clock: ctx.clock, site: ctx.site() });

  app.get('/feed.json', async (_request, reply) => {
    const body = JSON.stringify(renderJsonFeed(await feed()));
    return reply
      .type('application/feed+json; charset=utf-8')
      .header('cache-control', CACHE_CONTROL)
      .send(body);
  });

  app.get('/feed.xml', async (_request, reply) => {
    const body = renderRss(await feed());
    return reply
      .type('application/rss+xml; charset=utf-8')
      .header('cache-control', CACHE_CONTROL)
      .send(body);
  });
}

export { renderJsonFeed, renderRss, escapeXml, rfc822 } from './feed.render.js';
export { buildSiteFeed, FEED_SIZE } from './feed.service.js';
export type { Feed, FeedItem } from './feed.model.js';
