import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { hangulBigrams, quote, withoutTerms, type ParsedQuery } from './search.text.js';

/*
 * Terms in nearly every article (SQLite). Required in a query they select next to nothing, and
 * bm25 gives them no weight (FTS5 clamps the idf of a term in more than half the documents to
 * almost zero), yet they cost the most: bm25 walks every phrase's whole list of matches for its
 * document frequency, 25 ms for "드라마" (in all 100,000 articles of the bench site, through
 * the show titles "드라마 N") or "1", where the rest of the query takes 1 ms. So an article
 * query leaves out a term found in at least SHARE of the articles measured, as long as another
 * term is left. Over the articles measured that changes no match when the term is in all of
 * them, and adds at most 1 − SHARE of them otherwise.
 *
 * Measured on the recent index (search.recent.ts) where there is one, else on the whole index:
 * one count that stops at the threshold, once per term and then kept for KEEP_MS (a term's
 * share of the articles moves slowly), at most KEEP terms.
 */

/** The share of the articles a term must be in to be left out. */
const SHARE = 0.95;
const KEEP_MS = 10 * 60_000;
const KEEP = 2_000;

type Table = 'search_articles_fts' | 'search_recent_fts';

interface Measures {
  /** By table and FTS5 phrase: whether the term is common, and when that was measured. */
  terms: Map<string, { common: boolean; at: number }>;
  /** How many articles each table holds, and when they were counted. */
  sizes: Map<Table, { n: number; at: number }>;
}

/** What was measured, for each database (an instance serves one; tests open several). */
const measuredIn = new WeakMap<DbOrTrx, Measures>();

function measuresOf(db: DbOrTrx): Measures {
  let measures = measuredIn.get(db);
  if (measures === undefined) {
    measures = { terms: new Map(), sizes: new Map() };
    measuredIn.set(db, measures);
  }
  return measures;
}

function remember(measured: Measures['terms'], key: string, common: boolean, now: number): void {
  measured.delete(key);
  measured.set(key, { common, at: now });
  while (measured.size > KEEP) {
    const oldest = measured.keys().next().value;
    if (oldest === undefined) break;
    measured.delete(oldest);
  }
}

/** The FTS5 phrase of a term that could be common: an exact word, or Hangul of 2+ syllables. */
function phraseOf(term: ParsedQuery['terms'][number]): string | undefined {
  if (term.kind === 'word' && !term.prefix) return quote(term.value);
  if (term.kind === 'hangul' && term.value.length > 1) {
    return quote(hangulBigrams(term.value).join(' '));
  }
  return undefined;
}

async function sizeOf(db: DbOrTrx, table: Table, now: number): Promise<number> {
  const { sizes } = measuresOf(db);
  const known = sizes.get(table);
  if (known !== undefined && now - known.at < KEEP_MS) return known.n;
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
    db,
  );
  const n = Number(rows[0]?.n ?? 0);
  sizes.set(table, { n, at: now });
  return n;
}

async function isCommon(db: DbOrTrx, table: Table, phrase: string): Promise<boolean> {
  const now = Date.now();
  const key = `${table} ${phrase}`;
  const measured = measuresOf(db).terms;
  const known = measured.get(key);
  if (known !== undefined && now - known.at < KEEP_MS) return known.common;
  const fts = sql.table(table);
  const threshold = Math.max(1, Math.ceil(SHARE * (await sizeOf(db, table, now))));
  const found = await sql<{ n: number }>`select count(*) as n from (select 1 from ${fts}
    where ${fts} match ${phrase} limit ${threshold})`.execute(db);
  const common = Number(found.rows[0]?.n ?? 0) >= threshold;
  remember(measured, key, common, now);
  return common;
}

/**
 * The query without its terms found in nearly every article of `table` (unless nothing else is
 * left).
 */
export async function withoutCommonTerms(
  db: DbOrTrx,
  table: Table,
  query: ParsedQuery,
): Promise<ParsedQuery> {
  if (query.terms.length < 2) return query;
  const common = new Set<number>();
  for (const [at, term] of query.terms.entries()) {
    const phrase = phraseOf(term);
    if (phrase !== undefined && (await isCommon(db, table, phrase))) common.add(at);
  }
  if (common.size === 0 || common.size === query.terms.length) return query;
  return withoutTerms(query, (_, at) => common.has(at));
}
