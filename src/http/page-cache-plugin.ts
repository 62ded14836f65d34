import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  compress,
  preparePage,
  type CachedPage,
  type Encoding,
  type PageCache,
} from './page-cache.js';

/*
 * Serving reader pages through the page cache. A route opts in with `reply.cachePage(tags)`;
 * the hooks below then keep the rendered page, answer later requests for the same URL from
 * memory (compressed as the client accepts, 304 for a matching If-None-Match) and leave
 * everything else alone. Requests that carry a personal cookie always render afresh.
 */

export interface PageCacheHookOptions {
  /** The cache, or undefined when caching is off (DEHO_PAGE_CACHE=0): ETags and compression still apply. */
  cache: PageCache | undefined;
  /** Cookies that make a page personal (a commenter's pending comments, a staff session). */
  personalCookies: readonly string[];
  /** How long a page may be served from memory at most, as a safety net for time-dependent text. */
  maxAgeMs: number;
  now: () => number;
  /** s-maxage for shared caches (config.cdnMaxAge), in seconds; 0 = none. */
  cdnMaxAge?: number;
}

interface PendingPage {
  tags: Iterable<string>;
  expiresAt: number | undefined;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Marks this response as a cacheable page that shows the entities named by `tags`
     * ("article:12", "show:3", "lists", …). `expiresAt` (epoch ms) ends its life early when
     * something on it changes with time, such as an episode that is about to air.
     */
    cachePage(tags: Iterable<string>, expiresAt?: number): void;
  }
}

const pending = new WeakMap<FastifyReply, PendingPage>();

/** The encoding to send: brotli, then gzip, when the client accepts them. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0+)?$/.test(part))
      .map((part) => part.split(';')[0]?.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** True when the request carries one of the cookies that make a page personal. */
export function hasPersonalCookie(
  cookieHeader: string | undefined,
  cookies: readonly string[],
): boolean {
  return cookieHeader !== undefined && cookies.some((name) => cookieHeader.includes(`${name}=`));
}

function isPersonal(request: FastifyRequest, cookies: readonly string[]): boolean {
  return hasPersonalCookie(request.headers.cookie, cookies);
}

/** True when If-None-Match names the page's current ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  return (
    ifNoneMatch !== undefined &&
    ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
  );
}

/** Headers of a response that belong to that one response, not to the page. */
const PER_RESPONSE = new Set([
  'content-length',
  'content-encoding',
  'content-type',
  'x-request-id',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'etag',
  'vary',
  'x-cache',
  'cache-control',
  'surrogate-key',
  'cache-tag',
]);

/** The page-level headers of a rendered response (security headers…), replayed on hits. */
function pageHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_RESPONSE.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/**
 * Cache-Control of a public page: browsers revalidate every time (a 304 is cheap), a shared cache
 * (CDN) may keep it for `cdnMaxAge` seconds, or until the page's own end of life if sooner, and
 * serve it stale for a little longer while it refetches (or while Deho is down).
 */
export function publicCacheControl(cdnMaxAge: number, secondsLeft: number): string {
  const sMaxAge = Math.max(0, Math.min(cdnMaxAge, Math.floor(secondsLeft)));
  if (sMaxAge === 0) return 'public, max-age=0, must-revalidate';
  return `public, max-age=0, s-maxage=${sMaxAge}, stale-while-revalidate=30, stale-if-error=600`;
}

/** The surrogate keys of a page: its tags, plus "site", which every page carries (purge all). */
export function surrogateKeys(tags: Iterable<string>): string[] {
  const keys = new Set<string>();
  for (const tag of tags) if (/^[\x21-\x7e]+$/.test(tag) && !tag.includes(',')) keys.add(tag);
  keys.add('site');
  return [...keys];
}

/** The validators, caching and encoding headers of a page's answer (Fastify and fast path). */
export function pageAnswerHeaders(
  page: CachedPage,
  hit: boolean,
  shared: { personal: boolean; cdnMaxAge: number; now: number },
): Record<string, string> {
  const headers: Record<string, string> = {
    etag: page.etag,
    vary: 'accept-encoding',
    'x-cache': hit ? 'hit' : 'miss',
    'content-type': page.contentType,
  };
  if (shared.personal) {
    // Shows this reader's own pending comments: never for a shared cache.
    headers['cache-control'] = 'private, no-store';
  } else {
    const keys = surrogateKeys(page.tags);
    headers['cache-control'] = publicCacheControl(
      shared.cdnMaxAge,
      (page.expiresAt - shared.now) / 1000,
    );
    headers['surrogate-key'] = keys.join(' ');
    headers['cache-tag'] = keys.join(',');
  }
  return headers;
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
  cache: PageCache | undefined,
  hit: boolean,
  shared: { personal: boolean; cdnMaxAge: number; now: number },
) {
  void reply.headers(pageAnswerHeaders(page, hit, shared));
  if (etagMatches(request.headers['if-none-match'], page.etag)) {
    void reply.code(304);
    return '';
  }
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding === undefined) return page.body;
  void reply.header('content-encoding', encoding);
  // Without a cache (or for a personal page) there is nowhere to keep the compressed body.
  return cache === undefined ? compress(page.body, encoding) : cache.encoded(page, encoding);
}

/** Installs the page cache on an area (the reader site). */
export function usePageCache(app: FastifyInstance, options: PageCacheHookOptions): void {
  const { cache, personalCookies } = options;
  const cdnMaxAge = options.cdnMaxAge ?? 0;
  app.decorateReply(
    'cachePage',
    function cachePage(this: FastifyReply, tags: Iterable<string>, expiresAt?: number) {
      pending.set(this, { tags, expiresAt });
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    if (cache === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (isPersonal(request, personalCookies)) return;
    const page = cache.get(request.url);
    if (page === undefined) return;
    return reply.send(
      send(request, reply, page, cache, true, { personal: false, cdnMaxAge, now: options.now() }),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const marked = pending.get(reply);
    if (marked === undefined || reply.statusCode !== 200 || typeof payload !== 'string')
      return payload;
    pending.delete(reply);
    const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
    const expiresAt = Math.min(
      marked.expiresAt ?? Number.POSITIVE_INFINITY,
      options.now() + options.maxAgeMs,
    );
    const page = preparePage(
      Buffer.from(payload),
      contentType,
      marked.tags,
      expiresAt,
      pageHeaders(reply),
    );
    // A response that sets a cookie is for one reader only.
    const personal = isPersonal(request, personalCookies) || reply.hasHeader('set-cookie');
    if (cache !== undefined && !personal && request.method === 'GET') cache.set(request.url, page);
    return send(request, reply, page, personal ? undefined : cache, false, {
      personal,
      cdnMaxAge,
      now: options.now(),
    });
  });
}
