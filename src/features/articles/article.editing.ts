import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';

/*
 * Who else has an article open in the editor. Each open editor sends a heartbeat every
 * HEARTBEAT_MS; another writer counts as editing while their last heartbeat is younger than
 * FRESH_MS (three missed beats: a closed tab drops out within a minute). Rows are a few per
 * article and are overwritten, so the table stays small; stale ones go on the next beat.
 */

export const HEARTBEAT_MS = 20_000;
const FRESH_MS = 60_000;
const FORGOTTEN_MS = 24 * 60 * 60_000;

export interface OtherEditor {
  id: number;
  name: string;
  /** ISO-8601 UTC of their last heartbeat. */
  seenAt: string;
}

async function checkArticle(db: DbOrTrx, articleId: number): Promise<void> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no article ${articleId}.`);
}

/**
 * Records that `userId` has the article open (null: an API key, which is not a person and is
 * not recorded) and answers who else has.
 */
export async function recordEditing(
  db: DbOrTrx,
  articleId: number,
  userId: number | null,
  now: Date,
): Promise<OtherEditor[]> {
  await checkArticle(db, articleId);
  const at = now.toISOString();
  if (userId !== null) {
    await db
      .insertInto('article_editors')
      .values({ article_id: articleId, user_id: userId, seen_at: at })
      .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: at }))
      .execute();
  }
  await db
    .deleteFrom('article_editors')
    .where('seen_at', '<', new Date(now.getTime() - FORGOTTEN_MS).toISOString())
    .execute();
  const rows = await db
    .selectFrom('article_editors')
    .innerJoin('users', 'users.id', 'article_editors.user_id')
    .select(['users.id', 'users.name', 'article_editors.seen_at'])
    .where('article_editors.article_id', '=', articleId)
    .where('article_editors.seen_at', '>=', new Date(now.getTime() - FRESH_MS).toISOString())
    .orderBy('users.name')
    .execute();
  return rows
    .filter((r) => r.id !== userId)
    .map((r) => ({ id: r.id, name: r.name, seenAt: r.seen_at }));
}

/** The writer closed the editor: others stop seeing them at once. */
export async function stopEditing(db: DbOrTrx, articleId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('article_editors')
    .where('article_id', '=', articleId)
    .where('user_id', '=', userId)
    .execute();
}
