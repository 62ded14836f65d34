import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { choseong, isHangulWord } from '../names/index.js';
import { onPostgres } from './search.dialect.js';
import {
  fuzzyNames,
  namesOfEntities,
  namesWithKeys,
  type NameKind,
  type NameRow,
} from './search.names.js';
import { toFts5, toTsquery, type ParsedQuery } from './search.text.js';

/*
 * Ranking of people, groups, shows and characters together, best first whatever the kind:
 *
 *   tier 0–2  the whole query spells one of its names (0: the display name or its Hangul —
 *             a stage or common name; 1: a name an editor wrote, such as a legal name;
 *             2: a generated romanization)
 *   tier 3    a run of the query's words spells a name ("Oh My Girl's Arin": Arin, the head
 *             after the possessive, first; then longer runs first)
 *   tier 4    a name starts with what was typed, or its initials (ㅇㅈㅇ) are the query's
 *   tier 5    a name within a few typos of the query (only when nothing above matched)
 *   tier 6    the words are elsewhere (aliases, description)
 *
 * Within a tier, the names' weight (display before legal) and then bm25 decide. Exact names
 * come from the name index by key, so they are found even where the full-text query (every
 * word, in one document) would miss them.
 */

export interface RankedEntity {
  kind: NameKind;
  refId: number;
  tier: number;
}

/**
 * How many full-text matches are ranked (the rest only counted), in steps of this many: enough
 * for the previews and the first pages, deeper only for a page that reaches further.
 */
const CANDIDATES = 100;

const ref = (kind: string, refId: number) => `${kind}:${refId}`;

/** Full-text matches with bm25 (lower is better) and how many match in all. */
async function fullTextMatches(
  db: DbOrTrx,
  query: ParsedQuery,
  kind: NameKind | undefined,
  candidates: number,
): Promise<{ rows: { kind: NameKind; refId: number; score: number }[]; total: number }> {
  if (query.terms.length === 0) return { rows: [], total: 0 };
  let scored;
  if (onPostgres(db)) {
    const q = sql`to_tsquery('simple', ${toTsquery(query)})`;
    const ofKind = kind === undefined ? sql`` : sql`and kind = ${kind}`;
    scored = sql`select kind, ref_id, -ts_rank(document, ${q}) as score
      from search_entities where document @@ ${q} ${ofKind}`;
  } else {
    const ofKind = kind === undefined ? sql`` : sql`and e.kind = ${kind}`;
    scored = sql`select e.kind, e.ref_id, bm25(search_entities_fts, 10.0, 6.0, 1.0, 6.0, 6.0) as score
      from search_entities_fts f cross join search_entities e on e.id = f.rowid
      where search_entities_fts match ${toFts5(query)} ${ofKind}`;
  }
  const { rows } = await sql<{
    kind: NameKind;
    ref_id: number;
    score: number;
    n: number | string;
  }>`select s.kind, s.ref_id, s.score, count(*) over () as n from (${scored}) s
    order by s.score, s.ref_id limit ${candidates}`.execute(db);
  return {
    rows: rows.map((r) => ({ kind: r.kind, refId: Number(r.ref_id), score: Number(r.score) })),
    total: Number(rows[0]?.n ?? 0),
  };
}

/** Sort key of an entity: lower is better, compared item by item. */
type SortKey = number[];

function better(a: SortKey, b: SortKey): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

export interface EntityRanking {
  ranked: RankedEntity[];
  /** How many entities match (at least those ranked). */
  total: number;
  /** The name the query probably meant, when it matched no name but was a few typos off one. */
  suggestion: string | undefined;
}

export interface RankOptions {
  /** Only this kind. */
  kind?: NameKind | undefined;
  /** How many of the best must be ranked (a page's offset plus its limit). */
  reach?: number;
  /**
   * The names' fingerprint the entity index holds (ensureEntityIndex), which keys the typo
   * look-up's index; without it typos are not looked for.
   */
  built?: string | undefined;
}

/** People, groups, shows and characters matching the query (of one kind, or all), best first. */
export async function rankEntities(
  db: DbOrTrx,
  query: ParsedQuery,
  { kind, reach = CANDIDATES, built }: RankOptions = {},
): Promise<EntityRanking> {
  const candidates = Math.max(1, Math.ceil(reach / CANDIDATES)) * CANDIDATES;
  const [text, byKey] = await Promise.all([
    fullTextMatches(db, query, kind, candidates),
    namesWithKeys(
      db,
      query.nameKeys.map((k) => k.key),
    ),
  ]);
  const keys = new Map<string, SortKey>();
  const tiers = new Map<string, number>();
  const offer = (kind: NameKind, refId: number, key: SortKey) => {
    const id = ref(kind, refId);
    const old = keys.get(id);
    if (old === undefined || better(key, old)) {
      keys.set(id, key);
      tiers.set(id, key[0] ?? 6);
    }
  };
  const whole = query.nameKeys[0];
  const units = whole?.span ?? 0;
  for (const row of byKey) {
    if (kind !== undefined && row.kind !== kind) continue;
    for (const candidate of query.nameKeys) {
      if (candidate.key !== row.key) continue;
      if (candidate.span === units) offer(row.kind, row.refId, [row.weight]);
      else
        offer(row.kind, row.refId, [
          3,
          candidate.head ? 0 : 1,
          -candidate.span,
          candidate.at,
          row.weight,
        ]);
    }
  }
  const scores = new Map(text.rows.map((r) => [ref(r.kind, r.refId), r.score]));
  const names = await namesOfEntities(
    db,
    text.rows.filter((r) => !keys.has(ref(r.kind, r.refId))),
  );
  const initials = query.terms.filter((t) => t.kind === 'initials').map((t) => t.value);
  for (const row of names)
    offer(row.kind, row.refId, [typedTier(row, whole?.key, initials), row.weight]);
  for (const r of text.rows) offer(r.kind, r.refId, [6]);

  let suggestion: string | undefined;
  const named = [...tiers.values()].some((tier) => tier <= 4);
  if (!named && whole !== undefined && whole.key.length >= 4 && built !== undefined) {
    const close = (await fuzzyNames(db, whole.key, built)).filter(
      (row) => kind === undefined || row.kind === kind,
    );
    suggestion = close[0]?.name;
    for (const row of close) offer(row.kind, row.refId, [5, row.distance, row.weight]);
  }

  const kindOrder: Readonly<Record<NameKind, number>> = {
    person: 0,
    group: 1,
    show: 2,
    character: 3,
  };
  const ranked = [...keys.entries()].map(([id, key]) => {
    const [k = 'person', n = '0'] = id.split(':');
    return { kind: k as NameKind, refId: Number(n), key, score: scores.get(id) ?? 0 };
  });
  ranked.sort(
    (a, b) =>
      (better(a.key, b.key) ? -1 : better(b.key, a.key) ? 1 : 0) ||
      a.score - b.score ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      a.refId - b.refId,
  );
  return {
    ranked: ranked.map((r) => ({ kind: r.kind, refId: r.refId, tier: r.key[0] ?? 6 })),
    total: Math.max(text.total, ranked.length),
    suggestion,
  };
}

/** Tier 4 when the name starts with what was typed or has the typed initials, else 6. */
function typedTier(row: NameRow, typed: string | undefined, initials: readonly string[]): number {
  if (typed !== undefined && typed.length >= 2 && row.key.startsWith(typed)) return 4;
  if (initials.length > 0 && isHangulWord(row.key)) {
    const own = choseong(row.key);
    if (initials.every((i) => own.includes(i))) return 4;
  }
  return 6;
}
