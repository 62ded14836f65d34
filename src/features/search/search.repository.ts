import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { onPostgres } from './search.index.js';
import { toFts5, toTsquery, type ParsedQuery } from './search.text.js';

/*
 * The one search interface, two implementations: FTS5 on SQLite, tsvector on PostgreSQL.
 * Both receive only our own tokens (search.text.ts), bound as parameters.
 *
 * Ranking: title > dek > names > body (FTS5 bm25 column weights 10/4/1/3/3; PostgreSQL
 * weights A/B/C/D), divided by (1 + age in years) so that among equally good matches the
 * newer article wins while a strong old match still beats a weak new one.
 */

export interface ArticleSearchFilter {
  /** Readers' "now": only articles published at or before it. */
  now: string;
  showId?: number;
  personId?: number;
  tagId?: number;
  /** Inclusive lower bound of published_at (ISO). */
  from?: string;
  /** Exclusive upper bound of published_at (ISO). */
  before?: string;
}

/** How many of the newest matches an unfiltered SQLite search ranks. */
const CANDIDATES = 1_000;
/** Beyond this many matches, the total is reported as this (a reader never pages that far). */
const COUNT_CAP = 10_000;

export interface Window {
  limit: number;
  offset: number;
}

function articleConditions(filter: ArticleSearchFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [
    sql`a.status = 'published'`,
    sql`a.published_at <= ${filter.now}`,
  ];
  if (filter.showId !== undefined) {
    conditions.push(
      sql`a.id in (select article_id from article_shows where show_id = ${filter.showId})`,
    );
  }
  if (filter.personId !== undefined) {
    conditions.push(
      sql`a.id in (select article_id from article_people where person_id = ${filter.personId})`,
    );
  }
  if (filter.tagId !== undefined) {
    conditions.push(
      sql`a.id in (select article_id from article_tags where tag_id = ${filter.tagId})`,
    );
  }
  if (filter.from !== undefined) conditions.push(sql`a.published_at >= ${filter.from}`);
  if (filter.before !== undefined) conditions.push(sql`a.published_at < ${filter.before}`);
  return sql.join(conditions, sql` and `);
}

/** Ids of the matching articles readers may see, best first, and how many match in all. */
export async function searchArticles(
  db: DbOrTrx,
  query: ParsedQuery,
  filter: ArticleSearchFilter,
  window: Window,
): Promise<{ ids: number[]; total: number }> {
  const where = articleConditions(filter);
  if (onPostgres(db)) {
    const q = sql`to_tsquery('simple', ${toTsquery(query)})`;
    const from = sql`search_articles s join articles a on a.id = s.article_id`;
    const match = sql`s.document @@ ${q} and ${where}`;
    const [rows, count] = await Promise.all([
      sql<{ id: number }>`select a.id from ${from} where ${match}
        order by ts_rank(s.document, ${q}) / (1.0 + greatest(0.0,
          extract(epoch from (${filter.now}::timestamptz - a.published_at::timestamptz)) / 31557600.0)) desc, a.id desc
        limit ${window.limit} offset ${window.offset}`.execute(db),
      sql<{ n: number | string }>`select count(*) as n from ${from} where ${match}`.execute(db),
    ]);
    return { ids: rows.rows.map((r) => Number(r.id)), total: Number(count.rows[0]?.n ?? 0) };
  }
  const expression = toFts5(query);
  const filtered =
    filter.showId !== undefined ||
    filter.personId !== undefined ||
    filter.tagId !== undefined ||
    filter.from !== undefined ||
    filter.before !== undefined;
  // Without filters, only the CANDIDATES most recent matches (by id) are ranked: FTS5 yields
  // rows in rowid order lazily, so bm25 runs for those rows only and the cost stays flat
  // however common a word is. With filters, every match is considered (see decisions.md).
  const candidates = filtered
    ? sql`select rowid as id, bm25(search_articles_fts, 10.0, 4.0, 1.0, 3.0, 3.0) as score
        from search_articles_fts where search_articles_fts match ${expression}`
    : sql`select rowid as id, bm25(search_articles_fts, 10.0, 4.0, 1.0, 3.0, 3.0) as score
        from search_articles_fts where search_articles_fts match ${expression}
        order by rowid desc limit ${CANDIDATES}`;
  // CROSS JOIN fixes the join order in SQLite: the full-text match runs once and drives the
  // join. Left to the planner, it may scan articles and re-run MATCH for every row.
  const from = sql`(${candidates}) f cross join articles a on a.id = f.id`;
  const rows = await sql<{ id: number; total: number }>`select a.id, count(*) over () as total
    from ${from} where ${where}
    order by f.score / (1.0 + max(0.0, julianday(${filter.now}) - julianday(a.published_at)) / 365.25), a.id desc
    limit ${window.limit} offset ${window.offset}`.execute(db);
  let total = Number(rows.rows[0]?.total ?? 0);
  if (rows.rows.length === 0 && window.offset > 0) {
    const count = await sql<{
      n: number;
    }>`select count(*) as n from ${from} where ${where}`.execute(db);
    total = Number(count.rows[0]?.n ?? 0);
  }
  if (!filtered && total >= CANDIDATES * 0.9) {
    // The window is (nearly) full: count further matches, drafts included, up to COUNT_CAP.
    const all = await sql<{
      n: number;
    }>`select count(*) as n from (select 1 from search_articles_fts
      where search_articles_fts match ${expression} limit ${COUNT_CAP})`.execute(db);
    total = Math.max(total, Number(all.rows[0]?.n ?? 0));
  }
  return { ids: rows.rows.map((r) => r.id), total };
}

export type EntityKind = 'person' | 'show' | 'character';

/** Matching people, shows or characters (one kind, or all), best first, and how many in all. */
export async function searchEntities(
  db: DbOrTrx,
  query: ParsedQuery,
  kind: EntityKind,
  window: Window,
): Promise<{ ids: number[]; total: number }> {
  if (onPostgres(db)) {
    const q = sql`to_tsquery('simple', ${toTsquery(query)})`;
    const match = sql`document @@ ${q} and kind = ${kind}`;
    const [rows, count] = await Promise.all([
      sql<{ ref_id: number }>`select ref_id from search_entities where ${match}
        order by ts_rank(document, ${q}) desc, ref_id limit ${window.limit} offset ${window.offset}`.execute(
        db,
      ),
      sql<{ n: number | string }>`select count(*) as n from search_entities where ${match}`.execute(
        db,
      ),
    ]);
    return { ids: rows.rows.map((r) => Number(r.ref_id)), total: Number(count.rows[0]?.n ?? 0) };
  }
  const match = sql`search_entities_fts match ${toFts5(query)} and e.kind = ${kind}`;
  const from = sql`search_entities_fts f cross join search_entities e on e.id = f.rowid`;
  const rows = await sql<{ ref_id: number }>`select e.ref_id from ${from} where ${match}
    order by bm25(search_entities_fts, 10.0, 6.0, 1.0, 6.0, 6.0), e.ref_id
    limit ${window.limit} offset ${window.offset}`.execute(db);
  const count = await sql<{ n: number }>`select count(*) as n from ${from} where ${match}`.execute(
    db,
  );
  return { ids: rows.rows.map((r) => r.ref_id), total: Number(count.rows[0]?.n ?? 0) };
}
