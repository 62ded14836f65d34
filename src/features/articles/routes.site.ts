import { h } from 'preact';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { renderDocument } from '../../views/render.js';
import { CommentsSection, loadCommentsSection, readCommentsViewer } from '../comments/index.js';
import { AiringThisWeek, listEpisodesAiringBetween } from '../dramas/index.js';
import { ArticlePage, HomePage, StaticPage, TagPage } from './article-views.js';
import * as service from './article.service.js';
import { AuthorPage, TagsIndexPage } from './index-views.js';
import { getAuthorProfile, pageOfPublicTags } from './tag-author.service.js';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
});

/** A slug as stored; anything else cannot name a page, so it is a 404 rather than a query. */
function checkSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug)) throw new NotFound();
  return slug;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The first of the instants still to come (text on the page changes then), as epoch ms. */
function nextChange(instants: readonly string[], now: Date): number | undefined {
  const future = instants.map((i) => Date.parse(i)).filter((t) => t > now.getTime());
  return future.length > 0 ? Math.min(...future) : undefined;
}
const PAGE_SIZE = 12;
const INDEX_PAGE_SIZE = 30;

/** Reader pages: home, article, tag, tags index, author and static pages. */
export function articleSiteRoutes(app: App, ctx: AppContext): void {
  app.get('/', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const now = ctx.clock();
    const [list, featured, airing] = await Promise.all([
      service.pageOfArticles(ctx.db, ctx.clock, { kind: 'all' }, { page, limit: PAGE_SIZE }),
      page === 1 ? service.featuredArticles(ctx.db, ctx.clock) : [],
      listEpisodesAiringBetween(
        ctx.db,
        now.toISOString(),
        new Date(now.getTime() + WEEK_MS).toISOString(),
      ),
    ]);
    if (page > list.pagination.pages) throw new NotFound('There are not that many pages of news.');
    reply.cachePage(
      [
        'lists',
        'schedule',
        ...list.articles.map((a) => `article:${a.id}`),
        ...featured.map((a) => `article:${a.id}`),
        ...airing.map((e) => `show:${e.show.id}`),
      ],
      nextChange(
        airing.map((e) => e.airInstant),
        now,
      ),
    );
    return reply.type('text/html; charset=utf-8').send(
      renderDocument(
        HomePage({
          site: ctx.site(),
          articles: list.articles,
          featured,
          page,
          pages: list.pagination.pages,
          airing: AiringThisWeek({ episodes: airing, now: now.toISOString() }),
        }),
      ),
    );
  });

  app.get('/news/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const found = await service.getArticlePage(
      ctx.db,
      ctx.clock,
      checkSlug(request.params.slug.normalize('NFC')),
    );
    // The old address of a renamed article leads to where it is now.
    if (found.kind === 'moved') return reply.redirect(encodeURI(found.path), 301);
    const { article, body, related } = found;
    const viewer = readCommentsViewer(request);
    const comments = await loadCommentsSection(ctx.db, {
      articleId: article.id,
      articleSlug: article.slug,
      commentsEnabled: article.commentsEnabled,
      publishedAt: article.publishedAt,
      approvedCount: article.commentCount,
      now: ctx.clock(),
      zone: ctx.site().zone,
      ...viewer,
    });
    // A commenter's own pending comments are on the page: never let a shared cache keep it.
    if (viewer.token !== undefined) void reply.header('cache-control', 'private, no-store');
    else if (
      viewer.order === undefined &&
      viewer.page === undefined &&
      viewer.replyTo === undefined &&
      viewer.notice === undefined
    ) {
      reply.cachePage(
        service.articlePageTags(article, body, related),
        nextChange(
          [...body.episodes.values()].map((e) => e.airInstant),
          ctx.clock(),
        ),
      );
    }
    return reply.type('text/html; charset=utf-8').send(
      renderDocument(
        ArticlePage({
          site: ctx.site(),
          article,
          body,
          related,
          comments: CommentsSection({ model: comments }),
          islands: ['comments'],
        }),
      ),
    );
  });

  // A tag shows here once a published article carries it; publishing and tag changes drop
  // "lists" or the tag's own key.
  app.get('/tags', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const { tags, pagination } = await pageOfPublicTags(ctx.db, ctx.clock, {
      page,
      limit: INDEX_PAGE_SIZE,
    });
    if (page > pagination.pages) throw new NotFound('There are not that many pages of tags.');
    reply.cachePage(['lists', ...tags.map((t) => `tag:${t.id}`)]);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(TagsIndexPage({ site: ctx.site(), tags, page, pagination })));
  });

  app.get(
    '/authors/:slug',
    { schema: { params: SlugParams, querystring: PageQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1;
      const author = await getAuthorProfile(ctx.db, ctx.clock, checkSlug(request.params.slug));
      const { articles, pagination } = await service.pageOfArticles(
        ctx.db,
        ctx.clock,
        { kind: 'author', authorId: author.id },
        { page, limit: PAGE_SIZE },
      );
      if (page > pagination.pages)
        throw new NotFound('There are not that many pages of news by this author.');
      // A change to the account (name, bio) drops "author:<id>" (auth/user.routes.ts).
      reply.cachePage([`author:${author.id}`, 'lists', ...articles.map((a) => `article:${a.id}`)]);
      return reply
        .type('text/html; charset=utf-8')
        .send(renderDocument(AuthorPage({ site: ctx.site(), author, articles, page, pagination })));
    },
  );

  app.get(
    '/tags/:slug',
    { schema: { params: SlugParams, querystring: PageQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1;
      const slug = request.params.slug.normalize('NFC');
      if (!SLUG_PATTERN.test(slug)) throw new NotFound();
      const result = await service.getTagPage(ctx.db, ctx.clock, slug, {
        page,
        limit: PAGE_SIZE,
      });
      // A renamed or merged tag's old address leads to the tag it is now.
      if (result.kind === 'moved')
        return reply.redirect(`/tags/${encodeURIComponent(result.slug)}`, 301);
      if (page > result.pagination.pages)
        throw new NotFound('There are not that many pages for this tag.');
      reply.cachePage([`tag:${result.tag.id}`, ...result.articles.map((a) => `article:${a.id}`)]);
      return reply.type('text/html; charset=utf-8').send(
        renderDocument(
          TagPage({
            site: ctx.site(),
            tag: result.tag,
            articles: result.articles,
            page,
            pages: result.pagination.pages,
          }),
        ),
      );
    },
  );

  // Static pages (About, Privacy…). Fixed routes such as /schedule are matched before this one.
  app.get('/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const { page, blocks, body } = await service.getStaticPage(
      ctx.db,
      ctx.clock,
      checkSlug(request.params.slug),
    );
    reply.cachePage([`page:${page.id}`, ...service.bodyTags(body)]);
    return reply
      .type('text/html; charset=utf-8')
      .send(
        renderDocument(
          StaticPage({ site: ctx.site(), slug: page.slug, title: page.title, blocks, body }),
        ),
      );
  });
}

/**
 * An article of any status as its reader page will show it, for a preview link: the reader
 * page's own model and view, with a banner above the article instead of the comments.
 * @returns the HTML document, or undefined when there is no such article
 */
export async function articlePreviewDocument(
  ctx: AppContext,
  id: number,
): Promise<string | undefined> {
  const page = await service.getArticlePreview(ctx.db, ctx.clock, id);
  if (page === undefined) return undefined;
  const published = page.article.status === 'published';
  return renderDocument(
    ArticlePage({
      site: ctx.site(),
      ...page,
      islands: [],
      notice: h(
        'p',
        { class: 'preview-banner', role: 'status' },
        `Preview of a ${page.article.status} article. Readers cannot see this page.`,
      ),
      comments: h(
        'p',
        { class: 'hint' },
        published
          ? 'Readers’ comments are on the live page.'
          : 'Comments open when the article is published.',
      ),
    }),
  );
}
