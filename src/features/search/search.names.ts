import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/*
 * The name index (search_names, search_name_trigrams): every name key of every person, group,
 * show and character, written when the entity index is rebuilt. Queries read it by key (one
 * indexed look-up for the names a query spells exactly) and by trigram (typo tolerance over
 * names only: the candidates are the names sharing trigrams with the query, through the
 * trigram index, never a scan of names or articles).
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
  await sql`delete from search_name_trigrams`.execute(db);
  await sql`delete from search_names`.execute(db);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const inserted = await sql<{ id: number; kind: string; ref_id: number; key: string }>`
      insert into search_names (kind, ref_id, key, weight, name)
      values ${sql.join(chunk.map((r) => sql`(${r.kind}, ${r.refId}, ${r.key}, ${r.weight}, ${r.name})`))}
      returning id, kind, ref_id, key`.execute(db);
    const trigramRows: ReturnType<typeof sql>[] = [];
    const idOf = new Map(inserted.rows.map((r) => [`${r.kind}:${r.ref_id}:${r.key}`, r.id]));
    for (const row of chunk) {
      // Generated romanizations are found by key; typos are forgiven against written names.
      if (row.weight === 2) continue;
      const id = idOf.get(`${row.kind}:${row.refId}:${row.key}`);
      if (id === undefined) continue;
      for (const t of trigrams(row.key)) trigramRows.push(sql`(${t}, ${id})`);
    }
    for (let k = 0; k < trigramRows.length; k += ROWS_PER_INSERT * 4) {
      await sql`insert into search_name_trigrams (trigram, name_id)
        values ${sql.join(trigramRows.slice(k, k + ROWS_PER_INSERT * 4))}
        on conflict do nothing`.execute(db);
    }
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
 * Written names within a few typos of `key` (Damerau–Levenshtein), closest first: the names
 * sharing the most trigrams with it (indexed), then the edit distance over those few.
 */
export async function fuzzyNames(
  db: DbOrTrx,
  key: string,
): Promise<(NameRow & { distance: number })[]> {
  const max = allowedTypos([...key].length);
  if (max === 0) return [];
  const grams = trigrams(key);
  // Each typo spoils at most three trigrams; a name sharing fewer cannot be within `max`.
  const needed = Math.max(1, grams.length - 3 * max);
  const { rows } = await sql<NameRecord>`select n.kind, n.ref_id, n.key, n.weight, n.name
    from (select name_id, count(*) as shared from search_name_trigrams
      where trigram in (${sql.join(grams)})
      group by name_id having count(*) >= ${needed}
      order by count(*) desc limit ${FUZZY_CANDIDATES}) c
    join search_names n on n.id = c.name_id`.execute(db);
  const out: (NameRow & { distance: number })[] = [];
  for (const record of rows) {
    const distance = editDistance(key, record.key, max);
    if (distance <= max) out.push({ ...toRow(record), distance });
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
