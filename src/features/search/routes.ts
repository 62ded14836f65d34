import type { App, AppContext } from '../../context.js';
import { renderDocument } from '../../views/render.js';
import { SearchPage } from './search-views.js';
import { ApiSearchQuery, SiteSearchQuery } from './search.schemas.js';
import { search, type SearchHit, type SearchInput } from './search.service.js';
import { MAX_QUERY_CHARS } from './search.text.js';

function input(query: ApiSearchQuery | SiteSearchQuery, defaultLimit: number): SearchInput {
  return {
    q: query.q ?? '',
    type: query.type ?? 'all',
    page: query.page ?? 1,
    limit: query.limit ?? defaultLimit,
    show: query.show,
    person: query.person,
    tag: query.tag,
    from: query.from,
    to: query.to,
  };
}

/** JSON of a result; every field listed so nothing else leaks. */
function toApiHit(hit: SearchHit, baseUrl: string) {
  return {
    type: hit.type,
    id: hit.id,
    slug: hit.slug,
    title: hit.title,
    title_ko: hit.titleKo,
    url: baseUrl + hit.path,
    /** Matched pieces have `match: true`; join the texts for plain text. */
    title_highlight: hit.titleSegments,
    snippet: hit.snippet,
    published_at: hit.publishedAt,
    ...(hit.show && {
      show: {
        slug: hit.show.slug,
        title: hit.show.title,
        url: `${baseUrl}/shows/${hit.show.slug}`,
      },
    }),
  };
}

/**
 * Content API: `GET /search?q=` → `{"articles": [...], "people": [...], "shows": [...],
 * "characters": [...], "groups": [...], "results": [...], "meta": {"pagination": {...},
 * "capped": false, "query": "...", "suggestion": null}}`. With `type=all` (the default) the
 * pagination is that of the articles and up to five of each other kind come on page 1;
 * `results` holds them all, best first whatever the kind. With one type, only that list,
 * paginated. `meta.suggestion` is the "Did you mean" name when the query matched no name.
 */
export function searchApiRoutes(app: App, ctx: AppContext): void {
  app.get('/search', { schema: { querystring: ApiSearchQuery } }, async (request) => {
    const result = await search(ctx.db, ctx.clock, input(request.query, 15));
    const base = ctx.config.baseUrl;
    return {
      articles: result.articles.map((h) => toApiHit(h, base)),
      people: result.people.map((h) => toApiHit(h, base)),
      shows: result.shows.map((h) => toApiHit(h, base)),
      characters: result.characters.map((h) => toApiHit(h, base)),
      groups: result.groups.map((h) => toApiHit(h, base)),
      /** Everything found, best first whatever its kind. */
      results: result.results.map((h) => toApiHit(h, base)),
      meta: {
        /** "Did you mean …": a name a few typos from the query, when it matched no name. */
        suggestion: result.suggestion,
        pagination: result.pagination,
        // More articles match than are ranked: the total is a lower bound.
        capped: result.capped,
        query: result.query.slice(0, MAX_QUERY_CHARS),
        type: result.type,
      },
    };
  });
}

/**
 * A search page is kept in the page cache from its second request within HOT_MS (a name
 * everyone is looking up): caching every search would let a stream of one-off queries push
 * articles out of the cache. At most HOT_KEEP searches are remembered, of addresses up to
 * HOT_URL characters (a longer one is never kept).
 */
const HOT_MS = 60_000;
const HOT_KEEP = 2_000;
const HOT_URL = 500;
/**
 * How long a kept search page may be served: changes to articles ('lists'), people, shows and
 * publishing ('site') drop it at once; this bounds the rest (a change written to the database
 * by hand, another instance without a page bus).
 */
const SEARCH_PAGE_MS = 60_000;

/** Reader page: `GET /search?q=` (a plain form; works without JavaScript). */
export function searchSiteRoutes(app: App, ctx: AppContext): void {
  /** When each search page was last asked for, least recent first. */
  const asked = new Map<string, number>();
  const askedAgain = (url: string, now: number): boolean => {
    if (url.length > HOT_URL) return false;
    const last = asked.get(url);
    asked.delete(url);
    asked.set(url, now);
    if (asked.size > HOT_KEEP) asked.delete(asked.keys().next().value ?? url);
    return last !== undefined && now - last < HOT_MS;
  };

  app.get('/search', { schema: { querystring: SiteSearchQuery } }, async (request, reply) => {
    const raw = request.query.q ?? '';
    const q = raw.slice(0, MAX_QUERY_CHARS);
    const result = await search(ctx.db, ctx.clock, { ...input(request.query, 10), q });
    const params = new URLSearchParams();
    params.set('q', q);
    if (result.type !== 'all') params.set('type', result.type);
    for (const key of ['show', 'person', 'tag', 'from', 'to'] as const) {
      const value = request.query[key];
      if (value !== undefined) params.set(key, value);
    }
    const now = ctx.clock().getTime();
    if (q.trim() !== '' && askedAgain(request.url, now)) {
      // Any article written ('lists'); people, shows, publishing and imports drop every page.
      reply.cachePage(['lists'], now + SEARCH_PAGE_MS);
    }
    return reply.type('text/html; charset=utf-8').send(
      renderDocument(
        SearchPage({
          site: ctx.site(),
          q,
          truncated: raw.length > MAX_QUERY_CHARS,
          result,
          baseQuery: params.toString(),
        }),
      ),
    );
  });
}
