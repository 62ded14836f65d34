/**
 * First path segments that belong to Deho's own routes. A static page (served at `/:slug`) may
 * never take one of these, or it would be shadowed by the route or shadow it.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'schedule',
  'admin',
  'search',
  'news',
  'shows',
  'people',
  'tags',
  'events',
  'groups',
  'authors',
  'api',
  'feed.xml',
  'atom.xml',
  'feed.json',
  'sitemap.xml',
  'healthz',
  'readyz',
  'metrics',
  'assets',
  'media',
  'oembed',
  'robots.txt',
]);

/** True when `slug` names one of Deho's routes and so cannot be a page's slug. */
export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug.toLowerCase());
}
