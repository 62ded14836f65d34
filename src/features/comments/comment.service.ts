/*
 * Comment use-cases. Each entry point owns its transaction and passes `trx` down; rules come
 * from comment.policy.ts, text rules from comment.text.ts, queries from comment.repository.ts.
 */
import type { Dialect } from '../../db/connect.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, Forbidden, NotFound, ValidationFailed } from '../../lib/errors.js';
import {
  checkChallenge,
  clientKey,
  commentSecrets,
  hashToken,
  newCommenterToken,
} from './comment.defences.js';
import { countLinks } from './comment.format.js';
import {
  canCommenterChange,
  commentsOpen,
  decideStatus,
  editRefusal,
  findListedWord,
  type ChallengeState,
  type StatusDecision,
} from './comment.policy.js';
import * as repo from './comment.repository.js';
import { readCommentSettings } from './comment.settings.js';
import type { CommentRow, CommentStatus } from './comment.table.js';
import { normalizeBody, normalizeEmail, normalizeName } from './comment.text.js';

/** What the comment use-cases depend on. */
export interface CommentDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  /** Posts are committed together with the other posts arriving at the same time. */
  writes: GroupCommit;
}

/** The same name and text on the same article within this time is the same comment. */
export const DUPLICATE_WINDOW_MS = 5 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/** Rate limits per client address (WordPress allows one comment per 15 s). */
export const RATE_LIMITS = {
  /** At most one comment per client address in this time. */
  perClientMs: 15 * 1000,
  /** Burst limit: at most `perArticleMax` comments by one client on one article in this time. */
  perArticleWindowMs: 10 * 60 * 1000,
  perArticleMax: 5,
  /** At most `perHourMax` comments by one client in an hour, over all articles. */
  perHourMax: 30,
} as const;

/** The fields of the comment form (and the JSON API body). */
export interface CommentInput {
  name: string;
  comment: string;
  email?: string | null | undefined;
  parent_id?: number | null | undefined;
  /** Honeypot: a field hidden from people; robots fill it in. */
  website?: string | undefined;
  /** Solved proof-of-work challenge (base64 JSON), filled in by the comments island. */
  altcha?: string | undefined;
}

/** Who is posting: the client address and the commenter cookie, if any. */
export interface Poster {
  address: string;
  token?: string | undefined;
}

export interface CreateResult {
  comment: CommentRow;
  /** False when this was a double post and the earlier comment is returned. */
  created: boolean;
  /** The commenter token to keep in the cookie (identifies own comments). */
  token: string;
}

export class RateLimited extends AppError {
  override readonly name = 'RateLimited';
  constructor(
    message: string,
    /** Seconds until a post would be accepted. */
    readonly retryAfter: number,
  ) {
    super('rate_limited', message);
  }
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** The commenter token from a cookie value, if it has the shape of one we issued. */
export function validToken(token: string | undefined): string | undefined {
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : undefined;
}

let postsSinceCleanup = 0;

/** Why an article takes no comments: switched off, or closed by the site's age rule. */
function closedMessage(article: repo.CommentArticle, closeAfterDays: number): string {
  if (article.comments_enabled !== 1 || closeAfterDays === 0) {
    return 'Comments are closed for this article.';
  }
  const days = closeAfterDays === 1 ? '1 day' : `${closeAfterDays} days`;
  return `Comments on this article closed ${days} after it was published.`;
}

/**
 * Validates and stores a comment, deciding its status with the spam defences.
 * @param article a published article (see findPublishedArticleById/BySlug)
 * @throws NotFound, AppError comments_closed, ValidationFailed (property = form field), RateLimited
 */
export async function createComment(
  deps: CommentDeps,
  article: repo.CommentArticle,
  input: CommentInput,
  poster: Poster,
): Promise<CreateResult> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const settings = await readCommentSettings(deps.db);
  if (!commentsOpen(article, settings.comments_close_after_days, now)) {
    throw new AppError(
      'comments_closed',
      closedMessage(article, settings.comments_close_after_days),
    );
  }
  const name = normalizeName(input.name);
  const body = normalizeBody(input.comment);
  const email = normalizeEmail(input.email);

  const secrets = await commentSecrets(deps.db, nowIso);
  const token = validToken(poster.token) ?? newCommenterToken();
  const tokenHash = hashToken(token);
  const client = clientKey(secrets, poster.address);
  const challenge = await checkChallenge(secrets, input.altcha, now);
  // The island fetches its challenge when the reader starts writing: its signed issue time says
  // how long writing took. Posts without a solved challenge are held for moderation anyway.
  const servedAt = challenge.state === 'solved' ? challenge.issuedAt : undefined;
  const tooFast =
    servedAt !== undefined && now.getTime() - servedAt < settings.comments_min_seconds * 1000;

  const result = await deps.writes.run(async (trx) => {
    // MUST come first: serialises concurrent posts on this article (PostgreSQL) so that the
    // duplicate check and the rate limits below see each other's rows.
    await repo.lockArticle(trx, article.id, deps.dialect);
    await repo.lockClient(trx, client, deps.dialect);

    let depth = 0;
    const parentId = input.parent_id ?? null;
    if (parentId !== null) {
      const parent = await repo.findComment(trx, parentId);
      if (parent?.article_id !== article.id || parent.status !== 'approved') {
        throw new ValidationFailed(
          'The comment you are replying to is not on this article.',
          'parent_id',
        );
      }
      depth = parent.depth + 1;
    }

    const duplicate = await repo.findRecentDuplicate(trx, {
      articleId: article.id,
      name,
      body,
      since: new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString(),
    });
    if (duplicate !== undefined) return { comment: duplicate, created: false };

    await enforceRateLimits(trx, client, article.id, now);

    let challengeState: ChallengeState = challenge.state;
    if (
      challenge.state === 'solved' &&
      challenge.hash !== undefined &&
      challenge.expiresAt !== undefined
    ) {
      if (!(await repo.rememberChallenge(trx, challenge.hash, challenge.expiresAt)))
        challengeState = 'replayed';
    }
    const decision: StatusDecision = decideStatus(
      {
        honeypot: (input.website ?? '').trim() !== '',
        challenge: challengeState,
        tooFast,
        links: countLinks(body),
        blockWord: findListedWord(settings.comments_block_words, [name, email, body]),
        moderationWord: findListedWord(settings.comments_moderation_words, [name, email, body]),
        trusted: await repo.hasApprovedComment(trx, { name, email, tokenHash, clientKey: client }),
      },
      settings,
    );
    const comment = await repo.insertComment(trx, {
      article_id: article.id,
      parent_id: parentId,
      depth,
      author_name: name,
      author_email: email,
      user_id: null,
      body,
      status: decision.status,
      held_reason: decision.heldReason,
      client_key: client,
      edit_token_hash: tokenHash,
      approved_at: decision.status === 'approved' ? nowIso : null,
      created_at: nowIso,
      updated_at: nowIso,
    });
    return { comment, created: true };
  });

  postsSinceCleanup += 1;
  if (postsSinceCleanup >= 500) {
    postsSinceCleanup = 0;
    await repo.deleteExpiredChallenges(deps.db, nowIso);
  }
  return { ...result, token };
}

async function enforceRateLimits(
  trx: DbOrTrx,
  client: string,
  articleId: number,
  now: Date,
): Promise<void> {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const recent = await repo.countRecentByClient(trx, {
    clientKey: client,
    articleId,
    lastSince: ago(RATE_LIMITS.perClientMs),
    articleSince: ago(RATE_LIMITS.perArticleWindowMs),
    hourSince: ago(HOUR_MS),
  });
  if (recent.last > 0) {
    throw new RateLimited(
      'You are posting comments too quickly. Please wait 15 seconds and try again.',
      15,
    );
  }
  const onArticle = recent.onArticle;
  if (onArticle >= RATE_LIMITS.perArticleMax) {
    throw new RateLimited(
      `You have posted ${onArticle} comments on this article in the last 10 minutes. Please wait a few minutes.`,
      600,
    );
  }
  if (recent.inHour >= RATE_LIMITS.perHourMax) {
    throw new RateLimited(
      'You have posted many comments in the last hour. Please come back later.',
      3600,
    );
  }
}

/** The published article a comment is posted to, by id (API) — NotFound otherwise. */
export async function requireArticleById(
  db: DbOrTrx,
  clock: Clock,
  id: number,
): Promise<repo.CommentArticle> {
  const article = await repo.findPublishedArticleById(db, id, clock().toISOString());
  if (article === undefined) throw new NotFound('There is no published article with that id.');
  return article;
}

/** The published article a comment is posted to, by slug (form) — NotFound otherwise. */
export async function requireArticleBySlug(
  db: DbOrTrx,
  clock: Clock,
  slug: string,
): Promise<repo.CommentArticle> {
  const article = await repo.findPublishedArticleBySlug(db, slug, clock().toISOString());
  if (article === undefined) throw new NotFound('There is no published article at this address.');
  return article;
}

/**
 * A commenter edits their own comment (cookie token, within the site's edit window). The new
 * text passes the same rules; an approved comment that now holds too many links or a listed word
 * goes back to moderation.
 */
export async function editOwnComment(
  deps: CommentDeps,
  id: number,
  token: string | undefined,
  rawBody: string,
): Promise<CommentRow> {
  const now = deps.clock();
  const comment = await repo.findComment(deps.db, id);
  const tokenHash = validToken(token) === undefined ? undefined : hashToken(token ?? '');
  if (
    comment === undefined ||
    (comment.status !== 'approved' && comment.edit_token_hash !== tokenHash)
  ) {
    throw new NotFound('There is no such comment.');
  }
  const settings = await readCommentSettings(deps.db);
  if (!canCommenterChange(comment, tokenHash, now, settings.comments_edit_minutes)) {
    throw new Forbidden(editRefusal('change', settings.comments_edit_minutes));
  }
  const body = normalizeBody(rawBody);
  let status: CommentStatus = comment.status;
  if (findListedWord(settings.comments_block_words, [body]) !== undefined) status = 'spam';
  else if (
    status === 'approved' &&
    (countLinks(body) >= settings.comments_link_threshold ||
      findListedWord(settings.comments_moderation_words, [body]) !== undefined)
  ) {
    status = 'pending';
  }
  const nowIso = now.toISOString();
  const changed = await deps.db.transaction().execute(async (trx) => {
    const textChanged = await repo.setBody(trx, id, body, nowIso);
    if (status !== comment.status) await repo.setStatus(trx, [id], status, nowIso);
    return textChanged;
  });
  return {
    ...comment,
    body,
    status,
    updated_at: nowIso,
    edited_at: changed ? nowIso : comment.edited_at,
  };
}

/** A commenter deletes their own comment (moves it to the trash) within the edit window. */
export async function deleteOwnComment(
  deps: CommentDeps,
  id: number,
  token: string | undefined,
): Promise<CommentRow> {
  const now = deps.clock();
  const comment = await repo.findComment(deps.db, id);
  const tokenHash = validToken(token) === undefined ? undefined : hashToken(token ?? '');
  if (
    comment === undefined ||
    (comment.status !== 'approved' && comment.edit_token_hash !== tokenHash)
  ) {
    throw new NotFound('There is no such comment.');
  }
  const { comments_edit_minutes: editMinutes } = await readCommentSettings(deps.db);
  if (!canCommenterChange(comment, tokenHash, now, editMinutes)) {
    throw new Forbidden(editRefusal('delete', editMinutes));
  }
  await repo.setStatus(deps.db, [id], 'trash', now.toISOString());
  return { ...comment, status: 'trash' };
}

/** Content API: one page of an article's approved comments. */
export async function pageOfApprovedComments(
  db: DbOrTrx,
  articleId: number,
  page: { page: number; limit: number; order: 'oldest' | 'newest' },
) {
  const { rows, total } = await repo.pageApprovedForArticle(db, articleId, {
    limit: page.limit,
    offset: (page.page - 1) * page.limit,
    order: page.order,
  });
  return {
    rows,
    pagination: {
      page: page.page,
      limit: page.limit,
      pages: Math.max(1, Math.ceil(total / page.limit)),
      total,
    },
  };
}

/**
 * The viewer's own comment on the article `slug` (for the edit page) — NotFound when it is not
 * theirs, not on that article, or no longer changeable.
 */
export async function getOwnComment(
  deps: CommentDeps,
  id: number,
  token: string | undefined,
  slug: string,
): Promise<CommentRow> {
  const comment = await repo.findComment(deps.db, id);
  const article = await repo.findPublishedArticleBySlug(deps.db, slug, deps.clock().toISOString());
  const tokenHash = validToken(token) === undefined ? undefined : hashToken(token ?? '');
  if (comment === undefined || article === undefined || comment.article_id !== article.id) {
    throw new NotFound('There is no such comment on this article.');
  }
  const { comments_edit_minutes: editMinutes } = await readCommentSettings(deps.db);
  if (!canCommenterChange(comment, tokenHash, deps.clock(), editMinutes)) {
    throw new Forbidden(editRefusal('change', editMinutes));
  }
  return comment;
}
