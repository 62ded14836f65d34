/*
 * Comment queries: plain functions over Kysely taking `db | trx`. No rules here (those are in
 * comment.policy.ts) and no HTTP. Empty-input guards come first.
 */
import { sql, type ExpressionBuilder, type Insertable, type Kysely } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';
import type {
  CommentDefenceTables,
  CommentRow,
  CommentStatus,
  CommentTable,
} from './comment.table.js';

/** The database seen with the comment defence tables too (they are not in the shared Database type). */
export function withCommentTables(db: DbOrTrx): Kysely<Database & CommentDefenceTables> {
  return db.withTables<CommentDefenceTables>();
}

/** What the comments feature needs to know about an article. */
export interface CommentArticle {
  id: number;
  slug: string;
  title: string;
  comments_enabled: 0 | 1;
  published_at: string | null;
}

/** A published article by id, or undefined (drafts and unknown ids alike). */
export function findPublishedArticleById(
  db: DbOrTrx,
  id: number,
  now: string,
): Promise<CommentArticle | undefined> {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'comments_enabled', 'published_at'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('published_at', 'is', null), eb('published_at', '<=', now)]))
    .executeTakeFirst();
}

/** A published article by slug, or undefined. */
export function findPublishedArticleBySlug(
  db: DbOrTrx,
  slug: string,
  now: string,
): Promise<CommentArticle | undefined> {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'comments_enabled', 'published_at'])
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('published_at', 'is', null), eb('published_at', '<=', now)]))
    .executeTakeFirst();
}

/**
 * Locks the article row for the rest of the transaction (PostgreSQL), so that the duplicate
 * check and the insert of concurrent posts on one article run one after the other. SQLite
 * needs no lock: it runs one write transaction at a time.
 */
export async function lockArticle(
  trx: DbOrTrx,
  articleId: number,
  dialect: 'sqlite' | 'postgres',
): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('articles').select('id').where('id', '=', articleId).forUpdate().execute();
}

/**
 * Serialises the posts of one client (by its hashed address) for the rest of the transaction
 * (PostgreSQL: a transaction-level advisory lock), so that two posts on different articles at the
 * same moment, through different instances, cannot both pass the per-client rate limit. Taken
 * after lockArticle, always in that order, so two posts cannot wait for each other.
 */
export async function lockClient(
  trx: DbOrTrx,
  clientKey: string,
  dialect: 'sqlite' | 'postgres',
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`deho:comment-client:${clientKey}`}))`.execute(
    trx,
  );
}

export function findComment(db: DbOrTrx, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The same name and text on the same article since `since` (not trashed): a double post. */
export function findRecentDuplicate(
  db: DbOrTrx,
  q: { articleId: number; name: string; body: string; since: string },
): Promise<CommentRow | undefined> {
  return db
    .selectFrom('comments')
    .selectAll()
    .where('article_id', '=', q.articleId)
    .where('author_name', '=', q.name)
    .where('created_at', '>=', q.since)
    .where('body', '=', q.body)
    .where('status', '!=', 'trash')
    .orderBy('id')
    .executeTakeFirst();
}

/** How many comments a client sent since `since` (optionally on one article). */
/** A client's recent comments, counted for the rate limits in one pass over its rows. */
export interface RecentByClient {
  /** Since `lastSince` (the one-per-15-seconds rule). */
  last: number;
  /** On `articleId` since `articleSince`. */
  onArticle: number;
  /** Since `hourSince`, over all articles. */
  inHour: number;
}

/** Counts a client's recent comments; `hourSince` must be the earliest of the three times. */
export async function countRecentByClient(
  db: DbOrTrx,
  q: {
    clientKey: string;
    articleId: number;
    lastSince: string;
    articleSince: string;
    hourSince: string;
  },
): Promise<RecentByClient> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => [
      eb.fn.countAll<number>().as('in_hour'),
      eb.fn
        .sum<number>(eb.case().when('created_at', '>=', q.lastSince).then(1).else(0).end())
        .as('last'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([eb('article_id', '=', q.articleId), eb('created_at', '>=', q.articleSince)]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('on_article'),
    ])
    .where('client_key', '=', q.clientKey)
    .where('created_at', '>=', q.hourSince)
    .executeTakeFirstOrThrow();
  return {
    last: Number(row.last ?? 0),
    onArticle: Number(row.on_article ?? 0),
    inHour: Number(row.in_hour),
  };
}

/** Whether a moderator approved an earlier comment of this commenter (see policy TRUST_RULE). */
export async function hasApprovedComment(
  db: DbOrTrx,
  q: { name: string; email: string | null; tokenHash: string | undefined; clientKey: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('author_name', '=', q.name)
    .where('status', '=', 'approved')
    .where((eb) =>
      eb.or([
        eb('client_key', '=', q.clientKey),
        ...(q.email === null ? [] : [eb('author_email', '=', q.email)]),
        ...(q.tokenHash === undefined ? [] : [eb('edit_token_hash', '=', q.tokenHash)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertComment(
  trx: DbOrTrx,
  row: Insertable<CommentTable>,
): Promise<CommentRow> {
  return trx.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Remembers a used challenge; false when it was used before (a replay). */
export async function rememberChallenge(
  trx: DbOrTrx,
  hash: string,
  expiresAt: string,
): Promise<boolean> {
  const result = await withCommentTables(trx)
    .insertInto('comment_challenges')
    .values({ challenge_hash: hash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('challenge_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Forgets used challenges that have expired anyway. */
export async function deleteExpiredChallenges(db: DbOrTrx, now: string): Promise<void> {
  await withCommentTables(db)
    .deleteFrom('comment_challenges')
    .where('expires_at', '<', now)
    .execute();
}

/** The columns a reader-facing view needs (no e-mail, no client key). */
const PUBLIC_COLUMNS = [
  'id',
  'article_id',
  'parent_id',
  'depth',
  'author_name',
  'author_url',
  'user_id',
  'body',
  'status',
  'edit_token_hash',
  'created_at',
  'updated_at',
  'edited_at',
] as const;

export type PublicCommentRow = Pick<CommentRow, (typeof PUBLIC_COLUMNS)[number]>;

/** What a viewer may see: approved comments, plus their own pending ones when they hold a token. */
function visibleTo(tokenHash: string | undefined) {
  return (eb: ExpressionBuilder<Database, 'comments'>) =>
    tokenHash === undefined
      ? eb('status', '=', 'approved')
      : eb.or([
          eb('status', '=', 'approved'),
          eb.and([eb('status', '=', 'pending'), eb('edit_token_hash', '=', tokenHash)]),
        ]);
}

/** Who is looking: an anonymous reader, or one whose token shows their own pending comments. */
type Viewer = { viewer: 'anonymous' | 'token' };
const viewerOf = (tokenHash: string | undefined): Viewer => ({
  viewer: tokenHash === undefined ? 'anonymous' : 'token',
});

const threadStarts = preparedQuery(
  (
    db,
    args: { articleId: number; tokenHash: string; limit: number },
    variant: Viewer & { order: 'asc' | 'desc' },
  ) =>
    db
      .selectFrom('comments')
      .select(PUBLIC_COLUMNS)
      .where('article_id', '=', args.articleId)
      .where('parent_id', 'is', null)
      .where(visibleTo(variant.viewer === 'token' ? args.tokenHash : undefined))
      .orderBy('created_at', variant.order)
      .orderBy('id', variant.order)
      .limit(args.limit),
);

/** An article's top-level comments a viewer may see, oldest or newest first, at most `limit`. */
export function listVisibleThreadStarts(
  db: DbOrTrx,
  articleId: number,
  tokenHash: string | undefined,
  page: { order: 'oldest' | 'newest'; limit: number },
): Promise<PublicCommentRow[]> {
  return threadStarts(
    db,
    { articleId, tokenHash: tokenHash ?? '', limit: page.limit },
    { ...viewerOf(tokenHash), order: page.order === 'newest' ? 'desc' : 'asc' },
  );
}

/*
 * Every reply below the given comments, at any depth, of every status, for the caller to filter
 * (isVisibleTo) and thread. One statement whatever the depth: a recursive query that reads each
 * level by its parents' ids through comments_replies (parent_id, created_at, id), never one
 * query per level or per comment. With `status = ?` in the statement, SQLite (which has no
 * statistics: Deho runs no ANALYZE) took comments_status_created for the likelier index and
 * walked every approved comment by date: 2.7 s an article page at 1,000,000 comments. The
 * replies of the threads on one page, spam included, are few.
 */
const repliesOf = preparedQuery((db, args: { parentIds: readonly number[] }) =>
  db
    .withRecursive(`thread(${PUBLIC_COLUMNS.join(', ')})`, (cte) =>
      cte
        .selectFrom('comments')
        .select(PUBLIC_COLUMNS)
        .where('parent_id', 'in', args.parentIds)
        .unionAll((next) =>
          next
            .selectFrom('comments as reply')
            .innerJoin('thread', 'thread.id', 'reply.parent_id')
            .select(PUBLIC_COLUMNS.map((column) => `reply.${column}` as const)),
        ),
    )
    .selectFrom('thread')
    .select(PUBLIC_COLUMNS)
    .orderBy('created_at')
    .orderBy('id'),
);

/** Every reply below the given comments (their replies, the replies to those …), oldest first. */
export function listRepliesOf(
  db: DbOrTrx,
  parentIds: readonly number[],
): Promise<PublicCommentRow[]> {
  if (parentIds.length === 0) return Promise.resolve([]);
  return repliesOf(db, { parentIds });
}

/** One comment of an article, if the viewer may see it. */
export function findVisibleComment(
  db: DbOrTrx,
  articleId: number,
  id: number,
  tokenHash: string | undefined,
): Promise<PublicCommentRow | undefined> {
  return db
    .selectFrom('comments')
    .select(PUBLIC_COLUMNS)
    .where('id', '=', id)
    .where('article_id', '=', articleId)
    .where(visibleTo(tokenHash))
    .executeTakeFirst();
}

/** One page of an article's approved comments (flat, for the Content API). */
export async function pageApprovedForArticle(
  db: DbOrTrx,
  articleId: number,
  page: { limit: number; offset: number; order: 'oldest' | 'newest' },
): Promise<{ rows: PublicCommentRow[]; total: number }> {
  const dir = page.order === 'newest' ? 'desc' : 'asc';
  const [rows, total] = await Promise.all([
    db
      .selectFrom('comments')
      .select(PUBLIC_COLUMNS)
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .orderBy('created_at', dir)
      .orderBy('id', dir)
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('article_id', '=', articleId)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * Approved comment counts of many articles in one query.
 * @returns a map with an entry (possibly 0) for every id asked for
 */
export async function countApprovedComments(
  db: DbOrTrx,
  articleIds: readonly number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>(articleIds.map((id) => [id, 0]));
  if (articleIds.length === 0) return counts;
  // Kept by triggers on comments (migration 2026-12-01T09-10-00), so reading it costs the same
  // for an article with a thousand comments as for one with none.
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'comment_count'])
    .where('id', 'in', [...new Set(articleIds)])
    .execute();
  for (const row of rows) counts.set(row.id, Number(row.comment_count));
  return counts;
}

/** Sets the status of comments; returns how many changed. */
export async function setStatus(
  db: DbOrTrx,
  ids: readonly number[],
  status: CommentStatus,
  now: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('comments')
    .set((eb) => ({
      status,
      updated_at: now,
      approved_at:
        status === 'approved' ? eb.fn.coalesce('approved_at', eb.val(now)) : eb.ref('approved_at'),
    }))
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Replaces the text of a comment and records the time of that edit, if the text changed.
 * @returns whether it changed
 */
export async function setBody(
  db: DbOrTrx,
  id: number,
  body: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('comments')
    .set({ body, updated_at: now, edited_at: now })
    .where('id', '=', id)
    .where('body', '!=', body)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes comments for good (their replies go with them: ON DELETE CASCADE). */
export async function deleteComments(db: DbOrTrx, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom('comments')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
