import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { withoutCommonTerms } from './search.common.js';
import { onPostgres } from './search.dialect.js';
import { extendRecentIndex } from './search.index.js';
import { readRecent, type RecentState } from './search.recent.js';
import {
  prefixTokens,
  quote,
  toFts5,
  toTsquery,
  withExactTokens,
  withoutStopWords,
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
 *
 * On SQLite the window is first looked for in the recent index (search.recent.ts), where bm25's
 * pass over each phrase's matches is short; when all WINDOW + 1 rows are found there, they are
 * the window the full index would give, ranked with the term statistics of the newest articles.
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
 * The newest WINDOW + 1 visible matches (filters included), newest first, each with its rank:
 * its score (lower is better) divided by (1 + age in years). The extra (oldest) row only tells
 * whether there are more.
 */
type Candidates = RawBuilder<{ id: number; rank: number }>;

function pgCandidates(query: ParsedQuery, filter: ArticleSearchFilter): Candidates {
  const q = sql`to_tsquery('simple', ${toTsquery(query)})`;
  // ts_rank is computed above the LIMIT, for these rows only, not for every match.
  const newest = sql`select a.id, a.published_at, s.document
    from search_articles s join articles a on a.id = s.article_id
    where s.document @@ ${q} and ${articleConditions(filter, sql`a.id`)}
    order by a.id desc limit ${WINDOW + 1}`;
  const years = sql`greatest(0.0, extract(epoch from (${filter.now}::timestamptz - n.published_at::timestamptz)) / 31557600.0)`;
  return sql`select n.id, -ts_rank(n.document, ${q}) / (1.0 + ${years}) as rank
    from (${newest}) n order by n.id desc`;
}

/**
 * Walked in rowid order from FTS5 (no sort), with bm25 computed only for these rows; CROSS JOIN
 * keeps FTS5 the outer loop, so MATCH runs once. `above`: only rows with a greater rowid (the
 * recent index's floor), which FTS5 takes as where to stop. Each match's status and date come
 * from the (id, status, published_at) index, named because SQLite, without statistics, would
 * read the article rows by rowid: a third of the time (migration index_article_visibility).
 */
function ftsCandidates(
  table: 'search_articles_fts' | 'search_recent_fts',
  expression: string,
  filter: ArticleSearchFilter,
  above?: number,
): Candidates {
  const fts = sql.table(table);
  const floor = above === undefined ? sql`` : sql`and ${fts}.rowid > ${above}`;
  const years = sql`max(0.0, julianday(${filter.now}) - julianday(a.published_at)) / 365.25`;
  return sql`select a.id, bm25(${fts}, 10.0, 4.0, 1.0, 3.0, 3.0) / (1.0 + ${years}) as rank
    from ${fts} cross join articles a indexed by articles_id_status_published_at
      on a.id = ${fts}.rowid
    where ${fts} match ${expression} ${floor}
      and ${articleConditions(filter, sql`+${fts}.rowid`)}
    order by ${fts}.rowid desc limit ${WINDOW + 1}`;
}

/**
 * The page of the candidates, best rank first and newer first among equals, and how many there
 * are. Sorted here rather than in SQL: numbering and counting the 1,001 rows with SQLite's
 * window functions cost more than fetching them (6 ms against 1 ms).
 */
async function ranked(
  db: DbOrTrx,
  candidates: Candidates,
  window: Window,
): Promise<ArticleMatches> {
  const { rows } = await candidates.execute(db);
  const ranks = rows
    .slice(0, WINDOW)
    .map((row) => ({ id: Number(row.id), rank: Number(row.rank) }));
  ranks.sort((a, b) => a.rank - b.rank || b.id - a.id);
  return {
    ids: ranks.slice(window.offset, window.offset + window.limit).map((r) => r.id),
    total: ranks.length,
    capped: rows.length > WINDOW,
  };
}

/** Articles per step of filling the recent index, and the pause between steps. */
const FILL_BATCH = 100;
const FILL_PAUSE_MS = 200;

/** The filling of the recent index under way in this process, if any (one at a time). */
let filling: Promise<void> | undefined;

/**
 * Fills an unfilled recent index (a site upgraded with its articles indexed: it starts empty)
 * in the background after a search that had to use the full index: short steps (a transaction
 * of FILL_BATCH articles, ~100 ms at 100,000 articles) with pauses, so searches and writes go
 * on meanwhile. It stops when full or at the first error (database closed, busy), and starts
 * again with a later search.
 */
function fillRecent(db: DbOrTrx): void {
  if (filling !== undefined || db.isTransaction) return;
  filling = new Promise<void>((resolve) => {
    const stop = () => {
      filling = undefined;
      resolve();
    };
    const step = () => {
      extendRecentIndex(db, FILL_BATCH).then((more) => {
        if (more) setTimeout(step, FILL_PAUSE_MS).unref();
        else stop();
      }, stop);
    };
    step();
  });
}

/** Settles when no filling of the recent index is under way in this process (for tests). */
export function recentFilled(): Promise<void> {
  return filling ?? Promise.resolve();
}

/**
 * Whether the recent index has at least WINDOW + 1 matches, visible or not: a walk of its
 * matches that stops there, without bm25. Most queries (names, titles, typos) have fewer, and
 * then the window is taken from the whole index at once: ranking them in the recent index
 * first cost bm25's pass over each phrase there for nothing (1–3 ms a query at 100,000
 * articles). With more, the window may lie in the recent index, which the ranked query tells.
 */
async function fillsWindow(db: DbOrTrx, expression: string, recent: RecentState): Promise<boolean> {
  const found = await sql<{ n: number }>`select count(*) as n from (select 1 from search_recent_fts
    where search_recent_fts match ${expression} and rowid > ${recent.floor}
    limit ${WINDOW + 1})`.execute(db);
  return Number(found.rows[0]?.n ?? 0) > WINDOW;
}

/** The matching articles readers may see, best first, and how many match (up to WINDOW). */
export async function searchArticles(
  db: DbOrTrx,
  query: ParsedQuery,
  filter: ArticleSearchFilter,
  window: Window,
): Promise<ArticleMatches> {
  const matched = withoutStopWords(query);
  if (onPostgres(db)) return ranked(db, pgCandidates(matched, filter), window);
  const recent = await readRecent(db);
  const measuredOn = recent === undefined ? 'search_articles_fts' : 'search_recent_fts';
  const settled = await settlePrefixes(db, matched);
  const expression = toFts5(await withoutCommonTerms(db, measuredOn, settled));
  if (recent !== undefined) {
    if (recent.floor === 0 || (await fillsWindow(db, expression, recent))) {
      const found = await ranked(
        db,
        ftsCandidates('search_recent_fts', expression, filter, recent.floor),
        window,
      );
      // All of the window is above the floor, or the recent index holds every article.
      if (found.capped || recent.floor === 0) return found;
    }
    fillRecent(db);
  }
  return ranked(db, ftsCandidates('search_articles_fts', expression, filter), window);
}

export type EntityKind = 'person' | 'show' | 'character' | 'group';
