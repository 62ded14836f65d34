import { Type, type Static } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan, type Staff } from '../auth/index.js';
import { ValidationFailed } from '../../lib/errors.js';
import * as admin from './article.admin.js';
import {
  authorizeCreate,
  authorizeDelete,
  authorizeEdit,
  authorizeRead,
} from './article.policy.js';
import { toApiArticle } from './article.presenter.js';
import { articleChangeTags } from './article.service.js';
import { BodySchema } from './blocks.js';

const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('published'),
  Type.Literal('archived'),
]);

const ArticleFields = Type.Object(
  {
    /** Headline, 1–300 characters. */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    /** URL slug; made from the title when absent. */
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Standfirst under the headline. */
    dek: Type.Optional(Type.String({ maxLength: 1_000 })),
    /** Body as Deho blocks… */
    body: Type.Optional(BodySchema),
    /** …or as HTML, converted to blocks. */
    html: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    status: Type.Optional(Status),
    /** When it was or will be published (ISO-8601); required to schedule. */
    published_at: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    /** Tag names; created when new. */
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 })),
    comments_enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type ArticleFields = Static<typeof ArticleFields>;

const WriteBody = Type.Object({ article: ArticleFields }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 15 })),
  },
  { additionalProperties: false },
);

function userIdOf(staff: Staff): number | null {
  return 'userId' in staff && typeof staff.userId === 'number' ? staff.userId : null;
}

/** Admin API: articles of every status. Every route here sits behind the area's staff guard. */
export function articleAdminRoutes(app: App, ctx: AppContext): void {
  const present = async (id: number) => ({
    article: toApiArticle(await admin.adminDetail(ctx.db, id), ctx.config.baseUrl),
  });

  app.get('/articles', { schema: { querystring: ListQuery } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    const { status, page = 1, limit = 15 } = request.query;
    const result = await admin.adminList(ctx.db, { ...(status && { status }), page, limit });
    return {
      articles: result.articles.map((a) => toApiArticle(a, ctx.config.baseUrl)),
      meta: { pagination: result.pagination },
    };
  });

  app.get('/articles/:id', { schema: { params: IdParams } }, async (request) => {
    authorizeRead(requireCan(request, 'articles.read'));
    return present(request.params.id);
  });

  app.post('/articles', { schema: { body: WriteBody } }, async (request, reply) => {
    const staff = requireCan(request, 'articles.write');
    const input: ArticleFields = request.body.article;
    if (input.title === undefined) throw new ValidationFailed('title is required.', 'title');
    authorizeCreate(staff, input.status ?? 'draft');
    const id = await ctx.db
      .transaction()
      .execute((trx) => admin.createFromInput(trx, ctx.clock, input, userIdOf(staff)));
    ctx.pages.invalidate(await articleChangeTags(ctx.db, id));
    return reply.code(201).send(await present(id));
  });

  app.patch('/articles/:id', { schema: { params: IdParams, body: WriteBody } }, async (request) => {
    const staff = requireCan(request, 'articles.write');
    const input: ArticleFields = request.body.article;
    const before = await ctx.db.transaction().execute(async (trx) => {
      const current = await admin.findAnyStatus(trx, request.params.id);
      authorizeEdit(staff, current, input.status ?? current.status);
      const tags = await articleChangeTags(trx, request.params.id);
      await admin.updateFromInput(trx, ctx.clock, request.params.id, input, userIdOf(staff));
      return tags;
    });
    ctx.pages.invalidate([...before, ...(await articleChangeTags(ctx.db, request.params.id))]);
    return present(request.params.id);
  });

  app.delete('/articles/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const staff = requireCan(request, 'articles.write');
    const before = await ctx.db.transaction().execute(async (trx) => {
      authorizeDelete(staff, await admin.findAnyStatus(trx, request.params.id));
      const tags = await articleChangeTags(trx, request.params.id);
      await admin.deleteArticle(trx, request.params.id, ctx.clock);
      return tags;
    });
    ctx.pages.invalidate(before);
    return reply.code(204).send();
  });
}
