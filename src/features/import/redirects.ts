import type { App, AppContext } from '../../context.js';
import type { DbOrTrx } from '../../db/database.js';
import { Gone } from '../../lib/errors.js';
import {
  answerPath,
  answerQuery,
  encodePath,
  isWordpressQuery,
  mayBeWordpressPath,
  type WordpressAnswer,
} from './redirects.wordpress.js';
import { RESERVED_SLUGS } from './reserved.js';

/*
 * Old addresses (WordPress permalinks, ?p=123) answered with a 301 to their new place. The
 * lookup runs as an onRequest hook of the reader site, and only for a path that is in the
 * redirects table: the from_paths are kept in memory as a Set (reloaded every 30 s, so that an
 * import made by the CLI shows up without a restart), so an ordinary request costs one Set
 * lookup and no query.
 */

const RELOAD_MS = 30_000;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The form in which old addresses are stored and looked up: the path percent-decoded (NFC),
 * without a trailing slash and without a query, except WordPress's ?p=N, ?page_id=N, ?cat=N and
 * ?attachment_id=N.
 * @returns undefined for something that is not a path
 */
export function normalizeRedirectPath(raw: string): string | undefined {
  if (!raw.startsWith('/') || raw.startsWith('//')) return undefined;
  const q = raw.indexOf('?');
  const pathPart = (q < 0 ? raw : raw.slice(0, q)).split('#')[0] ?? '';
  const query = q < 0 ? '' : (raw.slice(q + 1).split('#')[0] ?? '');
  if (query !== '') {
    const params = new URLSearchParams(query);
    for (const name of ['p', 'page_id', 'cat', 'attachment_id']) {
      const value = params.get(name);
      if (value !== null && /^\d{1,12}$/.test(value)) return `/?${name}=${value}`;
    }
  }
  const decoded = pathPart.split('/').map(decodeSegment).join('/').normalize('NFC');
  const trimmed = decoded.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** False for paths that belong to Deho's own routes (they are never redirected). */
export function isRedirectable(path: string): boolean {
  if (path === '/') return false;
  if (path.startsWith('/?')) return true;
  const first = path.split('/')[1] ?? '';
  return !RESERVED_SLUGS.has(first);
}

/**
 * The distinct redirectable paths of old URLs (absolute, or relative to `site`), leaving out
 * the new address itself.
 */
export function oldPaths(site: string, urls: readonly string[], to: string): string[] {
  const paths = new Set<string>();
  for (const url of urls) {
    let path: string | undefined;
    try {
      const parsed = new URL(url, site || 'http://wordpress.invalid');
      path = normalizeRedirectPath(parsed.pathname + parsed.search);
    } catch {
      path = undefined;
    }
    if (path !== undefined && path !== to && isRedirectable(path)) paths.add(path);
  }
  return [...paths];
}

export interface Redirect {
  to: string;
  status: 301 | 302 | 307 | 308;
}

/**
 * The redirect for an old address, if there is one and nothing else lives there now (a
 * published page with the same one-segment path wins over a redirect).
 */
export async function findRedirect(db: DbOrTrx, rawPath: string): Promise<Redirect | undefined> {
  const from = normalizeRedirectPath(rawPath);
  if (from === undefined || !isRedirectable(from)) return undefined;
  const row = await db
    .selectFrom('redirects')
    .select(['to_path', 'status_code'])
    .where('from_path', '=', from)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const segments = from.split('/');
  if (segments.length === 2 && !from.startsWith('/?')) {
    const page = await db
      .selectFrom('pages')
      .select('id')
      .where('slug', '=', segments[1] ?? '')
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (page) return undefined;
  }
  return { to: row.to_path, status: row.status_code };
}

/** The in-memory Set of from_paths, reloaded when older than RELOAD_MS. */
export class RedirectPaths {
  private paths: Set<string> | undefined;
  private loadedAt = 0;
  private loading: Promise<Set<string>> | undefined;

  constructor(
    private readonly db: DbOrTrx,
    private readonly now: () => number = Date.now,
  ) {}

  private load(): Promise<Set<string>> {
    this.loading ??= this.db
      .selectFrom('redirects')
      .select('from_path')
      .execute()
      .then((rows) => {
        this.paths = new Set(rows.map((r) => r.from_path));
        this.loadedAt = this.now();
        return this.paths;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Forgets the Set; the next lookup reloads it (after an import in this process). */
  invalidate(): void {
    this.paths = undefined;
  }

  private async current(): Promise<Set<string>> {
    if (this.paths === undefined) return this.load();
    if (this.now() - this.loadedAt > RELOAD_MS) void this.load().catch(() => undefined);
    return this.paths;
  }

  async has(path: string): Promise<boolean> {
    return (await this.current()).has(path);
  }

  /** True on a site that recorded no old address: one that never came from WordPress. */
  async isEmpty(): Promise<boolean> {
    return (await this.current()).size === 0;
  }
}

const caches = new Set<RedirectPaths>();

/** Makes every app in this process reload its redirects (after an import through the admin). */
export function invalidateRedirects(): void {
  for (const cache of caches) cache.invalidate();
}

/** Answers old addresses with their redirect; registered on the reader-site area. */
export function redirectRoutes(app: App, ctx: AppContext): RedirectPaths {
  const known = new RedirectPaths(ctx.db);
  caches.add(known);
  app.addHook('onClose', async () => {
    caches.delete(known);
  });
  const stored = async (from: string) =>
    (await known.has(from)) ? (await findRedirect(ctx.db, from))?.to : undefined;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const from = normalizeRedirectPath(request.url);
    if (from === undefined) return;
    if (isRedirectable(from) && (await known.has(from))) {
      const target = await findRedirect(ctx.db, from);
      if (target !== undefined) return reply.redirect(encodePath(target.to), target.status);
    }
    // Only a site that came from WordPress has old WordPress addresses to answer.
    if (await known.isEmpty()) return;
    const answer = await wordpressAnswer(ctx.db, request.url, from, stored);
    if (answer === undefined) return;
    if ('gone' in answer) {
      throw new Gone(
        'This address belonged to the site before it moved to Deho, and has no equivalent here.',
      );
    }
    return reply.redirect(encodePath(answer.to), 301);
  });
  return known;
}

/**
 * The answer to a WordPress-shaped address that is not a recorded redirect. Only a path of that
 * shape, or / with one of WordPress's query keys, costs more than a regular expression test: the
 * home page's other requests (and its page-cache hits, answered before this hook) are untouched.
 */
async function wordpressAnswer(
  db: DbOrTrx,
  url: string,
  from: string,
  stored: (from: string) => Promise<string | undefined>,
): Promise<WordpressAnswer | undefined> {
  if (from === '/' || from.startsWith('/?')) {
    const q = url.indexOf('?');
    if (q < 0) return undefined;
    const query = new URLSearchParams(url.slice(q + 1).split('#')[0] ?? '');
    return isWordpressQuery(query) ? answerQuery(db, query, stored) : undefined;
  }
  if (!isRedirectable(from) || !mayBeWordpressPath(from)) return undefined;
  const segments = from.split('/');
  if (segments.length === 2) {
    // A page of this site at /feed or /2023 is the page, not a WordPress address.
    const page = await db
      .selectFrom('pages')
      .select('id')
      .where('slug', '=', segments[1] ?? '')
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (page) return undefined;
  }
  return answerPath(db, from, stored);
}
