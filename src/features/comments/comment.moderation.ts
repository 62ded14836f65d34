/*
 * Moderation use-cases (Admin API): the queue, one comment, status and text changes, bulk
 * actions and deletion. Posting and the commenter's own changes are in comment.service.ts.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { NotFound } from '../../lib/errors.js';
import * as repo from './comment.repository.js';
import type { CommentRow, CommentStatus } from './comment.table.js';
import { normalizeBody } from './comment.text.js';

/** Moderation: one page of comments matching the filter, newest first. */
export async function listForModeration(
  db: DbOrTrx,
  filter: repo.AdminCommentFilter,
  page: { page: number; limit: number },
) {
  const { rows, total } = await repo.listForModeration(db, filter, {
    limit: page.limit,
    offset: (page.page - 1) * page.limit,
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

/** Moderation: one comment by id. */
export async function getForModeration(db: DbOrTrx, id: number): Promise<CommentRow> {
  const comment = await repo.findComment(db, id);
  if (comment === undefined) throw new NotFound('There is no comment with that id.');
  return comment;
}

/** Moderation: changes status and/or text of one comment. */
export async function moderateComment(
  db: Db,
  clock: Clock,
  id: number,
  changes: { status?: CommentStatus | undefined; body?: string | undefined },
): Promise<CommentRow> {
  const nowIso = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const comment = await repo.findComment(trx, id);
    if (comment === undefined) throw new NotFound('There is no comment with that id.');
    if (changes.body !== undefined)
      await repo.setBody(trx, id, normalizeBody(changes.body), nowIso);
    if (changes.status !== undefined) await repo.setStatus(trx, [id], changes.status, nowIso);
    return (await repo.findComment(trx, id)) ?? comment;
  });
}

/** Moderation: one status for many comments. @returns how many changed */
export function bulkSetStatus(
  db: DbOrTrx,
  clock: Clock,
  ids: readonly number[],
  status: CommentStatus,
): Promise<number> {
  return repo.setStatus(db, ids, status, clock().toISOString());
}

/** Moderation: deletes comments for good (with their replies). @returns how many were deleted */
export async function deleteForModeration(db: DbOrTrx, ids: readonly number[]): Promise<number> {
  return repo.deleteComments(db, ids);
}

/** The articles the given comments belong to (to refresh their cached pages). */
export async function articleIdsOfComments(db: DbOrTrx, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select('article_id')
    .distinct()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((row) => row.article_id);
}
