/*
 * Reply notifications at the HTTP edge: the unsubscribe page and its one-click POST, and the
 * calls the comment routes make once a comment has been stored or approved.
 */
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { ValidationFailed } from '../../lib/errors.js';
import { renderDocument } from '../../views/render.js';
import type { CommentRow } from './comment.table.js';
import {
  queueReplyMails,
  subscribeToReplies,
  unsubscribe,
  UNSUBSCRIBE_PATH,
  type NotifyDeps,
} from './notify.js';
import { verifyUnsubscribe } from './notify.token.js';
import { UnsubscribePage } from './notify.views.js';

function notifyDeps(ctx: AppContext): NotifyDeps {
  return { db: ctx.db, clock: ctx.clock, config: ctx.config, siteTitle: ctx.site().title };
}

/*
 * The comment is stored (or approved) whatever happens here: a notification that cannot be
 * queued is logged, and the reader's post or the moderator's approval still succeeds.
 */

/** After a post: keeps the reader's opt-in, and queues the mail for a reply shown at once. */
export async function notifyAfterPost(
  ctx: AppContext,
  log: FastifyBaseLogger,
  comment: CommentRow,
  wantsReplyMail: boolean,
): Promise<void> {
  try {
    if (wantsReplyMail && comment.author_email !== null) {
      await subscribeToReplies(ctx.db, comment.id, ctx.clock().toISOString());
    }
    if (comment.status === 'approved' && comment.parent_id !== null) {
      await queueReplyMails(notifyDeps(ctx), [comment.id]);
    }
  } catch (error) {
    log.error({ err: error, commentId: comment.id }, 'reply notification could not be queued');
  }
}

/** After a moderator approved comments: queues the mails for those that are replies. */
export async function notifyAfterApproval(
  ctx: AppContext,
  log: FastifyBaseLogger,
  commentIds: readonly number[],
): Promise<void> {
  try {
    await queueReplyMails(notifyDeps(ctx), commentIds);
  } catch (error) {
    log.error({ err: error, commentIds }, 'reply notifications could not be queued');
  }
}

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });

const BAD_LINK =
  'This unsubscribe link is not complete or not valid. Open the link from the mail exactly as it is.';

/** GET shows a confirm button; POST (the button, or a mail client's one-click) unsubscribes. */
export function notifySiteRoutes(app: App, ctx: AppContext): void {
  const page = (token: string, done: boolean) =>
    renderDocument(UnsubscribePage({ site: ctx.site(), token, done }));

  app.get(UNSUBSCRIBE_PATH, { schema: { querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token ?? '';
    if ((await verifyUnsubscribe(ctx.db, token, ctx.clock())) === undefined) {
      throw new ValidationFailed(BAD_LINK, 'token');
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(token, false));
  });

  void app.register(async (scope: App) => {
    // One-click clients POST "List-Unsubscribe=One-Click" as multipart/form-data or a form; the
    // token is in the URL, so any small body is read and dropped.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4096 }, (_req, _body, done) =>
      done(null, undefined),
    );
    scope.post(
      UNSUBSCRIBE_PATH,
      { schema: { querystring: TokenQuery }, bodyLimit: 4096 },
      async (request, reply) => {
        const hash = await verifyUnsubscribe(ctx.db, request.query.token ?? '', ctx.clock());
        if (hash === undefined) throw new ValidationFailed(BAD_LINK, 'token');
        await unsubscribe(ctx.db, hash, ctx.clock().toISOString());
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(page('', true));
      },
    );
  });
}
