import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

/*
 * Search at 100,000 articles (SQLite only; PostgreSQL's ts_rank has no such cost).
 *
 * - search_recent_fts: a second FTS5 table, same columns, holding the newest articles only
 *   (features/search/search.recent.ts). bm25 reads each phrase's whole list of matches for its
 *   document frequency: 3–7 ms per common word over 100,000 articles, paid on every query. A
 *   common word's 1,000 newest matches are ranked there, over a list a few times shorter.
 *   It starts empty with its floor at the newest article ("holds every article above the floor":
 *   true of none), and is filled downwards by searches that needed the full index (a batch at a
 *   time) or at once by a rebuild of the index.
 * - search_entities_fts again, with prefix indexes: "kim*" expanded to a thousand joined names
 *   ("kimyoonyoung"…) that were merged on every query (2.5 ms). Its rows are rebuilt by the next
 *   search (the stamp in search_state is removed, so the index reads as out of date).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  const options = sql.raw(
    `tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1`,
  );
  await sql`create virtual table search_recent_fts using fts5(title, dek, body, names, initials, ${options})`.execute(
    db,
  );
  const top = await sql<{ top: number | null }>`select max(id) as top from articles`.execute(db);
  const floor = Number(top.rows[0]?.top ?? 0);
  await sql`delete from search_state where key = 'recent'`.execute(db);
  await sql`insert into search_state (key, value)
    values ('recent', ${JSON.stringify({ floor, size: 20_000 })})`.execute(db);

  await sql`drop table search_entities_fts`.execute(db);
  await sql`create virtual table search_entities_fts using fts5(title, aliases, body, names, initials, ${options}, prefix = '1 2 3 4')`.execute(
    db,
  );
  await sql`delete from search_entities`.execute(db);
  await sql`delete from search_state where key = 'entities'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  const options = sql.raw(
    `tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1`,
  );
  await sql`drop table search_recent_fts`.execute(db);
  await sql`delete from search_state where key in ('recent', 'entities')`.execute(db);
  await sql`drop table search_entities_fts`.execute(db);
  await sql`create virtual table search_entities_fts using fts5(title, aliases, body, names, initials, ${options})`.execute(
    db,
  );
  await sql`delete from search_entities`.execute(db);
}
