import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import type { ArticleFilter } from './article.model.js';
import { toApiArticle } from './article.presenter.js';
import * as repo from './article.repository.js';
import * as service from './article.service.js';

const ListQuery = Type.Object(
  {
    /** 1-based page number. */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    /** Articles per page. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 15 })),
    /** Only articles with this tag (slug). */
    tag: Type.Optional(Type.String({ pattern: SLUG_PATTERN.source, maxLength: 200 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** Content API: published articles only; a draft's id answers 404 like an unknown one. */
export function articleApiRoutes(app: App, ctx: AppContext): void {
  app.get('/articles', { schema: { querystring: ListQuery } }, async (request) => {
    const { page = 1, limit = 15, tag } = request.query;
    let filter: ArticleFilter = { kind: 'all' };
    if (tag !== undefined) {
      const found = await repo.findTagBySlug(ctx.db, tag);
      if (found === undefined) throw new NotFound(`There is no tag "${tag}".`);
      filter = { kind: 'tag', tagId: found.id };
    }
    const result = await service.pageOfArticles(ctx.db, ctx.clock, filter, { page, limit });
    return {
      articles: result.articles.map((a) => toApiArticle(a, ctx.config.baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/articles/:id', { schema: { params: IdParams } }, async (request) => {
    const article = await service.getPublishedArticle(ctx.db, ctx.clock, request.params.id);
    return { article: toApiArticle(article, ctx.config.baseUrl) };
  });
}
