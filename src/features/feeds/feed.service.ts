import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SiteInfo } from '../../views/site.js';
import {
  Body,
  bodyText,
  listArticleBodies,
  listArticleSummaries,
  loadBodyContext,
  type Block,
} from '../articles/index.js';
import type { Feed, FeedItem } from './feed.model.js';

/** How many articles the feeds carry. */
export const FEED_SIZE = 20;
const SUMMARY_LENGTH = 280;

/**
 * Makes site-relative URLs in rendered HTML absolute: feed readers show the HTML away from the
 * site, where "/media/x.webp" would point at the reader's own host.
 */
export function absolutizeUrls(html: string, baseUrl: string): string {
  const absolute = (url: string) =>
    url.startsWith('/') && !url.startsWith('//') ? baseUrl + url : url;
  return html
    .replace(
      /\b(href|src|poster)="([^"]*)"/g,
      (_m, attr: string, url: string) => `${attr}="${absolute(url)}"`,
    )
    .replace(
      /\bsrcset="([^"]*)"/g,
      (_m, list: string) =>
        `srcset="${list
          .split(',')
          .map((entry) => {
            const [url = '', ...rest] = entry.trim().split(/\s+/);
            return [absolute(url), ...rest].join(' ');
          })
          .join(', ')}"`,
    );
}

function summarize(dek: string, blocks: readonly Block[]): string {
  if (dek.trim() !== '') return dek.trim();
  const text = bodyText(blocks).replace(/\s+/g, ' ').trim();
  if (text.length <= SUMMARY_LENGTH) return text;
  const cut = text.slice(0, SUMMARY_LENGTH);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_LENGTH / 2)).trimEnd() + '…';
}

/**
 * The site-wide feed: the latest published articles, newest first, with full bodies.
 * @param deps database, clock and the site's current settings
 */
export async function buildSiteFeed(deps: {
  db: DbOrTrx;
  clock: Clock;
  site: SiteInfo;
}): Promise<Feed> {
  const { db, site } = deps;
  const now = deps.clock().toISOString();
  const summaries = await listArticleSummaries(
    db,
    { kind: 'all' },
    { limit: FEED_SIZE, offset: 0, now },
  );
  const bodies = await listArticleBodies(
    db,
    summaries.map((s) => s.id),
  );
  // One context for all bodies: videos, episodes and mentions load in a fixed number of queries.
  const context = await loadBodyContext(db, [...bodies.values()].flat(), now);
  const items: FeedItem[] = summaries.map((summary) => {
    const blocks = bodies.get(summary.id) ?? [];
    return {
      url: site.baseUrl + summary.path,
      title: summary.title,
      summary: summarize(summary.dek, blocks),
      contentHtml: absolutizeUrls(renderToString(h(Body, { blocks, ctx: context })), site.baseUrl),
      publishedAt: summary.publishedAt ?? summary.updatedAt,
      updatedAt: summary.updatedAt,
      authors: summary.author === null ? [] : [{ name: summary.author.name }],
      image:
        summary.image === null
          ? undefined
          : /^https?:\/\//i.test(summary.image.src)
            ? summary.image.src
            : site.baseUrl + summary.image.src,
    };
  });
  const newest = items.reduce<string | undefined>(
    (max, item) => (max === undefined || item.updatedAt > max ? item.updatedAt : max),
    undefined,
  );
  return {
    title: site.title,
    description: site.description,
    homePageUrl: site.baseUrl + '/',
    urls: { json: site.baseUrl + '/feed.json', rss: site.baseUrl + '/feed.xml' },
    language: 'en',
    updatedAt: newest ?? now,
    items,
  };
}
