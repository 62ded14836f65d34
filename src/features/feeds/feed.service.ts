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
  type ArticleFilter,
  type Block,
} from '../articles/index.js';
import type { Feed, FeedEnclosure, FeedItem, FeedScope } from './feed.model.js';

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

/** Image types by file extension, for enclosures whose media row has no type. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** What a scoped feed is about: its filter, title and page. */
interface ScopeInfo {
  filter: ArticleFilter;
  name: string | undefined;
  description: string | undefined;
  /** Site path of the page the feed follows, and the prefix of the feed's own paths. */
  path: string;
}

/**
 * Looks up the tag, show or person of a feed.
 * @returns undefined when there is no such tag, show or person (the route answers 404)
 */
async function resolveScope(db: DbOrTrx, scope: FeedScope): Promise<ScopeInfo | undefined> {
  switch (scope.kind) {
    case 'all':
      return { filter: { kind: 'all' }, name: undefined, description: undefined, path: '' };
    case 'tag': {
      const row = await db
        .selectFrom('tags')
        .select(['id', 'name', 'description'])
        .where('slug', '=', scope.slug)
        .executeTakeFirst();
      return (
        row && {
          filter: { kind: 'tag', tagId: row.id },
          name: row.name,
          description: row.description ?? undefined,
          path: `/tags/${scope.slug}`,
        }
      );
    }
    case 'show': {
      const row = await db
        .selectFrom('shows')
        .select(['id', 'title'])
        .where('slug', '=', scope.slug)
        .executeTakeFirst();
      return (
        row && {
          filter: { kind: 'show', showId: row.id },
          name: row.title,
          description: `News about ${row.title}.`,
          path: `/shows/${scope.slug}`,
        }
      );
    }
    case 'person': {
      const row = await db
        .selectFrom('people')
        .select(['id', 'name'])
        .where('slug', '=', scope.slug)
        .executeTakeFirst();
      return (
        row && {
          filter: { kind: 'person', personId: row.id },
          name: row.name,
          description: `News about ${row.name}.`,
          path: `/people/${scope.slug}`,
        }
      );
    }
  }
}

/** Feature images' types and sizes, for enclosures, in one query. */
async function imageFacts(db: DbOrTrx, articleIds: readonly number[]) {
  if (articleIds.length === 0) return new Map<number, { mime: string; bytes: number }>();
  const rows = await db
    .selectFrom('articles')
    .innerJoin('media', 'media.id', 'articles.feature_image_id')
    .select(['articles.id', 'media.mime', 'media.bytes'])
    .where('articles.id', 'in', [...articleIds])
    .execute();
  return new Map(rows.map((row) => [row.id, { mime: row.mime, bytes: Number(row.bytes) }]));
}

function enclosureFor(
  url: string,
  facts: { mime: string; bytes: number } | undefined,
): FeedEnclosure | undefined {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
  const type = facts?.mime?.startsWith('image/') ? facts.mime : IMAGE_TYPES[extension];
  if (type === undefined) return undefined;
  return { url, type, length: facts?.bytes ?? 0 };
}

/**
 * A feed of the latest published articles, newest first: site-wide, or about one tag, show or
 * person.
 * @param deps database, clock, the site's current settings, and whether to carry full bodies
 * @returns the feed, or undefined when the tag, show or person does not exist
 */
export async function buildFeed(
  deps: { db: DbOrTrx; clock: Clock; site: SiteInfo; fullText: boolean },
  scope: FeedScope,
): Promise<Feed | undefined> {
  const { db, site } = deps;
  const now = deps.clock().toISOString();
  const about = await resolveScope(db, scope);
  if (about === undefined) return undefined;
  const summaries = await listArticleSummaries(db, about.filter, {
    limit: FEED_SIZE,
    offset: 0,
    now,
  });
  const ids = summaries.map((s) => s.id);
  const [bodies, images] = await Promise.all([listArticleBodies(db, ids), imageFacts(db, ids)]);
  const tags = await tagNames(db, ids);
  // One context for all bodies: videos, episodes and mentions load in a fixed number of queries.
  const context = await loadBodyContext(db, [...bodies.values()].flat(), now);
  const items: FeedItem[] = summaries.map((summary) => {
    const blocks = bodies.get(summary.id) ?? [];
    const image =
      summary.image === null
        ? undefined
        : /^https?:\/\//i.test(summary.image.src)
          ? summary.image.src
          : site.baseUrl + summary.image.src;
    const enclosure = image === undefined ? undefined : enclosureFor(image, images.get(summary.id));
    return {
      url: site.baseUrl + summary.path,
      title: summary.title,
      summary: summarize(summary.dek, blocks),
      contentHtml: deps.fullText
        ? absolutizeUrls(renderToString(h(Body, { blocks, ctx: context })), site.baseUrl)
        : '',
      publishedAt: summary.publishedAt ?? summary.updatedAt,
      updatedAt: summary.updatedAt,
      authors: summary.author === null ? [] : [{ name: summary.author.name }],
      tags: tags.get(summary.id) ?? [],
      image,
      ...(enclosure !== undefined && { enclosure }),
    };
  });
  const newest = items.reduce<string | undefined>(
    (max, item) => (max === undefined || item.updatedAt > max ? item.updatedAt : max),
    undefined,
  );
  const feedBase = site.baseUrl + about.path;
  return {
    title: about.name === undefined ? site.title : `${about.name} · ${site.title}`,
    description: about.description ?? site.description,
    homePageUrl: about.path === '' ? feedBase + '/' : feedBase,
    urls: {
      json: feedBase + '/feed.json',
      rss: feedBase + '/feed.xml',
      atom: feedBase + '/atom.xml',
    },
    language: 'en',
    updatedAt: newest ?? now,
    fullText: deps.fullText,
    items,
  };
}

/** Tag names of the given articles, in their order, in one query. */
async function tagNames(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, string[]>> {
  const byArticle = new Map<number, string[]>();
  if (ids.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.name'])
    .where('article_tags.article_id', 'in', [...ids])
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute();
  for (const row of rows)
    byArticle.set(row.article_id, [...(byArticle.get(row.article_id) ?? []), row.name]);
  return byArticle;
}
