/*
 * Comment routes for the three areas. Handlers stay thin: schema → (policy) → service → present.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { Layout } from '../../views/layout.js';
import { renderDocument } from '../../views/render.js';
import { commentSecrets, issueChallenge } from './comment.defences.js';
import { requireCan } from '../auth/index.js';
import { toAdminComment, toPublicComment } from './comment.presenter.js';
import {
  AdminCommentJson,
  AdminListQuery,
  BulkBody,
  CommentFormBody,
  CreateCommentBody,
  EditOwnCommentBody,
  IdParams,
  ModerateBody,
  Pagination,
  PublicCommentJson,
  PublicListQuery,
} from './comment.schemas.js';
import { COMMENTER_COOKIE } from './comment.section.js';
import * as moderation from './comment.moderation.js';
import * as service from './comment.service.js';
import type { CommentStatus } from './comment.table.js';
import { EditCommentForm } from './comment.views.js';
import { notifyAfterApproval, notifyAfterPost, notifySiteRoutes } from './notify.routes.js';

/** Bodies larger than this are refused with 413 (a 5,000-character comment needs < 32 KiB). */
export const COMMENT_BODY_LIMIT = 64 * 1024;

function setCommenterCookie(reply: FastifyReply, ctx: AppContext, token: string): void {
  void reply.setCookie(COMMENTER_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.baseUrl.startsWith('https:'),
    maxAge: 365 * 24 * 60 * 60,
  });
}

/** Adds Retry-After to a 429 before the area's error handler renders it. */
async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof service.RateLimited)
      void reply.header('retry-after', String(error.retryAfter));
    throw error;
  }
}

function deps(ctx: AppContext): service.CommentDeps {
  return { db: ctx.db, dialect: ctx.dialect, clock: ctx.clock, writes: ctx.writes };
}

/** Comments show on their article's page and in comment counts on lists: drop those pages. */
function refreshArticlePages(ctx: AppContext, articleIds: Iterable<number>): void {
  ctx.pages.invalidate([...articleIds].map((id) => `article:${id}`));
}

function cookieToken(request: FastifyRequest): string | undefined {
  return request.cookies[COMMENTER_COOKIE];
}

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const SlugIdParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  id: IdParams.properties.id,
});

function checkSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug)) throw new NotFound();
  return slug;
}

function parseParentId(raw: string | undefined): number | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  const id = Number(text);
  // Not a number → no parent can match; the service answers "not on this article".
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : -1;
}

/** Reader site: the form post (works without JavaScript) and own-comment edit/delete. */
export function commentSiteRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/news/:slug/comments',
    { schema: { params: SlugParams, body: CommentFormBody }, bodyLimit: COMMENT_BODY_LIMIT },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      const article = await service.requireArticleBySlug(ctx.db, ctx.clock, slug);
      const form = request.body;
      const result = await withRetryAfter(reply, () =>
        service.createComment(
          deps(ctx),
          article,
          {
            name: form.name ?? '',
            comment: form.comment ?? '',
            email: form.email,
            parent_id: parseParentId(form.parent_id),
            website: form.website,
            altcha: form.altcha,
          },
          { address: request.ip, token: cookieToken(request) },
        ),
      );
      setCommenterCookie(reply, ctx, result.token);
      refreshArticlePages(ctx, [article.id]);
      await notifyAfterPost(ctx, request.log, result.comment, (form.notify_replies ?? '') !== '');
      const location =
        result.comment.status === 'approved'
          ? `/news/${slug}#comment-${result.comment.id}`
          : `/news/${slug}?comment=pending#comments`;
      return reply
        .code(303)
        .header('location', location)
        .header('cache-control', 'no-store')
        .send();
    },
  );

  app.get(
    '/news/:slug/comments/:id/edit',
    { schema: { params: SlugIdParams } },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      const comment = await service.getOwnComment(
        deps(ctx),
        request.params.id,
        cookieToken(request),
        slug,
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          renderDocument(
            Layout({
              site: ctx.site(),
              title: 'Edit your comment',
              children: EditCommentForm({ articleSlug: slug, id: comment.id, body: comment.body }),
            }),
          ),
        );
    },
  );

  app.post(
    '/news/:slug/comments/:id/edit',
    { schema: { params: SlugIdParams, body: CommentFormBody }, bodyLimit: COMMENT_BODY_LIMIT },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      const own = await service.getOwnComment(
        deps(ctx),
        request.params.id,
        cookieToken(request),
        slug,
      );
      const comment = await service.editOwnComment(
        deps(ctx),
        request.params.id,
        cookieToken(request),
        request.body.comment ?? '',
      );
      refreshArticlePages(ctx, [own.article_id]);
      return reply
        .code(303)
        .header('location', `/news/${slug}?comment=edited#comment-${comment.id}`)
        .send();
    },
  );

  app.post(
    '/news/:slug/comments/:id/delete',
    { schema: { params: SlugIdParams } },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      const own = await service.getOwnComment(
        deps(ctx),
        request.params.id,
        cookieToken(request),
        slug,
      );
      await service.deleteOwnComment(deps(ctx), request.params.id, cookieToken(request));
      refreshArticlePages(ctx, [own.article_id]);
      return reply.code(303).header('location', `/news/${slug}?comment=deleted#comments`).send();
    },
  );

  notifySiteRoutes(app, ctx);
}

const ArticleIdParams = Type.Object({ id: IdParams.properties.id });

/** Content API: read approved comments, post a comment, fetch a challenge, change one's own comment. */
export function commentApiRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/articles/:id/comments',
    {
      schema: {
        params: ArticleIdParams,
        querystring: PublicListQuery,
        response: {
          200: Type.Object({
            comments: Type.Array(PublicCommentJson),
            meta: Type.Object({ pagination: Pagination }),
          }),
        },
      },
    },
    async (request) => {
      const article = await service.requireArticleById(ctx.db, ctx.clock, request.params.id);
      const { page = 1, limit = 50, order = 'oldest' } = request.query;
      const result = await service.pageOfApprovedComments(ctx.db, article.id, {
        page,
        limit,
        order,
      });
      return {
        comments: result.rows.map(toPublicComment),
        meta: { pagination: result.pagination },
      };
    },
  );

  app.post(
    '/articles/:id/comments',
    {
      schema: {
        params: ArticleIdParams,
        body: CreateCommentBody,
        response: {
          200: Type.Object({ comment: PublicCommentJson }),
          201: Type.Object({ comment: PublicCommentJson }),
        },
      },
      bodyLimit: COMMENT_BODY_LIMIT,
    },
    async (request, reply) => {
      const article = await service.requireArticleById(ctx.db, ctx.clock, request.params.id);
      const result = await withRetryAfter(reply, () =>
        service.createComment(deps(ctx), article, request.body, {
          address: request.ip,
          token: cookieToken(request),
        }),
      );
      setCommenterCookie(reply, ctx, result.token);
      refreshArticlePages(ctx, [article.id]);
      await notifyAfterPost(ctx, request.log, result.comment, request.body.notify_replies === true);
      return reply
        .code(result.created ? 201 : 200)
        .header('cache-control', 'no-store')
        .send({ comment: toPublicComment(result.comment) });
    },
  );

  // A fresh challenge per request: pages may be cached, challenges must not be shared.
  app.get('/comments/challenge', async (_request, reply) => {
    const now = ctx.clock();
    const challenge = await issueChallenge(await commentSecrets(ctx.db, now.toISOString()), now);
    return reply.header('cache-control', 'no-store').send({ challenge });
  });

  app.patch(
    '/comments/:id',
    {
      schema: {
        params: IdParams,
        body: EditOwnCommentBody,
        response: { 200: Type.Object({ comment: PublicCommentJson }) },
      },
      bodyLimit: COMMENT_BODY_LIMIT,
    },
    async (request) => {
      const comment = await service.editOwnComment(
        deps(ctx),
        request.params.id,
        cookieToken(request),
        request.body.comment.body,
      );
      refreshArticlePages(ctx, [comment.article_id]);
      return { comment: toPublicComment(comment) };
    },
  );

  app.delete('/comments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const articleIds = await moderation.articleIdsOfComments(ctx.db, [request.params.id]);
    await service.deleteOwnComment(deps(ctx), request.params.id, cookieToken(request));
    refreshArticlePages(ctx, articleIds);
    return reply.code(204).send();
  });
}

const BULK_STATUS: Readonly<Record<'approve' | 'pending' | 'spam' | 'trash', CommentStatus>> = {
  approve: 'approved',
  pending: 'pending',
  spam: 'spam',
  trash: 'trash',
};

/**
 * Admin API moderation routes. Register inside /api/admin/v1 (behind its auth hook);
 * every handler checks the moderation policy on request.staff first.
 */
export function commentAdminRoutes(app: App, ctx: AppContext): void {
  const One = Type.Object({ comment: AdminCommentJson });

  app.get(
    '/comments',
    {
      schema: {
        querystring: AdminListQuery,
        response: {
          200: Type.Object({
            comments: Type.Array(AdminCommentJson),
            meta: Type.Object({ pagination: Pagination }),
          }),
        },
      },
    },
    async (request) => {
      requireCan(request, 'comments.moderate');
      const { page = 1, limit = 50, status, article_id, q } = request.query;
      const result = await moderation.listForModeration(
        ctx.db,
        {
          ...(status !== undefined && { status }),
          ...(article_id !== undefined && { articleId: article_id }),
          ...(q !== undefined && { q }),
        },
        { page, limit },
      );
      return { comments: result.rows.map(toAdminComment), meta: { pagination: result.pagination } };
    },
  );

  app.get(
    '/comments/:id',
    { schema: { params: IdParams, response: { 200: One } } },
    async (request) => {
      requireCan(request, 'comments.moderate');
      return {
        comment: toAdminComment(await moderation.getForModeration(ctx.db, request.params.id)),
      };
    },
  );

  app.patch(
    '/comments/:id',
    {
      schema: { params: IdParams, body: ModerateBody, response: { 200: One } },
      bodyLimit: COMMENT_BODY_LIMIT,
    },
    async (request) => {
      requireCan(request, 'comments.moderate');
      const comment = await moderation.moderateComment(
        ctx.db,
        ctx.clock,
        request.params.id,
        request.body.comment,
      );
      refreshArticlePages(ctx, [comment.article_id]);
      if (request.body.comment.status === 'approved')
        await notifyAfterApproval(ctx, request.log, [comment.id]);
      return { comment: toAdminComment(comment) };
    },
  );

  app.delete('/comments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    requireCan(request, 'comments.moderate');
    const articleIds = await moderation.articleIdsOfComments(ctx.db, [request.params.id]);
    if ((await moderation.deleteForModeration(ctx.db, [request.params.id])) === 0) {
      throw new NotFound('There is no comment with that id.');
    }
    refreshArticlePages(ctx, articleIds);
    return reply.code(204).send();
  });

  app.post(
    '/comments/bulk',
    {
      schema: {
        body: BulkBody,
        response: { 200: Type.Object({ meta: Type.Object({ affected: Type.Integer() }) }) },
      },
    },
    async (request) => {
      requireCan(request, 'comments.moderate');
      const { ids, action } = request.body;
      const articleIds = await moderation.articleIdsOfComments(ctx.db, ids);
      const affected =
        action === 'delete'
          ? await moderation.deleteForModeration(ctx.db, ids)
          : await moderation.bulkSetStatus(ctx.db, ctx.clock, ids, BULK_STATUS[action]);
      refreshArticlePages(ctx, articleIds);
      if (action === 'approve') await notifyAfterApproval(ctx, request.log, ids);
      return { meta: { affected } };
    },
  );
}
