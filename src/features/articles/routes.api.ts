import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { FieldsParam, parseFields, pickFields } from '../../http/content-api.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import type { ArticleFilter } from './article.model.js';
import { toApiArticle } from './article.presenter.js';
import * as repo from './article.repository.js';
import * as service from './article.service.js';
import { tagAuthorApiRoutes } from './routes.api-lists.js';

const Slug = Type.String({ pattern: SLUG_PATTERN.source, maxLength: 200 });

const ListQuery = Type.Object(
  {
    /** 1-based page number. */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    /** Articles per page. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 15 })),
    /** Only articles with this tag (slug). */
    tag: Type.Optional(Slug),
    /** Only articles about this show (slug). */
    show: Type.Optional(Slug),
    /** Only articles about this person (slug). */
    person: Type.Optional(Slug),
    fields: Type.Optional(FieldsParam),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ItemQuery = Type.Object(
  { fields: Type.Optional(FieldsParam) },
  { additionalProperties: false },
);

/** Fields of an article in lists, and the further ones of a single article. */
const SUMMARY_FIELDS = [
  'id',
  'slug',
  'url',
  'title',
  'dek',
  'status',
  'published_at',
  'updated_at',
  'author',
  'feature_image',
  'comment_count',
  'featured',
] as const;
const DETAIL_FIELDS = [
  ...SUMMARY_FIELDS,
  'body',
  'comments_enabled',
  'seo_title',
  'seo_description',
  'social_image',
  'coauthors',
  'tags',
  'shows',
  'people',
] as const;

/** Content API: published articles only; a draft's id answers 404 like an unknown one. */
export function articleApiRoutes(app: App, ctx: AppContext): void {
  const filterFor = async (query: {
    tag?: string;
    show?: string;
    person?: string;
  }): Promise<ArticleFilter> => {
    const given = [query.tag, query.show, query.person].filter((v) => v !== undefined).length;
    if (given > 1)
      throw new ValidationFailed('Filter by one of tag, show or person at a time.', 'tag');
    if (query.tag !== undefined) {
      const found = await repo.findTagBySlug(ctx.db, query.tag);
      if (found === undefined) throw new NotFound(`There is no tag "${query.tag}".`);
      return { kind: 'tag', tagId: found.id };
    }
    if (query.show !== undefined) {
      const found = await ctx.db
        .selectFrom('shows')
        .select('id')
        .where('slug', '=', query.show)
        .executeTakeFirst();
      if (found === undefined) throw new NotFound(`There is no show "${query.show}".`);
      return { kind: 'show', showId: found.id };
    }
    if (query.person !== undefined) {
      const found = await ctx.db
        .selectFrom('people')
        .select('id')
        .where('slug', '=', query.person)
        .executeTakeFirst();
      if (found === undefined) throw new NotFound(`There is no person "${query.person}".`);
      return { kind: 'person', personId: found.id };
    }
    return { kind: 'all' };
  };

  app.get('/articles', { schema: { querystring: ListQuery } }, async (request) => {
    const { page = 1, limit = 15 } = request.query;
    const fields = parseFields(request.query.fields, SUMMARY_FIELDS);
    const filter = await filterFor(request.query);
    const result = await service.pageOfArticles(ctx.db, ctx.clock, filter, { page, limit });
    return {
      articles: result.articles.map((a) => pickFields(toApiArticle(a, ctx.config.baseUrl), fields)),
      meta: { pagination: result.pagination },
    };
  });

  app.get(
    '/articles/:id',
    { schema: { params: IdParams, querystring: ItemQuery } },
    async (request) => {
      const fields = parseFields(request.query.fields, DETAIL_FIELDS);
      const article = await service.getPublishedArticle(ctx.db, ctx.clock, request.params.id);
      return { article: pickFields(toApiArticle(article, ctx.config.baseUrl), fields) };
    },
  );

  tagAuthorApiRoutes(app, ctx);
}
