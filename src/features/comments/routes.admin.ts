/*
 * Admin API moderation routes: the queue, one comment, status and text changes, bulk actions,
 * staff replies and the counts the navigation shows. Register inside /api/admin/v1 (behind its
 * auth hook); every handler checks the moderation permission on request.staff first.
 */
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import * as moderation from './comment.moderation.js';
import { toAdminComment } from './comment.presenter.js';
import { readCommentSettings, writeCommentSettings } from './comment.settings.js';
import {
  AdminCommentJson,
  AdminListQuery,
  BulkBody,
  CountsJson,
  IdParams,
  ModerateBody,
  Pagination,
  StaffReplyBody,
} from './comment.schemas.js';
import type { CommentStatus } from './comment.table.js';
import { notifyAfterApproval } from './notify.routes.js';
import { COMMENT_BODY_LIMIT, refreshArticlePages } from './routes.js';

const BULK_STATUS: Readonly<Record<'approve' | 'pending' | 'spam' | 'trash', CommentStatus>> = {
  approve: 'approved',
  pending: 'pending',
  spam: 'spam',
  trash: 'trash',
};

const CommentSettingsJson = Type.Object({
  /** Hold the first comment of a commenter nobody has approved yet. */
  comments_hold_first_time: Type.Boolean(),
  /** A comment with this many links or more waits for moderation. */
  comments_link_threshold: Type.Integer({ minimum: 1, maximum: 100 }),
  /** Words or phrases that send a comment to moderation (case-insensitive). */
  comments_moderation_words: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 1000,
  }),
  /** Words or phrases that mark a comment as spam at once. */
  comments_block_words: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 1000,
  }),
  /** A form sent back faster than this many seconds after it was served is held. */
  comments_min_seconds: Type.Integer({ minimum: 0, maximum: 600 }),
  /** Comments close this many days after an article is published; 0 keeps them open. */
  comments_close_after_days: Type.Integer({ minimum: 0, maximum: 3650 }),
  /** How many minutes a commenter may edit or delete their own comment; 0: not at all. */
  comments_edit_minutes: Type.Integer({ minimum: 0, maximum: 10_080 }),
});
const CommentSettingsBody = Type.Object(
  {
    settings: Type.Partial(CommentSettingsJson, { additionalProperties: false, minProperties: 1 }),
  },
  { additionalProperties: false },
);

export function commentAdminRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/settings/comments',
    { schema: { response: { 200: Type.Object({ settings: CommentSettingsJson }) } } },
    async (request) => {
      requireCan(request, 'settings.manage');
      return { settings: await readCommentSettings(ctx.db) };
    },
  );

  app.patch(
    '/settings/comments',
    {
      schema: {
        body: CommentSettingsBody,
        response: { 200: Type.Object({ settings: CommentSettingsJson }) },
      },
    },
    async (request) => {
      requireCan(request, 'settings.manage');
      const clean = (words: string[] | undefined) =>
        words === undefined ? undefined : [...new Set(words.map((w) => w.trim()).filter(Boolean))];
      const { comments_moderation_words, comments_block_words, ...rest } = request.body.settings;
      await writeCommentSettings(ctx.db, ctx.clock().toISOString(), {
        ...rest,
        ...(comments_moderation_words !== undefined && {
          comments_moderation_words: clean(comments_moderation_words),
        }),
        ...(comments_block_words !== undefined && {
          comments_block_words: clean(comments_block_words),
        }),
      });
      // Whether an article takes comments, and who may still change one, are on every page.
      if (rest.comments_close_after_days !== undefined || rest.comments_edit_minutes !== undefined)
        ctx.pages.invalidate(['site']);
      return { settings: await readCommentSettings(ctx.db) };
    },
  );

  const One = Type.Object({ comment: AdminCommentJson });
  const present = (row: Parameters<typeof toAdminComment>[0]) =>
    toAdminComment(row, ctx.config.baseUrl);

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
      const { page = 1, limit = 50, status, article_id, reason, q } = request.query;
      const result = await moderation.listForModeration(
        ctx.db,
        {
          ...(status !== undefined && { status }),
          ...(article_id !== undefined && { articleId: article_id }),
          ...(reason !== undefined && { reason }),
          ...(q !== undefined && { q }),
        },
        { page, limit },
      );
      return { comments: result.rows.map(present), meta: { pagination: result.pagination } };
    },
  );

  app.get('/comments/counts', { schema: { response: { 200: CountsJson } } }, async (request) => {
    requireCan(request, 'comments.moderate');
    return { counts: await moderation.countWaiting(ctx.db) };
  });

  app.get(
    '/comments/:id',
    { schema: { params: IdParams, response: { 200: One } } },
    async (request) => {
      requireCan(request, 'comments.moderate');
      return { comment: present(await moderation.getForModeration(ctx.db, request.params.id)) };
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
      return { comment: present(comment) };
    },
  );

  // Reply as staff: published at once, with the staff badge.
  app.post(
    '/comments/:id/replies',
    {
      schema: { params: IdParams, body: StaffReplyBody, response: { 201: One } },
      bodyLimit: COMMENT_BODY_LIMIT,
    },
    async (request, reply) => {
      const staff = requireCan(request, 'comments.moderate');
      const result = await moderation.replyAsStaff(
        ctx.db,
        ctx.clock,
        request.params.id,
        { userId: staff.kind === 'session' ? staff.userId : undefined },
        request.body.comment.body,
      );
      refreshArticlePages(ctx, [result.reply.article_id]);
      await notifyAfterApproval(ctx, request.log, [
        ...(result.approvedParentId === undefined ? [] : [result.approvedParentId]),
        result.reply.id,
      ]);
      return reply.code(201).send({ comment: present(result.reply) });
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
