/*
 * Moderation use-cases (Admin API): the queue, one comment, status and text changes, bulk
 * actions, staff replies and deletion. Posting and the commenter's own changes are in
 * comment.service.ts.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Forbidden, NotFound } from '../../lib/errors.js';
import * as queue from './comment.queue.js';
import * as repo from './comment.repository.js';
import type { CommentStatus } from './comment.table.js';
import { normalizeBody } from './comment.text.js';

/** Moderation: one page of comments matching the filter, newest first. */
export async function listForModeration(
  db: DbOrTrx,
  filter: queue.QueueFilter,
  page: { page: number; limit: number },
) {
  const { rows, total } = await queue.listQueue(db, filter, {
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
export async function getForModeration(db: DbOrTrx, id: number): Promise<queue.QueueRow> {
  const comment = await queue.findQueueRow(db, id);
  if (comment === undefined) throw new NotFound('There is no comment with that id.');
  return comment;
}

/** Moderation: changes status and/or text of one comment. */
export async function moderateComment(
  db: Db,
  clock: Clock,
  id: number,
  changes: { status?: CommentStatus | undefined; body?: string | undefined },
): Promise<queue.QueueRow> {
  const nowIso = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const comment = await repo.findComment(trx, id);
    if (comment === undefined) throw new NotFound('There is no comment with that id.');
    if (changes.body !== undefined)
      await repo.setBody(trx, id, normalizeBody(changes.body), nowIso);
    if (changes.status !== undefined) await repo.setStatus(trx, [id], changes.status, nowIso);
    return getForModeration(trx, id);
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

/** Moderation: how many comments wait, and how many are spam. */
export function countWaiting(db: DbOrTrx): Promise<{ pending: number; spam: number }> {
  return queue.countWaiting(db);
}

interface StaffReply {
  reply: queue.QueueRow;
  /** The comment answered, when the reply approved it (it was held): its reply mail is due too. */
  approvedParentId: number | undefined;
}

/**
 * A staff member answers a comment from the queue. The reply is published at once under their
 * name with the staff badge (`user_id`). Answering a held comment approves it first, as
 * WordPress's "Approve and Reply" does: a reply under a hidden comment would be hidden too.
 * The reply hangs under the comment it answers, at any depth (the page shows deep ones beside it).
 * @throws Forbidden for an API key (a reply needs a person's name), NotFound, ValidationFailed
 */
export async function replyAsStaff(
  db: Db,
  clock: Clock,
  parentId: number,
  staff: { userId: number | undefined },
  rawBody: string,
): Promise<StaffReply> {
  if (staff.userId === undefined)
    throw new Forbidden('Replies are signed by a person: sign in to reply as staff.');
  const userId = staff.userId;
  const body = normalizeBody(rawBody);
  const nowIso = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const parent = await repo.findComment(trx, parentId);
    if (parent === undefined) throw new NotFound('There is no comment with that id.');
    if (parent.status === 'spam' || parent.status === 'trash') {
      throw new Forbidden(`That comment is in the ${parent.status}: restore it before replying.`);
    }
    const name = await queue.findStaffName(trx, userId);
    if (name === undefined) throw new Forbidden('Your account no longer exists.');
    let approvedParentId: number | undefined;
    if (parent.status !== 'approved') {
      await repo.setStatus(trx, [parent.id], 'approved', nowIso);
      approvedParentId = parent.id;
    }
    const row = await repo.insertComment(trx, {
      article_id: parent.article_id,
      parent_id: parent.id,
      depth: parent.depth + 1,
      author_name: name,
      author_email: null,
      user_id: userId,
      body,
      status: 'approved',
      held_reason: null,
      client_key: null,
      edit_token_hash: null,
      approved_at: nowIso,
      created_at: nowIso,
      updated_at: nowIso,
    });
    return { reply: await getForModeration(trx, row.id), approvedParentId };
  });
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
