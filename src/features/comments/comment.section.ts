/*
 * Loads the comments section of an article page: threads, counts, the viewer's own pending
 * comments. Loading and rendering are separate steps (views are pure).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { formatInZone } from '../../lib/time.js';
import { commentSecrets, commenterFormToken, hashToken } from './comment.defences.js';
import { formatComment } from './comment.format.js';
import { canCommenterChange, commentsOpen, isVisibleTo } from './comment.policy.js';
import * as repo from './comment.repository.js';
import { validToken } from './comment.service.js';
import { readCommentSettings } from './comment.settings.js';
import type { CommentItemContext, CommentsSectionModel, CommentView } from './comment.views.js';

/**
 * Levels a thread shows nested, the top-level comment included (WordPress's default thread
 * depth). Deeper replies are stored under their true parent and shown at the last level.
 */
export const THREAD_LEVELS = 5;

/** Name of the cookie that holds the commenter token (own comments: pending view, edit, delete). */
export const COMMENTER_COOKIE = 'deho_commenter';

/** Top-level threads per "page"; "Show more" extends the list by this many. */
export const THREADS_PER_PAGE = 50;
/**
 * "Show more" stops here: one article page renders at most this many pages of threads
 * (1,000 threads), whatever `cpage` asks for. Beyond that, readers page through the Content API.
 */
export const MAX_THREAD_PAGES = 20;

/** What about the viewer shapes the comments section (from the request). */
export interface CommentsViewer {
  /** Commenter token from the cookie. */
  token?: string | undefined;
  order?: 'oldest' | 'newest' | undefined;
  /** How many pages of threads to show (cumulative "show more"). */
  page?: number | undefined;
  /** Reply form for this comment (no-JS replies). */
  replyTo?: number | undefined;
  notice?: CommentsSectionModel['notice'];
}

export interface LoadCommentsOptions extends CommentsViewer {
  articleId: number;
  articleSlug: string;
  commentsEnabled: boolean;
  /** When the article was published (ISO): comments may close some days after it. */
  publishedAt: string | null;
  now: Date;
  /** IANA zone for the dates shown (the site zone). */
  zone?: string;
  /** The article's kept count of approved comments (`articles.comment_count`). */
  approvedCount: number;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * Reads the comment-related part of an article page request: cookie token and the query
 * parameters `comment` (notice), `corder`, `cpage` and `replyto`. Invalid values are ignored.
 */
export function readCommentsViewer(request: FastifyRequest): CommentsViewer {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const order = firstString(query.corder);
  const page = Number(firstString(query.cpage));
  const replyTo = Number(firstString(query.replyto));
  const notice = firstString(query.comment);
  return {
    token: validToken(request.cookies[COMMENTER_COOKIE]),
    order: order === 'newest' || order === 'oldest' ? order : undefined,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_THREAD_PAGES) : undefined,
    replyTo: Number.isInteger(replyTo) && replyTo >= 1 ? replyTo : undefined,
    notice:
      notice === 'pending' || notice === 'deleted' || notice === 'edited' ? notice : undefined,
  };
}

interface ViewerContext {
  tokenHash: string | undefined;
  now: Date;
  editMinutes: number;
  zone: string;
}

/**
 * Puts the replies of the shown threads under their parents, oldest first. Threads nest
 * THREAD_LEVELS levels, as WordPress's "thread comments N levels deep" does (5 by default); a
 * reply below the last level is listed beside its parent, right after it and what answers it
 * (the order a reader follows the exchange in), and names whom it answers. A reply whose parent
 * is not shown (trashed, or pending for someone else) is not shown, nor anything below it.
 * @param viewOf the reply as the viewer sees it, or undefined when they may not see it
 * @param views every comment shown, by id; the replies are added
 */
function threadReplies(
  threads: readonly CommentView[],
  replies: readonly repo.PublicCommentRow[],
  viewOf: (row: repo.PublicCommentRow) => CommentView | undefined,
  views: Map<number, CommentView>,
): void {
  const children = new Map<number, repo.PublicCommentRow[]>();
  for (const row of replies) {
    const siblings = children.get(row.parent_id ?? 0);
    if (siblings === undefined) children.set(row.parent_id ?? 0, [row]);
    else siblings.push(row);
  }
  // `parent` stands at `level` (0: a thread), in `list` (the list it is shown in).
  const place = (parent: CommentView, level: number, list: CommentView[]): void => {
    for (const row of children.get(parent.id) ?? []) {
      // Rows come from a tree (a parent is older than its reply), but never loop on bad data.
      if (views.has(row.id)) continue;
      const reply = viewOf(row);
      if (reply === undefined) continue;
      views.set(reply.id, reply);
      if (level < THREAD_LEVELS - 1) {
        parent.replies.push(reply);
        place(reply, level + 1, parent.replies);
      } else {
        reply.inReplyTo = { id: parent.id, name: parent.name };
        list.push(reply);
        place(reply, level, list);
      }
    }
  };
  for (const thread of threads) place(thread, 0, []);
}

function commentView(row: repo.PublicCommentRow, viewer: ViewerContext): CommentView {
  return {
    id: row.id,
    name: row.author_name,
    website: row.author_url,
    staff: row.user_id !== null,
    createdAt: row.created_at,
    createdLabel: formatInZone(row.created_at, viewer.zone),
    // Only a change of the text is an edit; approval and other status changes set updated_at.
    edited: row.edited_at !== null,
    pending: row.status === 'pending',
    canChange: canCommenterChange(row, viewer.tokenHash, viewer.now, viewer.editMinutes),
    paragraphs: formatComment(row.body),
    replies: [],
  };
}

/**
 * A comment just posted, as its writer's page would show it (with Edit and Delete): what the
 * comment form's island puts in the list, so that it needs no copy of the server's markup.
 * @param token the commenter token of the cookie set with the answer
 */
export async function loadPostedComment(
  db: Db,
  options: {
    row: repo.PublicCommentRow;
    token: string;
    articleSlug: string;
    now: Date;
    zone: string;
  },
): Promise<{ comment: CommentView; context: CommentItemContext }> {
  const settings = await readCommentSettings(db);
  const comment = commentView(options.row, {
    tokenHash: hashToken(options.token),
    now: options.now,
    editMinutes: settings.comments_edit_minutes,
    zone: options.zone,
  });
  // Deeper than threads nest: the page lists it beside its parent, naming whom it answers.
  if (options.row.depth >= THREAD_LEVELS && options.row.parent_id !== null) {
    const parent = await repo.findComment(db, options.row.parent_id);
    if (parent !== undefined) comment.inReplyTo = { id: parent.id, name: parent.author_name };
  }
  const formToken = commenterFormToken(
    await commentSecrets(db, options.now.toISOString()),
    options.token,
  );
  // The comment was accepted, so comments are open.
  return { comment, context: { articleSlug: options.articleSlug, enabled: true, formToken } };
}

/**
 * Loads the comments section of an article page.
 * @returns the view model for `CommentsSection`
 */
export async function loadCommentsSection(
  db: Db,
  options: LoadCommentsOptions,
): Promise<CommentsSectionModel> {
  const tokenHash = options.token === undefined ? undefined : hashToken(options.token);
  const zone = options.zone ?? 'UTC';
  const order = options.order ?? 'oldest';
  const pages = options.page ?? 1;
  const shownThreads = pages * THREADS_PER_PAGE;
  const settings = await readCommentSettings(db);
  const editMinutes = settings.comments_edit_minutes;
  // Only the threads on the page are loaded (one more tells whether there are more), however
  // many comments the article has; their replies follow one level at a time.
  // An anonymous reader sees approved comments only, and the article keeps their exact count:
  // once that many are loaded, there is nothing more to look for (most articles have a few
  // comments or none, and this saves them one query or two).
  const allLoaded = (loaded: number) => tokenHash === undefined && loaded >= options.approvedCount;
  const starts = allLoaded(0)
    ? []
    : await repo.listVisibleThreadStarts(db, options.articleId, tokenHash, {
        order,
        limit: shownThreads + 1,
      });
  const view = (row: repo.PublicCommentRow) =>
    commentView(row, { tokenHash, now: options.now, editMinutes, zone });
  const shown = starts.slice(0, shownThreads).map(view);
  const views = new Map(shown.map((v) => [v.id, v]));
  if (shown.length > 0 && !allLoaded(starts.length)) {
    const replies = await repo.listRepliesOf(
      db,
      shown.map((v) => v.id),
    );
    threadReplies(
      shown,
      replies,
      (row) => (isVisibleTo(row, tokenHash) ? view(row) : undefined),
      views,
    );
  }
  let replyTarget = options.replyTo === undefined ? undefined : views.get(options.replyTo);
  if (replyTarget === undefined && options.replyTo !== undefined) {
    const row = await repo.findVisibleComment(db, options.articleId, options.replyTo, tokenHash);
    if (row !== undefined) replyTarget = view(row);
  }
  const orderParam = order === 'newest' ? '&corder=newest' : '';
  return {
    articleId: options.articleId,
    articleSlug: options.articleSlug,
    enabled: commentsOpen(
      { comments_enabled: options.commentsEnabled ? 1 : 0, published_at: options.publishedAt },
      settings.comments_close_after_days,
      options.now,
    ),
    count: options.approvedCount,
    order,
    threads: shown,
    moreHref:
      starts.length > shown.length && pages < MAX_THREAD_PAGES
        ? `/news/${options.articleSlug}?cpage=${pages + 1}${orderParam}#comment-${starts[shown.length]?.id ?? ''}`
        : undefined,
    replyTo:
      replyTarget !== undefined && !replyTarget.pending
        ? { id: replyTarget.id, name: replyTarget.name }
        : undefined,
    notice: options.notice,
    // Only a reader with a cookie has comments of their own to edit or delete.
    formToken:
      options.token === undefined
        ? undefined
        : commenterFormToken(await commentSecrets(db, options.now.toISOString()), options.token),
  };
}
