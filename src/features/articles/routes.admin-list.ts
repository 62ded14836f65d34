import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan } from '../auth/index.js';
import { adminList, adminTags } from './article.admin-list.js';
import { tagAdminRoutes, tagUrl } from './routes.admin-tags.js';
import { authorizeRead } from './article.policy.js';
import { toApiArticle } from './article.presenter.js';

/* Admin API: the newsroom's article list with its filters, and the tags its tag picker offers. */

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Page = Type.Integer({ minimum: 1, maximum: 100_000, default: 1 });
const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 15 });

const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('draft'),
        Type.Literal('scheduled'),
        Type.Literal('published'),
        Type.Literal('archived'),
      ]),
    ),
    /** Only articles by this staff member. */
    author_id: Type.Optional(Id),
    /** Only articles with this tag: its id, or its slug. */
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Only articles linked to this show. */
    show_id: Type.Optional(Id),
    /** Words in the title, standfirst or slug. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** Newest change first (default) or newest publication first. */
    sort: Type.Optional(Type.Union([Type.Literal('updated'), Type.Literal('published')])),
    page: Type.Optional(Page),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

const TagQuery = Type.Object(
  {
    /** Part of the tag's name or slug. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Page),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export function articleAdminListRoutes(app: App, ctx: AppContext): void {
  app.get('/articles', { schema: { querystring: ListQuery } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    const query = request.query;
    const result = await adminList(ctx.db, {
      status: query.status,
      authorId: query.author_id,
      tag: query.tag,
      showId: query.show_id,
      q: query.q,
      sort: query.sort ?? 'updated',
      page: query.page ?? 1,
      limit: query.limit ?? 15,
    });
    return {
      articles: result.articles.map((a) => toApiArticle(a, ctx.config.baseUrl)),
      meta: { pagination: result.pagination, filter: result.filter },
    };
  });

  app.get('/tags', { schema: { querystring: TagQuery } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    const { q, page = 1, limit = 15 } = request.query;
    const result = await adminTags(ctx.db, { q, page, limit });
    return {
      tags: result.tags.map((tag) => ({ ...tag, url: tagUrl(ctx.config.baseUrl, tag.slug) })),
      meta: { pagination: result.pagination },
    };
  });

  tagAdminRoutes(app, ctx);
}
