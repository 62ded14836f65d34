import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/*
 * The recent index (SQLite): search_recent_fts holds the same documents as search_articles_fts
 * for the newest articles only, those with an id above its floor. bm25 reads the whole list of
 * matches of every phrase of a query for its document frequency, 3–7 ms per common word over
 * 100,000 articles; over the newest 20,000 that pass is five times shorter. A query whose 1,001
 * newest visible matches are all above the floor has exactly the ranking window it would have
 * in the full index, so it is ranked there (search.repository.ts); others use the full index.
 *
 * The invariant, kept by every write of the index in the write's transaction
 * (search.index.ts): every indexed article with an id above `floor` is in the recent table,
 * with the same document. Writes of articles above the floor go to both tables; when the
 * newest id climbs more than `size` above the floor, the floor follows and the rows below it
 * are deleted. A floor below `newest - size` (a site upgraded with its articles already
 * indexed starts with its floor at its newest article) is lowered a batch at a time.
 */

/** Articles kept in the recent index. */
export const RECENT_SIZE = 20_000;

export interface RecentState {
  /** Every indexed article with a greater id is in search_recent_fts. */
  floor: number;
  /** How many of the newest ids it keeps. */
  size: number;
}

/** The recent index's state, or undefined when it has none (PostgreSQL, or not yet built). */
export async function readRecent(db: DbOrTrx): Promise<RecentState | undefined> {
  const row = await sql<{
    value: string;
  }>`select value from search_state where key = 'recent'`.execute(db);
  const value = row.rows[0]?.value;
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<RecentState>;
    const floor = Number(parsed.floor);
    const size = Number(parsed.size);
    if (!Number.isInteger(floor) || floor < 0 || !Number.isInteger(size) || size < 1) {
      return undefined;
    }
    return { floor, size };
  } catch {
    return undefined;
  }
}

/** The highest article id, or 0 without articles: where the recent index's floor is measured from. */
export async function newestArticleId(db: DbOrTrx): Promise<number> {
  const row = await sql<{ top: number | null }>`select max(id) as top from articles`.execute(db);
  return Number(row.rows[0]?.top ?? 0);
}

export async function writeRecent(db: DbOrTrx, state: RecentState): Promise<void> {
  await sql`delete from search_state where key = 'recent'`.execute(db);
  await sql`insert into search_state (key, value)
    values ('recent', ${JSON.stringify(state)})`.execute(db);
}

/**
 * After articles up to `top` were written: raises the floor to `top - size` when the recent
 * index holds more than `size` ids, deleting the rows that fall below it.
 */
export async function pruneRecent(db: DbOrTrx, state: RecentState, top: number): Promise<void> {
  const floor = top - state.size;
  if (floor <= state.floor) return;
  await sql`delete from search_recent_fts where rowid > ${state.floor} and rowid <= ${floor}`.execute(
    db,
  );
  await writeRecent(db, { ...state, floor });
}
