import type { DbOrTrx } from '../../db/database.js';
import { findTagRedirect } from '../articles/index.js';

/*
 * WordPress addresses that are not one post's permalink: archives, feeds, uploads and the query
 * forms on / (?feed=rss2, ?cat=2 …). They follow WordPress's fixed shapes, so they are recognised
 * by shape (a few regular expressions, tried only on paths that look like one) and answered
 * from what Deho has: a 301 to the equivalent, or 410 Gone where Deho has none (a date archive,
 * an author archive, the comments feed), so that crawlers and feed readers stop asking.
 */

export type WordpressAnswer = { to: string } | { gone: true };

const GONE: WordpressAnswer = { gone: true };
const FEEDS: Readonly<Record<string, string>> = {
  '': '/feed.xml',
  rss2: '/feed.xml',
  rss: '/feed.xml',
  rdf: '/feed.xml',
  atom: '/atom.xml',
};
/** The query keys on / that WordPress answered; any other query leaves / alone. */
const QUERY_KEYS = ['feed', 'cat', 'tag', 'attachment_id', 'author', 's', 'paged', 'm'] as const;

/** Percent-encodes a site path for a Location header (it must be ASCII). */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/%25([0-9A-F]{2})/gi, '%$1');
}

/** The tag's slug now: its own, or the one it was renamed or merged to in Deho since. */
async function currentTagSlug(db: DbOrTrx, slug: string): Promise<string | undefined> {
  const tag = await db
    .selectFrom('tags')
    .select('slug')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return tag?.slug ?? findTagRedirect(db, slug);
}

async function tagPath(db: DbOrTrx, slug: string, rest: string): Promise<WordpressAnswer> {
  const current = await currentTagSlug(db, slug);
  if (current === undefined) return GONE;
  const page = /^\/page\/(\d+)$/.exec(rest)?.[1];
  if (page !== undefined) return { to: `/tags/${current}?page=${page}` };
  if (/^\/feed(\/[a-z0-9]*)?$/.test(rest)) return { to: `/tags/${current}/feed.xml` };
  return { to: `/tags/${current}` };
}

/** True for query strings on / that name a WordPress archive, feed or search. */
export function isWordpressQuery(query: URLSearchParams): boolean {
  return QUERY_KEYS.some((key) => query.has(key));
}

/** The answer for /?feed=…, /?cat=N, /?tag=x, /?attachment_id=N, /?author=N, /?s=x, /?paged=N, /?m=…. */
export async function answerQuery(
  db: DbOrTrx,
  query: URLSearchParams,
  stored: (from: string) => Promise<string | undefined>,
): Promise<WordpressAnswer | undefined> {
  const feed = query.get('feed');
  if (feed !== null) return feed in FEEDS ? { to: FEEDS[feed] ?? '/feed.xml' } : GONE;
  const search = query.get('s');
  if (search !== null) return { to: `/search?${new URLSearchParams({ q: search }).toString()}` };
  for (const key of ['cat', 'attachment_id'] as const) {
    const value = query.get(key);
    if (value === null) continue;
    if (!/^\d{1,12}$/.test(value)) return GONE;
    const to = await stored(`/?${key}=${value}`);
    return to === undefined ? GONE : { to };
  }
  const tag = query.get('tag');
  if (tag !== null) return tagPath(db, tag.normalize('NFC').toLowerCase(), '');
  const paged = query.get('paged');
  if (paged !== null && /^\d{1,6}$/.test(paged))
    return { to: Number(paged) > 1 ? `/?page=${paged}` : '/' };
  if (query.has('author') || query.has('m')) return GONE;
  return undefined;
}

/**
 * The answer for a WordPress-shaped path (decoded, no trailing slash), or undefined when it
 * is not one. `stored` looks up a recorded redirect (an old permalink).
 */
export async function answerPath(
  db: DbOrTrx,
  path: string,
  stored: (from: string) => Promise<string | undefined>,
): Promise<WordpressAnswer | undefined> {
  const feed = /^\/feed(?:\/([a-z0-9]*))?$/.exec(path);
  if (feed) return { to: FEEDS[feed[1] ?? ''] ?? '/feed.xml' };
  if (/^\/comments\/feed(\/.*)?$/.test(path)) return GONE;
  const page = /^\/page\/(\d{1,6})$/.exec(path)?.[1];
  if (page !== undefined) return { to: Number(page) > 1 ? `/?page=${page}` : '/' };
  if (/^\/\d{4}(\/\d{2}(\/\d{2})?)?(\/page\/\d+)?$/.test(path)) return GONE;
  if (/^\/author\/[^/]+(\/.*)?$/.test(path)) return GONE;
  const term =
    /^\/(category|tag)((?:\/[^/]+)+?)((?:\/page\/\d+)|(?:\/feed(?:\/[a-z0-9]*)?))?$/.exec(path);
  if (term) {
    const slug = (term[2] ?? '').split('/').pop() ?? '';
    return tagPath(db, slug.normalize('NFC').toLowerCase(), term[3] ?? '');
  }
  const upload = /^\/wp-content\/uploads\/(.+)$/.exec(path)?.[1];
  if (upload !== undefined) {
    const media = await db
      .selectFrom('media')
      .select('path')
      .where('path', '=', `/media/${upload}`)
      .executeTakeFirst();
    return media === undefined ? GONE : { to: media.path };
  }
  const postFeed = /^(\/.+)\/feed(?:\/[a-z0-9]*)?$/.exec(path)?.[1];
  if (postFeed !== undefined) {
    const to = await stored(postFeed);
    return to === undefined ? undefined : { to };
  }
  return undefined;
}

/** Cheap test run on every request: could this path be a WordPress-shaped address? */
export function mayBeWordpressPath(path: string): boolean {
  return /^\/(?:feed|comments|page|\d{4}|author|category|tag|wp-content)(?:\/|$)|\/feed(?:\/[a-z0-9]*)?$/.test(
    path,
  );
}
