import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { readSettings } from '../settings/index.js';
import type { FeedScope } from './feed.model.js';
import { renderAtom, renderJsonFeed, renderRss } from './feed.render.js';
import { buildFeed } from './feed.service.js';

/** Feeds may be a few minutes stale; readers poll them often. */
const CACHE_CONTROL = 'public, max-age=300';

/*
 * Feeds list the latest articles: every write that changes what lists show drops `lists`
 * (edits, publication, comments do not appear in feeds), and names, tags and settings drop
 * `site`. So a feed is cached until either is dropped.
 */
const FEED_TAGS = ['lists'];

const FORMATS = {
  'feed.json': {
    type: 'application/feed+json; charset=utf-8',
    render: (feed: Parameters<typeof renderJsonFeed>[0]) => JSON.stringify(renderJsonFeed(feed)),
  },
  'feed.xml': { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
} as const;

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });

/**
 * The feeds: RSS 2.0 (feed.xml), Atom 1.0 (atom.xml) and JSON Feed 1.1 (feed.json) of the latest
 * published articles, site-wide (/feed.xml …) and per tag, show and person
 * (/tags/:slug/feed.xml …). Register in the public site area.
 */
export function feedRoutes(app: App, ctx: AppContext): void {
  const send = async (scope: FeedScope, name: keyof typeof FORMATS) => {
    const settings = await readSettings(ctx.db);
    const feed = await buildFeed(
      { db: ctx.db, clock: ctx.clock, site: ctx.site(), fullText: settings.feed_full_text },
      scope,
    );
    if (feed === undefined) throw new NotFound('There is nothing to follow at this address.');
    return FORMATS[name].render(feed);
  };

  for (const name of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    app.get(`/${name}`, async (_request, reply) => {
      const body = await send({ kind: 'all' }, name);
      reply.cachePage(FEED_TAGS);
      return reply.type(FORMATS[name].type).header('cache-control', CACHE_CONTROL).send(body);
    });
    for (const kind of ['tag', 'show', 'person'] as const) {
      const prefix = kind === 'tag' ? 'tags' : kind === 'show' ? 'shows' : 'people';
      app.get(
        `/${prefix}/:slug/${name}`,
        { schema: { params: SlugParams } },
        async (request, reply) => {
          // Slugs may hold any script's letters (a Hangul tag, an imported WordPress slug).
          const slug = request.params.slug.normalize('NFC');
          if (!SLUG_PATTERN.test(slug)) throw new NotFound();
          const body = await send({ kind, slug }, name);
          reply.cachePage(FEED_TAGS);
          return reply.type(FORMATS[name].type).header('cache-control', CACHE_CONTROL).send(body);
        },
      );
    }
  }
}

/** Autodiscovery links for a tag, show or person page: pass as Layout's `feeds`. */
export function feedLinksFor(kind: 'tag' | 'show' | 'person', slug: string, name: string) {
  const prefix = kind === 'tag' ? 'tags' : kind === 'show' ? 'shows' : 'people';
  return [
    { type: 'rss' as const, title: `${name} (RSS)`, href: `/${prefix}/${slug}/feed.xml` },
    { type: 'atom' as const, title: `${name} (Atom)`, href: `/${prefix}/${slug}/atom.xml` },
    { type: 'json' as const, title: `${name} (JSON Feed)`, href: `/${prefix}/${slug}/feed.json` },
  ];
}

export { renderAtom, renderJsonFeed, renderRss, escapeXml, rfc822 } from './feed.render.js';
export { buildFeed, FEED_SIZE } from './feed.service.js';
export type { Feed, FeedItem, FeedScope } from './feed.model.js';
