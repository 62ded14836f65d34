import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { onPostgres } from './search.dialect.js';
import {
  prefixTokens,
  quote,
  toFts5,
  toTsquery,
  withExactTokens,
  type ParsedQuery,
} from './search.text.js';

/*
 * The one search interface, two implementations: FTS5 on SQLite, tsvector on PostgreSQL.
 * Both receive only our own tokens (search.text.ts), bound as parameters.
 *
 * Ranking: title > dek > names > body (FTS5 bm25 column weights 10/4/1/3/3; PostgreSQL
 * weights A/B/C/D), divided by (1 + age in years) so that among equally good matches the
 * newer article wins while a strong old match still beats a weak new one.
 *
 * Only the WINDOW newest visible matches are ranked, on both dialects (docs/decisions.md,
 * "Search: ranking window and measured latency"): FTS5 hands out matches in rowid order
 * lazily, so the cost of a search stays flat however common its words are, while ranking every
 * match of a common word (even through FTS5's own `ORDER BY rank`) took 100–300 ms at 100,000
 * articles.
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

/** How many matches are ranked; beyond it the total reads "1,000+" (`capped`). */
export const WINDOW = 1_000;

export interface Window {
  limit: number;
  offset: number;
}

export interface ArticleMatches {
  /** The page of matching articles readers may see, best first. */
  ids: number[];
  /** How many match, at most WINDOW. */
  total: number;
  /** More than WINDOW match: `total` is a lower bound. */
  capped: boolean;
}

/**
 * Visibility and filters. Filters are sets of article ids tested against `id`; on SQLite that
 * is `+search_articles_fts.rowid` (the unary plus keeps FTS5 from taking the set as a rowid
 * constraint, one MATCH per id), so each match is tested against the set, kept in a small
 * in-memory index, before its article row is read: 200 ms → 15 ms for a common word filtered
 * by tag over 100,000 articles.
 */
function articleConditions(filter: ArticleSearchFilter, id: RawBuilder<unknown>) {
  const conditions: RawBuilder<unknown>[] = [
    sql`a.status = 'published'`,
    sql`a.published_at <= ${filter.now}`,
  ];
  if (filter.showId !== undefined) {
    conditions.push(
      sql`${id} in (select article_id from article_shows where show_id = ${filter.showId})`,
    );
  }
  if (filter.personId !== undefined) {
    conditions.push(
      sql`${id} in (select article_id from article_people where person_id = ${filter.personId})`,
    );
  }
  if (filter.tagId !== undefined) {
    conditions.push(
      sql`${id} in (select article_id from article_tags where tag_id = ${filter.tagId})`,
    );
  }
  if (filter.from !== undefined || filter.before !== undefined) {
    const range: RawBuilder<unknown>[] = [sql`status = 'published'`];
    if (filter.from !== undefined) range.push(sql`published_at >= ${filter.from}`);
    if (filter.before !== undefined) range.push(sql`published_at < ${filter.before}`);
    conditions.push(sql`${id} in (select id from articles where ${sql.join(range, sql` and `)})`);
  }
  return sql.join(conditions, sql` and `);
}

/**
 * The query with its prefix tokens (the last word typed, the joined words) matched exactly
 * where the exact token alone fills the window: one cheap look-up each, which stops at WINDOW.
 */
async function settlePrefixes(db: DbOrTrx, query: ParsedQuery): Promise<ParsedQuery> {
  const exact = new Set<string>();
  for (const token of prefixTokens(query)) {
    const found = await sql<{ n: number }>`select count(*) as n from (select 1
      from search_articles_fts where search_articles_fts match ${quote(token)} limit ${WINDOW})`.execute(
      db,
    );
    if (Number(found.rows[0]?.n ?? 0) >= WINDOW) exact.add(token);
  }
  return exact.size === 0 ? query : withExactTokens(query, exact);
}

/**
 * The newest WINDOW + 1 visible matches (filters included) with their score, lower is better;
 * the extra (oldest) row only tells whether there are more.
 */
async function candidates(
  db: DbOrTrx,
  query: ParsedQuery,
  filter: ArticleSearchFilter,
): Promise<{ rows: RawBuilder<unknown>; age: RawBuilder<unknown> }> {
  if (onPostgres(db)) {
    const q = sql`to_tsquery('simple', ${toTsquery(query)})`;
    // ts_rank is computed above the LIMIT, for these rows only, not for every match.
    const newest = sql`select a.id, a.published_at, s.document
      from search_articles s join articles a on a.id = s.article_id
      where s.document @@ ${q} and ${articleConditions(filter, sql`a.id`)}
      order by a.id desc limit ${WINDOW + 1}`;
    return {
      rows: sql`select n.id, n.published_at, -ts_rank(n.document, ${q}) as score from (${newest}) n`,
      age: sql`greatest(0.0, extract(epoch from (${filter.now}::timestamptz - w.published_at::timestamptz)) / 31557600.0)`,
    };
  }
  const expression = toFts5(await settlePrefixes(db, query));
  // Walked in rowid order from FTS5 (no sort), with bm25 computed only for these rows; CROSS
  // JOIN keeps FTS5 the outer loop, so MATCH runs once.
  return {
    rows: sql`select a.id, a.published_at,
        bm25(search_articles_fts, 10.0, 4.0, 1.0, 3.0, 3.0) as score
      from search_articles_fts cross join articles a on a.id = search_articles_fts.rowid
      where search_articles_fts match ${expression}
        and ${articleConditions(filter, sql`+search_articles_fts.rowid`)}
      order by search_articles_fts.rowid desc limit ${WINDOW + 1}`,
    age: sql`max(0.0, julianday(${filter.now}) - julianday(w.published_at)) / 365.25`,
  };
}

/** The matching articles readers may see, best first, and how many match (up to WINDOW). */
export async function searchArticles(
  db: DbOrTrx,
  query: ParsedQuery,
  filter: ArticleSearchFilter,
  window: Window,
): Promise<ArticleMatches> {
  const found = await candidates(db, query, filter);
  const numbered = sql`select c.*, row_number() over (order by c.id desc) as rn,
      count(*) over () as n
    from (${found.rows}) c`;
  const rows = await sql<{ id: number; n: number | string }>`select w.id, w.n
    from (${numbered}) w
    where w.rn <= ${WINDOW}
    order by w.score / (1.0 + ${found.age}), w.id desc
    limit ${window.limit} offset ${window.offset}`.execute(db);
  let n = Number(rows.rows[0]?.n ?? 0);
  if (rows.rows.length === 0 && window.offset > 0) {
    const count = await sql<{
      n: number | string;
    }>`select count(*) as n from (${found.rows}) c`.execute(db);
    n = Number(count.rows[0]?.n ?? 0);
  }
  return {
    ids: rows.rows.map((r) => Number(r.id)),
    total: Math.min(n, WINDOW),
    capped: n > WINDOW,
  };
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
