/*
 * The moderation queue's reads: comments with the title of their article and the start of the
 * comment they answer, filtered by status, article, reason and text; and the counts the
 * navigation shows. Plain functions over Kysely taking `db | trx`.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import type { CommentRow, CommentStatus } from './comment.table.js';

/**
 * Why a comment was held, as a moderator filters the queue. Each names stored `held_reason`s:
 * `challenge` covers every way a challenge was not solved, `words` both word lists.
 */
export const QUEUE_REASONS = {
  first_comment: ['first_comment'],
  links: ['links'],
  words: ['moderation_word', 'block_word'],
  challenge: ['challenge_missing', 'challenge_invalid', 'challenge_expired', 'challenge_replayed'],
  too_fast: ['too_fast'],
  honeypot: ['honeypot'],
} as const satisfies Record<string, readonly string[]>;
export type QueueReason = keyof typeof QUEUE_REASONS;

export interface QueueFilter {
  status?: CommentStatus;
  articleId?: number;
  reason?: QueueReason;
  /** Text in name, e-mail or comment. */
  q?: string;
}

/** A comment as the queue shows it: the row, its article, and the comment it answers. */
export interface QueueRow extends CommentRow {
  article_title: string;
  article_slug: string;
  parent_name: string | null;
  parent_body: string | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type CommentsQuery<O> = SelectQueryBuilder<Database, 'comments', O>;

function applyFilter<O>(query: CommentsQuery<O>, filter: QueueFilter): CommentsQuery<O> {
  let q = query;
  if (filter.status !== undefined) q = q.where('comments.status', '=', filter.status);
  if (filter.articleId !== undefined) q = q.where('comments.article_id', '=', filter.articleId);
  if (filter.reason !== undefined)
    q = q.where('comments.held_reason', 'in', [...QUEUE_REASONS[filter.reason]]);
  const text = filter.q?.trim() ?? '';
  if (text !== '') {
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or(
        (['comments.author_name', 'comments.author_email', 'comments.body'] as const).map(
          (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  return q;
}

function queueSelect(db: DbOrTrx) {
  return db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .selectAll('comments')
    .select([
      'articles.title as article_title',
      'articles.slug as article_slug',
      'parent.author_name as parent_name',
      'parent.body as parent_body',
    ]);
}

/** One page of the queue, newest first, with the total that matches. */
export async function listQueue(
  db: DbOrTrx,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    applyFilter(queueSelect(db), filter)
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    applyFilter(
      db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')),
      filter,
    ).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** One comment as the queue shows it. */
export function findQueueRow(db: DbOrTrx, id: number): Promise<QueueRow | undefined> {
  return queueSelect(db).where('comments.id', '=', id).executeTakeFirst();
}

/**
 * How many comments wait (pending) and how many are spam, for the navigation and the filters.
 * Both are index ranges of (status, created_at); the approved comments are never counted here.
 */
export async function countWaiting(db: DbOrTrx): Promise<{ pending: number; spam: number }> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'spam'])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, spam: 0 };
  for (const row of rows) {
    if (row.status === 'pending' || row.status === 'spam') counts[row.status] = Number(row.n);
  }
  return counts;
}

/** The name of a staff member, for a reply they write (undefined: no such user). */
export async function findStaffName(db: DbOrTrx, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.name;
}
