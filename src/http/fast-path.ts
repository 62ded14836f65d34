import crypto from 'node:crypto';
import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { PageCache } from './page-cache.js';
import { etagMatches, hasPersonalCookie, pageAnswerHeaders, pickEncoding } from './page-cache-plugin.js';

/*
 * Cache hits answered before Fastify sees the request. A cached page has already been through
 * every hook once (security headers, routing, rendering); its headers were kept with it, so the
 * hit is answered byte for byte as Fastify would, at close to the speed of a bare node:http
 * server. The cost: hits are not in the request log (they are counted in the cache's stats).
 * Misses, personal requests and everything else go to Fastify unchanged.
 */

export interface FastPathOptions {
  cache: PageCache | undefined;
  personalCookies: readonly string[];
  /** s-maxage for shared caches, as the page cache plugin uses it. */
  cdnMaxAge: number;
  now: () => number;
}

function serveHit(options: FastPathOptions & { cache: PageCache }, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const { cache, personalCookies } = options;
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false;
  if (hasPersonalCookie(req.headers.cookie, personalCookies)) return false;
  const page = cache.peek(req.url);
  if (page === undefined) return false;
  const headers: Record<string, string | number> = {
    ...page.headers,
    ...pageAnswerHeaders(page, true, { personal: false, cdnMaxAge: options.cdnMaxAge, now: options.now() }),
    'x-request-id': crypto.randomUUID(),
  };
  if (etagMatches(req.headers['if-none-match'], page.etag)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const body = encoding === undefined ? page.body : cache.encoded(page, encoding);
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** A Fastify server factory whose server answers page-cache hits itself. */
export function cachedPageServer(options: FastPathOptions): FastifyServerFactory {
  return (handler) =>
    http.createServer((req, res) => {
      const { cache } = options;
      if (cache !== undefined && serveHit({ ...options, cache }, req, res)) return;
      handler(req, res);
    });
}
