import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { compress, preparePage, type CachedPage, type Encoding, type PageCache } from './page-cache.js';

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

function isPersonal(request: FastifyRequest, cookies: readonly string[]): boolean {
  const header = request.headers.cookie;
  return header !== undefined && cookies.some((name) => header.includes(`${name}=`));
}

function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

function send(request: FastifyRequest, reply: FastifyReply, page: CachedPage, cache: PageCache | undefined, hit: boolean) {
  void reply
    .header('etag', page.etag)
    .header('vary', 'accept-encoding')
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .header('x-cache', hit ? 'hit' : 'miss')
    .type(page.contentType);
  if (matchesEtag(request, page.etag)) {
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
  app.decorateReply('cachePage', function cachePage(this: FastifyReply, tags: Iterable<string>, expiresAt?: number) {
    pending.set(this, { tags, expiresAt });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (cache === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (isPersonal(request, personalCookies)) return;
    const page = cache.get(request.url);
    if (page === undefined) return;
    return reply.send(send(request, reply, page, cache, true));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const marked = pending.get(reply);
    if (marked === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    pending.delete(reply);
    const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
    const expiresAt = Math.min(marked.expiresAt ?? Number.POSITIVE_INFINITY, options.now() + options.maxAgeMs);
    const page = preparePage(Buffer.from(payload), contentType, marked.tags, expiresAt);
    const personal = isPersonal(request, personalCookies);
    if (cache !== undefined && !personal && request.method === 'GET') cache.set(request.url, page);
    return send(request, reply, page, personal ? undefined : cache, false);
  });
}
