import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyServerFactory } from 'fastify';
import type { CachedPage, PageCache } from './page-cache.js';
import {
  etagMatches,
  hasPersonalCookie,
  pageAnswerHeaders,
  pickEncoding,
  publicCacheControl,
} from './page-cache-plugin.js';
import { RETRY_AFTER_SECONDS, type Problem } from './errors.js';
import { PLAIN_ANSWER_HEADERS } from './security-headers.js';

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
  /** Slow-client defence: limits on how long a client may take (see createLimitedServer). */
  timeouts?: ServerTimeouts;
  /** True once the app has begun to shut down: every request then gets the 503 below. */
  closing?: () => boolean;
  /**
   * The HTML error page of the reader and admin areas. Given, the server answers 503 itself
   * (that page, or the APIs' JSON under /api/) while closing and for a stalled handler.
   */
  errorPage?: (problem: Problem) => string;
  /** Counts of the answers given here, for /metrics (plain increments: no cost worth timing). */
  tally?: FastPathTally;
}

/** The answers the server gave without Fastify, by kind; read by /metrics, never reset. */
export interface FastPathTally {
  /** Cache hits answered 200. */
  hits: number;
  /** Cache hits answered 304 (the client's ETag matched). */
  notModified: number;
  /** Requests answered 503 because the server was closing. */
  closing: number;
}

/** Why a request gets a 503 from the server itself: its handler stalled, or Deho is stopping. */
type UnavailableReason = 'stalled' | 'closing';

const UNAVAILABLE_MESSAGES: Readonly<Record<UnavailableReason, string>> = {
  stalled: 'This took longer than the server allows, so it was given up. Try again in a moment.',
  closing: 'The server is restarting. Try again in a moment.',
};

/** How long a client may take; a client that is slower is cut off. */
export interface ServerTimeouts {
  /** The whole request head (request line and headers) must arrive within this. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
}

/** Longer request targets are refused with 414 before any routing or cache lookup. */
export const MAX_URL_LENGTH = 8 * 1024;

const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 72_000,
};

/**
 * A node:http server with the slow-client limits set. Node enforces headersTimeout and
 * requestTimeout by a sweep every connectionsCheckingInterval (30 s by default); the sweep runs
 * at a quarter of the headers timeout here so that a slowloris client is cut off close to it.
 * A connection that sends nothing at all is also covered: its head never completes.
 *
 * Socket inactivity (nothing moved for a whole request timeout) ends the connection, except when
 * the client has sent its whole request and is waiting for an answer not yet begun: the handler
 * has stalled, and `onStalled` answers instead (a 503 rather than an empty reply).
 */
export function createLimitedServer(
  timeouts: ServerTimeouts,
  listener: http.RequestListener,
  onStalled?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): http.Server {
  // The latest response on each connection; an answered one is ended, so it is never stalled.
  const latest = new WeakMap<Duplex, http.ServerResponse>();
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(timeouts.headersMs / 4)),
      ),
    },
    onStalled === undefined
      ? listener
      : (req, res) => {
          latest.set(req.socket, res);
          listener(req, res);
        },
  );
  server.setTimeout(timeouts.requestMs);
  // With a listener here Node no longer ends timed-out connections itself.
  server.on('timeout', (socket: Duplex) => {
    const res = latest.get(socket);
    if (onStalled !== undefined && res !== undefined && res.req.complete && !res.headersSent) {
      onStalled(res.req, res);
    } else {
      socket.destroy();
    }
  });
  return server;
}

/**
 * Answers 503 with Retry-After, in the format of the area the URL belongs to (as the app's
 * frameworkErrors decide it), and closes the connection afterwards.
 */
function sendUnavailable(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  reason: UnavailableReason,
  errorPage: (problem: Problem) => string,
): void {
  const problem: Problem = {
    status: 503,
    code: 'unavailable',
    message: UNAVAILABLE_MESSAGES[reason],
  };
  const api = (req.url ?? '/').startsWith('/api/');
  const body = Buffer.from(
    api
      ? JSON.stringify({ error: { code: problem.code, message: problem.message } })
      : errorPage(problem),
  );
  res.writeHead(503, {
    ...PLAIN_ANSWER_HEADERS,
    'content-type': api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'content-length': body.length,
    'retry-after': String(RETRY_AFTER_SECONDS),
    'cache-control': 'no-store',
    'x-request-id': crypto.randomUUID(),
    connection: 'close',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function refuseLongUrl(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.url === undefined || req.url.length <= MAX_URL_LENGTH) return false;
  const body = 'That address is too long.\n';
  res.writeHead(414, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
  return true;
}

function serveHit(
  options: FastPathOptions & { cache: PageCache },
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  const { cache, personalCookies } = options;
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false;
  if (hasPersonalCookie(req.headers.cookie, personalCookies)) return false;
  const page = cache.peek(req.url);
  if (page === undefined) return false;
  const head = hitHead(page, options);
  const headers = [...head.fixed];
  headers.push(
    'cache-control',
    head.cacheControl ?? cacheControlAt(page, options),
    'x-request-id',
    crypto.randomUUID(),
  );
  if (etagMatches(req.headers['if-none-match'], page.etag)) {
    res.writeHead(304, headers);
    res.end();
    if (options.tally !== undefined) options.tally.notModified++;
    return true;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const body = encoding === undefined ? page.body : cache.encoded(page, encoding);
  if (encoding !== undefined) headers.push('content-encoding', encoding);
  headers.push('content-length', String(body.length));
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  if (options.tally !== undefined) options.tally.hits++;
  return true;
}

/** A page's hit headers that are the same on every hit, as node:http takes them (flat). */
interface HitHead {
  fixed: readonly string[];
  /** Cache-Control, unless it counts down to the page's end of life. */
  cacheControl: string | undefined;
}

/*
 * Merging the page's headers into a fresh object and working out its surrogate keys again on
 * every hit took an eighth of a hit's CPU time; they are the same each time, so they are put
 * together on the first hit and kept with the page (a changed page is a new CachedPage).
 */
const hitHeads = new WeakMap<CachedPage, HitHead>();

function hitHead(page: CachedPage, options: FastPathOptions): HitHead {
  let head = hitHeads.get(page);
  if (head === undefined) {
    const { 'cache-control': cacheControl, ...fixed } = {
      ...page.headers,
      ...pageAnswerHeaders(page, true, {
        personal: false,
        cdnMaxAge: options.cdnMaxAge,
        now: options.now(),
      }),
    };
    head = {
      fixed: Object.entries(fixed).flat(),
      cacheControl: page.expiresAt === Number.POSITIVE_INFINITY ? cacheControl : undefined,
    };
    hitHeads.set(page, head);
  }
  return head;
}

function cacheControlAt(page: CachedPage, options: FastPathOptions): string {
  return publicCacheControl(options.cdnMaxAge, (page.expiresAt - options.now()) / 1000);
}

/**
 * A Fastify server factory whose server answers page-cache hits itself, and answers 503 itself
 * while the app shuts down and when a handler stalls past the request timeout.
 */
export function cachedPageServer(options: FastPathOptions): FastifyServerFactory {
  const { errorPage, closing } = options;
  const stalled =
    errorPage === undefined
      ? undefined
      : (req: http.IncomingMessage, res: http.ServerResponse) =>
          sendUnavailable(req, res, 'stalled', errorPage);
  return (handler) =>
    createLimitedServer(
      options.timeouts ?? DEFAULT_TIMEOUTS,
      (req, res) => {
        if (refuseLongUrl(req, res)) return;
        // Fastify's own answer while closing is JSON everywhere, without Retry-After.
        if (errorPage !== undefined && closing?.() === true) {
          sendUnavailable(req, res, 'closing', errorPage);
          if (options.tally !== undefined) options.tally.closing++;
          return;
        }
        const { cache } = options;
        if (cache !== undefined && serveHit({ ...options, cache }, req, res)) return;
        handler(req, res);
      },
      stalled,
    );
}
