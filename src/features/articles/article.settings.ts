import type { DbOrTrx } from '../../db/database.js';
import { ValidationFailed } from '../../lib/errors.js';

/*
 * An article's settings beside its text (issue 18): the old address a renamed slug leaves, the
 * social image, and the co-authors. Each check runs inside the write's transaction and refuses
 * bad input before anything is written.
 */

/**
 * Keeps the old address of a published article whose slug changes: /news/<old> answers 301 to
 * the article from now on. A draft's or a scheduled article's slug was never public, so it
 * leaves nothing behind. The old slug may have led to another article before (that one was
 * renamed away from it earlier): it leads to this one now, its latest owner.
 */
export async function recordSlugChange(
  trx: DbOrTrx,
  articleId: number,
  change: { from: string; to: string; wasPublished: boolean },
  now: string,
): Promise<void> {
  if (change.from === change.to || !change.wasPublished) return;
  await trx
    .insertInto('article_slug_redirects')
    .values({ from_slug: change.from, article_id: articleId, created_at: now })
    .onConflict((oc) =>
      oc.column('from_slug').doUpdateSet({ article_id: articleId, created_at: now }),
    )
    .execute();
}

/** A social image must be a picture in the media library; null uses the feature image. */
export async function checkedSocialImage(
  trx: DbOrTrx,
  mediaId: number | null,
): Promise<number | null> {
  if (mediaId === null) return null;
  const row = await trx
    .selectFrom('media')
    .select(['id', 'mime'])
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ValidationFailed(
      `There is no media item ${mediaId}: choose the social image from the media library.`,
      'social_image_id',
    );
  }
  if (!row.mime.startsWith('image/')) {
    throw new ValidationFailed(
      `Media item ${mediaId} is not a picture (${row.mime.slice(0, 60)}): link previews need an image.`,
      'social_image_id',
    );
  }
  return mediaId;
}

/** Roles whose members write articles, and so may share a byline. */
const WRITING_ROLES: ReadonlySet<string> = new Set([
  'owner',
  'admin',
  'editor',
  'author',
  'contributor',
]);

/**
 * Replaces an article's co-authors, in the order given. The author is not repeated as a
 * co-author, and a name given twice counts once. Someone newly added must be an active member
 * of staff who writes; someone already on the byline stays even if their account has changed
 * since (a colleague who left still co-wrote the piece).
 */
export async function setCoauthors(
  trx: DbOrTrx,
  articleId: number,
  authorId: number | null,
  userIds: readonly number[],
): Promise<void> {
  const wanted = [...new Set(userIds)].filter((id) => id !== authorId);
  const current = new Set(
    (
      await trx
        .selectFrom('article_coauthors')
        .select('user_id')
        .where('article_id', '=', articleId)
        .execute()
    ).map((r) => r.user_id),
  );
  const added = wanted.filter((id) => !current.has(id));
  if (added.length > 0) {
    const users = await trx
      .selectFrom('users')
      .select(['id', 'name', 'role', 'status'])
      .where('id', 'in', added)
      .execute();
    for (const id of added) {
      const user = users.find((u) => u.id === id);
      if (user === undefined) {
        throw new ValidationFailed(
          `There is no member of staff ${id} to add as a co-author.`,
          'coauthor_ids',
        );
      }
      if (!WRITING_ROLES.has(user.role) || user.status !== 'active') {
        throw new ValidationFailed(
          `${user.name} cannot be a co-author: only active staff who write articles can.`,
          'coauthor_ids',
        );
      }
    }
  }
  await trx.deleteFrom('article_coauthors').where('article_id', '=', articleId).execute();
  if (wanted.length === 0) return;
  await trx
    .insertInto('article_coauthors')
    .values(wanted.map((user_id, position) => ({ article_id: articleId, user_id, position })))
    .execute();
}

/** The staff member to name as an article's author: active, in a writing role. @returns the id */
export async function checkedAuthor(trx: DbOrTrx, userId: number): Promise<number> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (user === undefined) {
    throw new ValidationFailed(
      `There is no member of staff ${userId} to name as the author.`,
      'author_id',
    );
  }
  if (!WRITING_ROLES.has(user.role) || user.status !== 'active') {
    throw new ValidationFailed(
      `${user.name} cannot be the author: only active staff who write articles can.`,
      'author_id',
    );
  }
  return user.id;
}

/** The ids of an article's co-authors, in byline order. */
export async function findCoauthorIds(db: DbOrTrx, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_coauthors')
    .select('user_id')
    .where('article_id', '=', articleId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.user_id);
}
