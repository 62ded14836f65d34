import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { AppError, NotFound } from '../../lib/errors.js';
import { escapeXml } from '../feeds/index.js';
import * as repo from './seo.repository.js';
import {
  renderNewsSitemap,
  renderSitemapIndex,
  renderUrlSet,
  type SitemapUrl,
} from './sitemap.render.js';

const XML = 'application/xml; charset=utf-8';
const CACHE = 'public, max-age=600';
const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;
const INDEX_PAGES = ['/shows', '/people', '/groups', '/tags', '/events'] as const;

const PageParams = Type.Object({ page: Type.Integer({ minimum: 1, maximum: 10_000 }) });
const OembedQuery = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    format: Type.Optional(Type.String({ maxLength: 10 })),
    maxwidth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    maxheight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

const newest = (dates: readonly (string | null | undefined)[]) =>
  dates.reduce<string | null>((max, d) => (d && (max === null || d > max) ? d : max), null);

/**
 * Sitemaps, robots.txt and oEmbed (embeds out). Register in the public site area.
 * GET /sitemap.xml (index) · /sitemap-articles-:n.xml · /sitemap-shows.xml · /sitemap-people.xml ·
 * /sitemap-groups.xml · /sitemap-tags.xml · /sitemap-authors.xml · /sitemap-pages.xml (home,
 * schedule, index pages, static pages) · /sitemap-news.xml (Google News, last two days) ·
 * /robots.txt · /oembed?url=…&format=json|xml
 */
export function seoRoutes(app: App, ctx: AppContext): void {
  const base = () => ctx.config.baseUrl;
  const now = () => ctx.clock().toISOString();

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', CACHE)
      .send(
        [
          'User-agent: *',
          'Allow: /',
          'Disallow: /admin',
          'Disallow: /api/admin/',
          'Disallow: /search',
          '',
          `Sitemap: ${base()}/sitemap.xml`,
          `Sitemap: ${base()}/sitemap-news.xml`,
          '',
        ].join('\n'),
      ),
  );

  app.get('/sitemap.xml', async (_request, reply) => {
    const at = now();
    const [articles, shows, people, groups, tags, authors, pages] = await Promise.all([
      repo.articleSitemapStats(ctx.db, at),
      repo.showEntries(ctx.db),
      repo.personEntries(ctx.db),
      repo.groupEntries(ctx.db),
      repo.tagEntries(ctx.db, at),
      repo.authorEntries(ctx.db, at),
      repo.pageEntries(ctx.db),
    ]);
    const articlePages = Math.max(1, Math.ceil(articles.count / repo.SITEMAP_PAGE_SIZE));
    const sitemaps: SitemapUrl[] = [
      ...Array.from({ length: articlePages }, (_, i) => ({
        loc: `${base()}/sitemap-articles-${i + 1}.xml`,
        lastmod: articles.lastmod,
      })),
      { loc: `${base()}/sitemap-shows.xml`, lastmod: newest(shows.map((s) => s.updated_at)) },
      { loc: `${base()}/sitemap-people.xml`, lastmod: newest(people.map((p) => p.updated_at)) },
      { loc: `${base()}/sitemap-groups.xml`, lastmod: newest(groups.map((g) => g.updated_at)) },
      { loc: `${base()}/sitemap-tags.xml`, lastmod: newest(tags.map((t) => t.updated_at)) },
      {
        loc: `${base()}/sitemap-authors.xml`,
        lastmod: newest(authors.map((a) => a.updated_at)),
      },
      {
        loc: `${base()}/sitemap-pages.xml`,
        lastmod: newest([articles.lastmod, ...pages.map((p) => p.updated_at)]),
      },
      // Google News reads the news sitemap from the index too, not only from robots.txt.
      { loc: `${base()}/sitemap-news.xml`, lastmod: articles.lastmod },
    ];
    return reply.type(XML).header('cache-control', CACHE).send(renderSitemapIndex(sitemaps));
  });

  app.get(
    '/sitemap-articles-:page(^\\d+).xml',
    { schema: { params: PageParams } },
    async (request, reply) => {
      const rows = await repo.articleSitemapPage(ctx.db, now(), request.params.page);
      if (rows.length === 0 && request.params.page > 1) throw new NotFound();
      const urls = rows.map((row) => ({
        loc: `${base()}/news/${row.slug}`,
        lastmod: row.updated_at,
        images:
          row.image_path === null
            ? []
            : [row.image_path.startsWith('/') ? base() + row.image_path : row.image_path],
      }));
      return reply.type(XML).header('cache-control', CACHE).send(renderUrlSet(urls));
    },
  );

  const simple = (
    path: string,
    load: () => Promise<{ slug: string; updated_at: string | null }[]>,
    prefix: string,
  ) =>
    app.get(path, async (_request, reply) => {
      const rows = await load();
      const urls = rows.map((row) => ({
        loc: `${base()}${prefix}${row.slug}`,
        lastmod: row.updated_at,
      }));
      return reply.type(XML).header('cache-control', CACHE).send(renderUrlSet(urls));
    });
  simple('/sitemap-shows.xml', () => repo.showEntries(ctx.db), '/shows/');
  simple('/sitemap-people.xml', () => repo.personEntries(ctx.db), '/people/');
  simple('/sitemap-groups.xml', () => repo.groupEntries(ctx.db), '/groups/');
  simple('/sitemap-tags.xml', () => repo.tagEntries(ctx.db, now()), '/tags/');
  simple('/sitemap-authors.xml', () => repo.authorEntries(ctx.db, now()), '/authors/');

  app.get('/sitemap-pages.xml', async (_request, reply) => {
    const at = now();
    const [pages, articles] = await Promise.all([
      repo.pageEntries(ctx.db),
      repo.articleSitemapStats(ctx.db, at),
    ]);
    const urls: SitemapUrl[] = [
      { loc: `${base()}/`, lastmod: articles.lastmod },
      { loc: `${base()}/schedule` },
      // The index pages; their filtered and later pages are reached through their links.
      ...INDEX_PAGES.map((path) => ({ loc: base() + path })),
      ...pages.map((p) => ({ loc: `${base()}/${p.slug}`, lastmod: p.updated_at })),
    ];
    return reply.type(XML).header('cache-control', CACHE).send(renderUrlSet(urls));
  });

  app.get('/sitemap-news.xml', async (_request, reply) => {
    const at = now();
    const since = new Date(Date.parse(at) - TWO_DAYS_MS).toISOString();
    const rows = await repo.recentArticles(ctx.db, at, since);
    const xml = renderNewsSitemap(
      rows.map((row) => ({
        loc: `${base()}/news/${row.slug}`,
        title: row.title,
        publishedAt: row.published_at ?? row.updated_at,
      })),
      { name: ctx.site().title, language: 'en' },
    );
    return reply.type(XML).header('cache-control', 'public, max-age=300').send(xml);
  });

  app.get('/oembed', { schema: { querystring: OembedQuery } }, async (request, reply) => {
    const format = request.query.format ?? 'json';
    if (format !== 'json' && format !== 'xml') {
      throw new AppError('bad_request', 'format must be json or xml.', 'format');
    }
    const slug = articleSlugOf(request.query.url, base());
    const row = slug === undefined ? undefined : await repo.articleForEmbed(ctx.db, slug, now());
    if (row === undefined)
      throw new NotFound('That address is not a published article of this site.');
    const width = Math.min(request.query.maxwidth ?? 600, 600);
    const height = Math.min(request.query.maxheight ?? 200, 200);
    const url = `${base()}/news/${row.slug}`;
    const image =
      row.image_path === null
        ? undefined
        : row.image_path.startsWith('/')
          ? base() + row.image_path
          : row.image_path;
    const html =
      `<blockquote class="deho-embed"><p><a href="${escapeXml(url)}">${escapeXml(row.title)}</a></p>` +
      `<p>${escapeXml(ctx.site().title)}</p></blockquote>`;
    const data: Record<string, string | number> = {
      version: '1.0',
      type: 'rich',
      provider_name: ctx.site().title,
      provider_url: `${base()}/`,
      title: row.title,
      ...(row.author_name !== null && { author_name: row.author_name }),
      html,
      width,
      height,
      cache_age: 3600,
      ...(image !== undefined && {
        thumbnail_url: image,
        ...(row.image_width !== null && { thumbnail_width: row.image_width }),
        ...(row.image_height !== null && { thumbnail_height: row.image_height }),
      }),
    };
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(data);
    const fields = Object.entries(data).map(
      ([key, value]) => `<${key}>${escapeXml(String(value))}</${key}>`,
    );
    return reply
      .type('text/xml; charset=utf-8')
      .send(
        [
          '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
          '<oembed>',
          ...fields,
          '</oembed>',
          '',
        ].join('\n'),
      );
  });
}

/** The slug of a /news/<slug> URL on this site, or undefined for anything else. */
export function articleSlugOf(raw: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const site = new URL(baseUrl);
  if (url.host !== site.host) return undefined;
  return /^\/news\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(url.pathname)?.[1];
}
