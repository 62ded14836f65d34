import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import {
  BREAK,
  currentLinker,
  nameKey,
  namesFingerprint,
  romanizePersonName,
  westernOrder,
  type EntityRef,
  type Linker,
} from '../names/index.js';
import { inTransaction, onPostgres } from './search.dialect.js';
import { writeNameIndex, type NameKind, type NameRow, type NameWeight } from './search.names.js';
import { documentTokens, initialTokens, nameTokens } from './search.text.js';

/*
 * The people/groups/shows/characters part of the search index, and the name index
 * (search.names.ts). Other features write those tables
 * without telling us, so this part is rebuilt whenever the names fingerprint changes (checked
 * on every search that shows entities; one small query).
 */

interface EntityDocument {
  kind: NameKind;
  refId: number;
  title: string;
  aliases: string;
  body: string;
  names: string;
  initials: string;
}

function aliasList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The search key of a name: folded, without separators or breaks ("leejaewook"). */
export const searchKey = (name: string) => nameKey(name).replaceAll(BREAK, '');

/**
 * The name rows of one entity: its display name and Hangul (weight 0), the names editors wrote
 * and their Western order (1), and for people and characters the romanizations of the Hangul (2).
 */
function nameRows(
  kind: NameKind,
  refId: number,
  name: string,
  ko: string | null,
  aliases: readonly string[],
): NameRow[] {
  const out: NameRow[] = [];
  const seen = new Set<string>();
  const add = (surface: string, weight: NameWeight) => {
    const key = searchKey(surface);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    out.push({ kind, refId, key, weight, name: surface });
  };
  add(name, 0);
  if (ko) add(ko, 0);
  const person = kind === 'person' || kind === 'character';
  for (const alias of aliases) add(alias, 1);
  if (person) {
    for (const written of [name, ...aliases]) {
      const western = westernOrder(written);
      if (western !== undefined) add(western, 1);
    }
    if (ko) {
      for (const romanized of romanizePersonName(ko)) {
        add(romanized, 2);
        const western = westernOrder(romanized);
        if (western !== undefined) add(western, 2);
      }
    }
  }
  return out;
}

async function entityDocuments(
  db: DbOrTrx,
  linker: Linker,
): Promise<{ docs: EntityDocument[]; names: NameRow[] }> {
  const [people, groups, shows, characters] = await Promise.all([
    db.selectFrom('people').select(['id', 'name', 'name_ko', 'aliases', 'bio']).execute(),
    db.selectFrom('groups').select(['id', 'name', 'name_ko', 'aliases', 'description']).execute(),
    db.selectFrom('shows').select(['id', 'title', 'title_ko', 'aliases', 'synopsis']).execute(),
    db
      .selectFrom('characters')
      .select(['id', 'name', 'name_ko', 'aliases', 'description'])
      .execute(),
  ]);
  const doc = (
    kind: EntityDocument['kind'],
    refId: number,
    name: string,
    ko: string | null,
    aliases: string[],
    body: string,
  ) => {
    const ref = { type: kind, id: refId };
    const known = linker.namesOf(ref).length > 0;
    const fallback = [name, ...(ko ? [ko] : []), ...aliases];
    const tokens = known
      ? entityTokens(linker, ref)
      : { names: [nameTokens(fallback)], initials: [initialTokens(fallback)] };
    const rows = nameRows(kind, refId, name, ko, aliases);
    names.push(...rows);
    // The generated spellings as whole keys only ("yijaeuk"): their separate words (yi, uk…)
    // would match far too much.
    const generated = rows.filter((r) => r.weight === 2).map((r) => r.key);
    return {
      kind,
      refId,
      title: documentTokens(`${name} ${ko ?? ''}`),
      aliases: documentTokens(aliases.join(' \n ')),
      body: documentTokens(body.slice(0, 5_000)),
      names: [...tokens.names, ...generated].join(' '),
      initials: tokens.initials.join(' '),
    };
  };
  const names: NameRow[] = [];
  const docs = [
    ...people.map((p) => doc('person', p.id, p.name, p.name_ko, aliasList(p.aliases), p.bio)),
    ...groups.map((g) =>
      doc('group', g.id, g.name, g.name_ko, aliasList(g.aliases), g.description),
    ),
    ...shows.map((s) => doc('show', s.id, s.title, s.title_ko, aliasList(s.aliases), s.synopsis)),
    ...characters.map((c) =>
      doc('character', c.id, c.name, c.name_ko, aliasList(c.aliases), c.description),
    ),
  ];
  return { docs, names };
}

const tokenCache = new WeakMap<Linker, Map<string, { names: string[]; initials: string[] }>>();

/**
 * The name and initial tokens of one entity, computed once per linker: an entity's names are
 * the same in its own document and in every article that names it, and folding them was most
 * of the cost of an article's document. Merging these lists in order (first occurrence wins)
 * gives the same tokens as `nameTokens`/`initialTokens` over all the names at once.
 */
export function entityTokens(
  linker: Linker,
  ref: EntityRef,
): { names: string[]; initials: string[] } {
  let cache = tokenCache.get(linker);
  if (cache === undefined) {
    cache = new Map();
    tokenCache.set(linker, cache);
  }
  const key = `${ref.type}:${ref.id}`;
  let tokens = cache.get(key);
  if (tokens === undefined) {
    const names = linker.namesOf(ref);
    const split = (s: string) => (s === '' ? [] : s.split(' '));
    tokens = { names: split(nameTokens(names)), initials: split(initialTokens(names)) };
    cache.set(key, tokens);
  }
  return tokens;
}

/** Rows per INSERT: well under both dialects' parameter limits, few round trips. */
const ROWS_PER_INSERT = 100;

async function insertEntities(db: DbOrTrx, docs: readonly EntityDocument[]): Promise<void> {
  const pg = onPostgres(db);
  for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) {
    const chunk = docs.slice(i, i + ROWS_PER_INSERT);
    if (pg) {
      const rows = chunk.map(
        (d) => sql`(${d.kind}, ${d.refId},
          setweight(to_tsvector('simple', ${d.title}), 'A') ||
          setweight(to_tsvector('simple', ${`${d.aliases} ${d.names} ${d.initials}`}), 'B') ||
          setweight(to_tsvector('simple', ${d.body}), 'D'))`,
      );
      await sql`insert into search_entities (kind, ref_id, document) values ${sql.join(rows)}`.execute(
        db,
      );
      continue;
    }
    const inserted = await sql<{
      id: number;
      kind: string;
      ref_id: number;
    }>`insert into search_entities (kind, ref_id)
      values ${sql.join(chunk.map((d) => sql`(${d.kind}, ${d.refId})`))}
      returning id, kind, ref_id`.execute(db);
    // RETURNING promises no order: match rows by (kind, ref_id), which is unique.
    const idOf = new Map(inserted.rows.map((r) => [`${r.kind}:${r.ref_id}`, r.id]));
    const rows = chunk.map(
      (d) =>
        sql`(${idOf.get(`${d.kind}:${d.refId}`)}, ${d.title}, ${d.aliases}, ${d.body}, ${d.names}, ${d.initials})`,
    );
    await sql`insert into search_entities_fts (rowid, title, aliases, body, names, initials)
      values ${sql.join(rows)}`.execute(db);
  }
}

/** Rebuilds the people/shows/characters part of the index. Call in a transaction. */
export async function rebuildEntityIndex(db: DbOrTrx, fingerprint?: string): Promise<void> {
  const stamp = fingerprint ?? (await namesFingerprint(db));
  const linker = await currentLinker(db, stamp);
  const { docs, names } = await entityDocuments(db, linker);
  if (!onPostgres(db)) {
    // Empties a contentless table at once, instead of deleting row by row.
    await sql`insert into search_entities_fts (search_entities_fts) values ('delete-all')`.execute(
      db,
    );
  }
  await sql`delete from search_entities`.execute(db);
  await insertEntities(db, docs);
  await writeNameIndex(db, names);
  await sql`delete from search_state where key = 'entities'`.execute(db);
  await sql`insert into search_state (key, value) values ('entities', ${stamp})`.execute(db);
}

/**
 * Rebuilds the entity index when people, shows or characters changed since it was built.
 * A failure (two instances rebuilding at once) leaves the previous index in place.
 * @param known the names' fingerprint when the caller has just read it (one query less)
 * @returns the fingerprint the index now holds (the previous one when the rebuild failed)
 */
export async function ensureEntityIndex(db: DbOrTrx, known?: string): Promise<string | undefined> {
  const fingerprint = known ?? (await namesFingerprint(db));
  const state = await sql<{
    value: string;
  }>`select value from search_state where key = 'entities'`.execute(db);
  const built = state.rows[0]?.value;
  if (built === fingerprint) return built;
  try {
    await inTransaction(db, (trx) => rebuildEntityIndex(trx, fingerprint));
    return fingerprint;
  } catch (error) {
    // Inside the caller's transaction a failure is the caller's to handle.
    if (db.isTransaction) throw error;
    // Another instance is rebuilding; its result will serve the next search.
    return built;
  }
}
