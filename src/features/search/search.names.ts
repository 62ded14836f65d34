import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/*
 * The name index (search_names): every name key of every person, group, show and character,
 * written when the entity index is rebuilt. Queries read it by key (one indexed look-up for the
 * names a query spells exactly) and by trigram (typo tolerance over written names only: the
 * candidates are the names sharing trigrams with the query, counted in an index kept in memory
 * per change of the names, never a scan of names or articles per query).
 */

export type NameKind = 'person' | 'show' | 'character' | 'group';

/** 0: display name or its Hangul; 1: a name an editor wrote (alias, legal name); 2: generated. */
export type NameWeight = 0 | 1 | 2;

export interface NameRow {
  kind: NameKind;
  refId: number;
  /** Folded, no separators ("leejaewook", "이재욱"). */
  key: string;
  weight: NameWeight;
  /** The name as written, for "Did you mean". */
  name: string;
}

const ROWS_PER_INSERT = 100;

/** The trigrams of a key, padded so its first and last letters count as much as the rest. */
export function trigrams(key: string): string[] {
  const chars = [...`$${key}$`];
  const out = new Set<string>();
  for (let i = 0; i + 2 < chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}

/** Empties and writes the name index. Call in the entity index's transaction. */
export async function writeNameIndex(db: DbOrTrx, rows: readonly NameRow[]): Promise<void> {
  await sql`delete from search_names`.execute(db);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await sql`insert into search_names (kind, ref_id, key, weight, name)
      values ${sql.join(chunk.map((r) => sql`(${r.kind}, ${r.refId}, ${r.key}, ${r.weight}, ${r.name})`))}`.execute(
      db,
    );
  }
}

interface NameRecord {
  kind: NameKind;
  ref_id: number;
  key: string;
  weight: number;
  name: string;
}

const toRow = (r: NameRecord): NameRow => ({
  kind: r.kind,
  refId: Number(r.ref_id),
  key: r.key,
  weight: Number(r.weight) as NameWeight,
  name: r.name,
});

/** The names whose key is one of `keys` (an indexed look-up per key). */
export async function namesWithKeys(db: DbOrTrx, keys: readonly string[]): Promise<NameRow[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<NameRecord>`select kind, ref_id, key, weight, name from search_names
    where key in (${sql.join(keys)})`.execute(db);
  return rows.map(toRow);
}

/** Every name of these entities. */
export async function namesOfEntities(
  db: DbOrTrx,
  refs: readonly { kind: NameKind; refId: number }[],
): Promise<NameRow[]> {
  if (refs.length === 0) return [];
  const { rows } = await sql<NameRecord>`select kind, ref_id, key, weight, name from search_names
    where ${sql.join(
      refs.map((r) => sql`(kind = ${r.kind} and ref_id = ${r.refId})`),
      sql` or `,
    )}`.execute(db);
  return rows.map(toRow);
}

/** How many candidate names the trigram look-up hands to the edit distance. */
const FUZZY_CANDIDATES = 200;

/** Typos forgiven in a key of this length: one in five letters, at most three. */
export function allowedTypos(length: number): number {
  if (length < 4) return 0;
  return Math.min(3, Math.max(1, Math.floor(length / 5)));
}

/**
 * The written names (weights 0 and 1) with the names of each trigram, in memory: typo
 * tolerance counts the trigrams a query shares with every name that has any, and at 20,000
 * people the common ones ("kim", "yoo", "ung") are each in thousands of names. Grouping those
 * rows in SQL took 3–30 ms a query; counting them here takes a fraction of a millisecond. Built
 * from search_names once per change of the names (the fingerprint the entity index was built
 * for), the same way on both dialects, so they forgive the same typos.
 */
interface TrigramIndex {
  names: NameRow[];
  /** For each trigram, the positions in `names` of the names that have it, ascending. */
  postings: Map<string, Int32Array>;
}

/** Indexes kept for a database, by names' fingerprint: the current one, and one being replaced. */
const TRIGRAM_INDEXES = 2;
/** For each database (an instance serves one; tests open several). */
const trigramIndexesOf = new WeakMap<DbOrTrx, Map<string, Promise<TrigramIndex>>>();

async function buildTrigramIndex(db: DbOrTrx): Promise<TrigramIndex> {
  const { rows } = await sql<NameRecord>`select kind, ref_id, key, weight, name from search_names
    where weight < 2 order by id`.execute(db);
  const names = rows.map(toRow);
  const lists = new Map<string, number[]>();
  for (const [at, row] of names.entries()) {
    for (const gram of trigrams(row.key)) {
      const list = lists.get(gram);
      if (list === undefined) lists.set(gram, [at]);
      else list.push(at);
    }
  }
  const postings = new Map<string, Int32Array>();
  for (const [gram, list] of lists) postings.set(gram, Int32Array.from(list));
  return { names, postings };
}

/** The trigram index of the names as of `fingerprint` (the one the entity index was built for). */
function trigramIndex(db: DbOrTrx, fingerprint: string): Promise<TrigramIndex> {
  let trigramIndexes = trigramIndexesOf.get(db);
  if (trigramIndexes === undefined) {
    trigramIndexes = new Map();
    trigramIndexesOf.set(db, trigramIndexes);
  }
  let index = trigramIndexes.get(fingerprint);
  if (index === undefined) {
    index = buildTrigramIndex(db);
    void index.catch(() => trigramIndexes.delete(fingerprint));
    trigramIndexes.set(fingerprint, index);
    while (trigramIndexes.size > TRIGRAM_INDEXES) {
      const oldest = trigramIndexes.keys().next().value;
      if (oldest === undefined) break;
      trigramIndexes.delete(oldest);
    }
  }
  return index;
}

/**
 * Written names within a few typos of `key` (Damerau–Levenshtein), closest first: the names
 * sharing the most trigrams with it, then the edit distance over those few.
 * @param fingerprint the names' fingerprint the entity index was built for
 */
export async function fuzzyNames(
  db: DbOrTrx,
  key: string,
  fingerprint: string,
): Promise<(NameRow & { distance: number })[]> {
  const max = allowedTypos([...key].length);
  if (max === 0) return [];
  const { names, postings } = await trigramIndex(db, fingerprint);
  const grams = trigrams(key);
  // Each typo spoils at most three trigrams; a name sharing fewer cannot be within `max`.
  const needed = Math.max(1, grams.length - 3 * max);
  const shared = new Uint8Array(names.length);
  const touched: number[] = [];
  for (const gram of grams) {
    for (const at of postings.get(gram) ?? []) {
      if (shared[at] === 0) touched.push(at);
      shared[at] = (shared[at] ?? 0) + 1;
    }
  }
  const candidates = touched
    .filter((at) => (shared[at] ?? 0) >= needed)
    .sort((a, b) => (shared[b] ?? 0) - (shared[a] ?? 0) || a - b)
    .slice(0, FUZZY_CANDIDATES);
  const out: (NameRow & { distance: number })[] = [];
  for (const at of candidates) {
    const row = names[at];
    if (row === undefined) continue;
    const distance = editDistance(key, row.key, max);
    if (distance <= max) out.push({ ...row, distance });
  }
  out.sort((a, b) => a.distance - b.distance || a.weight - b.weight || a.refId - b.refId);
  return out;
}

/** Damerau–Levenshtein distance (adjacent swaps count one), or max + 1 once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, (prev2[j - 2] ?? 0) + 1);
      }
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length] ?? max + 1;
}
