/*
 * Comment routes of the reader site and the Content API (moderation is in routes.admin.ts).
 * Handlers stay thin: schema → (policy) → service → present.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { refuseForeignOrigin, tokenMatches } from '../../http/csrf.js';
import { toProblem } from '../../http/errors.js';
import { AppError, Forbidden, NotFound } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { Layout } from '../../views/layout.js';
import { renderDocument } from '../../views/render.js';
import { commentSecrets, commenterFormToken, issueChallenge } from './comment.defences.js';
import { postedCommentHtml, toPublicComment } from './comment.presenter.js';
import {
  CommentFormBody,
  CreateCommentBody,
  DeleteOwnCommentFormBody,
  EditOwnCommentBody,
  IdParams,
  Pagination,
  PublicCommentJson,
  PublicListQuery,
} from './comment.schemas.js';
import { COMMENTER_COOKIE, loadPostedComment } from './comment.section.js';
import * as moderation from './comment.moderation.js';
import * as service from './comment.service.js';
import { EditCommentForm, RefusedComment } from './comment.pages.js';
import { notifyAfterPost, notifySiteRoutes } from './notify.routes.js';

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
export function refreshArticlePages(ctx: AppContext, articleIds: Iterable<number>): void {
  ctx.pages.invalidate([...articleIds].map((id) => `article:${id}`));
}

function cookieToken(request: FastifyRequest): string | undefined {
  return request.cookies[COMMENTER_COOKIE];
}

/**
 * The onRequest hook of every commenter write: a write whose Origin names another site is
 * refused before its body is read, as staff writes are (http/csrf.ts).
 */
function sameSiteWrites(ctx: AppContext): (request: FastifyRequest) => Promise<void> {
  return async (request) => refuseForeignOrigin(request, ctx.config.baseUrl);
}

const STALE_FORM =
  'This form is out of date or was not sent from this site. Open the comment again and resend your change.';

/**
 * Edit and delete forms must carry the token bound to the commenter cookie they come with. A
 * request without the cookie has no comment of the reader's to act on: the service refuses it.
 * @throws Forbidden when the cookie is there and the token is missing or another cookie's
 */
async function requireFormToken(
  ctx: AppContext,
  request: FastifyRequest,
  sent: string | undefined,
): Promise<void> {
  const token = service.validToken(cookieToken(request));
  if (token === undefined) return;
  const secrets = await commentSecrets(ctx.db, ctx.clock().toISOString());
  if (!tokenMatches(sent, commenterFormToken(secrets, token))) throw new Forbidden(STALE_FORM);
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
  const onRequest = sameSiteWrites(ctx);
  app.post(
    '/news/:slug/comments',
    {
      schema: { params: SlugParams, body: CommentFormBody },
      bodyLimit: COMMENT_BODY_LIMIT,
      onRequest,
    },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      const article = await service.requireArticleBySlug(ctx.db, ctx.clock, slug);
      const form = request.body;
      let result: service.CreateResult;
      try {
        result = await withRetryAfter(reply, () =>
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
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const problem = toProblem(error);
        return reply
          .code(problem.status)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            renderDocument(
              Layout({
                site: ctx.site(),
                title: 'Your comment was not posted',
                children: RefusedComment({
                  articleId: article.id,
                  articleSlug: slug,
                  message: problem.message,
                  canRetry: error.code !== 'comments_closed',
                  typed: {
                    name: form.name ?? '',
                    comment: form.comment ?? '',
                    email: form.email ?? '',
                    parentId: form.parent_id ?? '',
                  },
                }),
              }),
            ),
          );
      }
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
              children: EditCommentForm({
                articleSlug: slug,
                id: comment.id,
                body: comment.body,
                formToken: commenterFormToken(
                  await commentSecrets(ctx.db, ctx.clock().toISOString()),
                  cookieToken(request) ?? '',
                ),
              }),
            }),
          ),
        );
    },
  );

  app.post(
    '/news/:slug/comments/:id/edit',
    {
      schema: { params: SlugIdParams, body: CommentFormBody },
      bodyLimit: COMMENT_BODY_LIMIT,
      onRequest,
    },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      await requireFormToken(ctx, request, request.body.form_token);
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
    { schema: { params: SlugIdParams, body: DeleteOwnCommentFormBody }, onRequest },
    async (request, reply) => {
      const slug = checkSlug(request.params.slug);
      await requireFormToken(ctx, request, request.body?.form_token);
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

const PostedCommentJson = Type.Object({
  comment: PublicCommentJson,
  html: Type.String({
    description:
      "The comment as the article page shows it to its writer (an `<li>` with Edit and Delete), for a page's script to insert.",
  }),
});

/** Content API: read approved comments, post a comment, fetch a challenge, change one's own comment. */
export function commentApiRoutes(app: App, ctx: AppContext): void {
  const onRequest = sameSiteWrites(ctx);
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
          200: PostedCommentJson,
          201: PostedCommentJson,
        },
      },
      bodyLimit: COMMENT_BODY_LIMIT,
      onRequest,
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
      const posted = await loadPostedComment(ctx.db, {
        // Spam looks pending to its poster, here as in the JSON: robots learn nothing.
        row: {
          ...result.comment,
          status: result.comment.status === 'spam' ? 'pending' : result.comment.status,
        },
        token: result.token,
        articleSlug: article.slug,
        now: ctx.clock(),
        zone: ctx.site().zone,
      });
      return reply
        .code(result.created ? 201 : 200)
        .header('cache-control', 'no-store')
        .send({ comment: toPublicComment(result.comment), html: postedCommentHtml(posted) });
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
      onRequest,
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

  app.delete(
    '/comments/:id',
    { schema: { params: IdParams }, onRequest },
    async (request, reply) => {
      const articleIds = await moderation.articleIdsOfComments(ctx.db, [request.params.id]);
      await service.deleteOwnComment(deps(ctx), request.params.id, cookieToken(request));
      refreshArticlePages(ctx, articleIds);
      return reply.code(204).send();
    },
  );
}
