import { escapeXml } from '../feeds/index.js';

/*
 * Sitemaps (https://www.sitemaps.org/protocol.html), the Google image and news extensions.
 * Pure string builders; every value is escaped.
 */

export interface SitemapUrl {
  loc: string;
  /** ISO-8601 (W3C Datetime). */
  lastmod?: string | null;
  images?: string[];
}

export interface NewsUrl {
  loc: string;
  title: string;
  publishedAt: string;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** W3C Datetime in UTC, seconds precision: 2026-03-01T12:00:00Z. */
export function w3cDate(instant: string): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A URL as the sitemap protocol wants it: non-ASCII characters (a Hangul slug) percent-encoded,
 * escapes already there kept as they are.
 */
function sitemapLoc(url: string): string {
  return escapeXml(encodeURI(url).replace(/%25([0-9A-F]{2})/gi, '%$1'));
}

export function renderSitemapIndex(sitemaps: readonly SitemapUrl[]): string {
  const entries = sitemaps.map(
    (s) =>
      `<sitemap><loc>${sitemapLoc(s.loc)}</loc>${s.lastmod ? `<lastmod>${w3cDate(s.lastmod)}</lastmod>` : ''}</sitemap>`,
  );
  return [XML_HEAD, `<sitemapindex xmlns="${SITEMAP_NS}">`, ...entries, '</sitemapindex>', ''].join(
    '\n',
  );
}

export function renderUrlSet(urls: readonly SitemapUrl[]): string {
  const entries = urls.map((u) =>
    [
      '<url>',
      `<loc>${sitemapLoc(u.loc)}</loc>`,
      u.lastmod ? `<lastmod>${w3cDate(u.lastmod)}</lastmod>` : '',
      ...(u.images ?? []).map(
        (src) => `<image:image><image:loc>${sitemapLoc(src)}</image:loc></image:image>`,
      ),
      '</url>',
    ].join(''),
  );
  return [
    XML_HEAD,
    `<urlset xmlns="${SITEMAP_NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">`,
    ...entries,
    '</urlset>',
    '',
  ].join('\n');
}

/** Google News sitemap: https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap */
export function renderNewsSitemap(
  urls: readonly NewsUrl[],
  publication: { name: string; language: string },
): string {
  const entries = urls.map((u) =>
    [
      '<url>',
      `<loc>${sitemapLoc(u.loc)}</loc>`,
      '<news:news>',
      '<news:publication>',
      `<news:name>${escapeXml(publication.name)}</news:name>`,
      `<news:language>${escapeXml(publication.language)}</news:language>`,
      '</news:publication>',
      `<news:publication_date>${w3cDate(u.publishedAt)}</news:publication_date>`,
      `<news:title>${escapeXml(u.title)}</news:title>`,
      '</news:news>',
      '</url>',
    ].join(''),
  );
  return [
    XML_HEAD,
    `<urlset xmlns="${SITEMAP_NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`,
    ...entries,
    '</urlset>',
    '',
  ].join('\n');
}
