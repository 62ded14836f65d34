import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { hangulLexiconOf, Linker, type EntityRef, type NameEntry } from './linker.js';
import { partVariants, personVariants, titleVariants, type NameVariant } from './variants.js';

/*
 * Loads the name dictionary (every name of every person, group, show, part, character and
 * event, and how they relate) from the database and keeps one built Linker per distinct state
 * of those tables. Other features write these tables without telling us, so the cache is keyed
 * by a fingerprint (counts, highest ids and latest updated_at of each table) that one cheap
 * query reads on every use; any insert, delete or edit that stamps updated_at rebuilds it.
 */

function parseAliases(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A stamp that changes whenever a name or relation could have changed. */
export async function namesFingerprint(db: DbOrTrx): Promise<string> {
  // One subquery per aggregate: SQLite answers max() from an index (or the rowid) and count(*)
  // from the smallest index, where the three in one SELECT scanned the table (4 ms at 20,000).
  const stamp = async (
    table: 'people' | 'groups' | 'shows' | 'parts' | 'characters' | 'events',
  ) => {
    const t = sql.table(table);
    const result = await sql<{
      n: number;
      top: number | null;
      at: string | null;
    }>`select (select count(*) from ${t}) as n, (select max(id) from ${t}) as top,
      (select max(updated_at) from ${t}) as at`.execute(db);
    const row = result.rows[0];
    if (row === undefined) throw new Error(`no stamp for ${table}`);
    return { n: Number(row.n), top: row.top, at: row.at };
  };
  const count = (table: 'credits' | 'group_memberships' | 'event_people') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
  const rows = await Promise.all([
    stamp('people'),
    stamp('groups'),
    stamp('shows'),
    stamp('parts'),
    stamp('characters'),
    stamp('events'),
    count('credits'),
    count('group_memberships'),
    count('event_people'),
  ]);
  return JSON.stringify(
    rows.map((r) => Object.values(r).map((v) => (v === null ? '' : String(v)))),
  );
}

/** Every name and relation, as the Linker takes them. */
export async function loadNameDictionary(
  db: DbOrTrx,
): Promise<{ entries: NameEntry[]; relations: [EntityRef, EntityRef][] }> {
  const [people, groups, shows, parts, characters, events, credits, memberships, eventPeople] =
    await Promise.all([
      db.selectFrom('people').select(['id', 'name', 'name_ko', 'aliases']).execute(),
      db.selectFrom('groups').select(['id', 'name', 'name_ko', 'aliases']).execute(),
      db.selectFrom('shows').select(['id', 'title', 'title_ko', 'aliases']).execute(),
      db
        .selectFrom('parts')
        .select(['show_id', 'number', 'title', 'subtitle', 'subtitle_ko'])
        .execute(),
      db.selectFrom('characters').select(['id', 'show_id', 'name', 'name_ko', 'aliases']).execute(),
      db.selectFrom('events').select(['id', 'title']).execute(),
      db.selectFrom('credits').select(['person_id', 'show_id', 'character_id']).execute(),
      db.selectFrom('group_memberships').select(['group_id', 'person_id']).execute(),
      db.selectFrom('event_people').select(['event_id', 'person_id']).execute(),
    ]);
  const entries: NameEntry[] = [];
  const add = (ref: EntityRef, name: string, variants: NameVariant[]) => {
    for (const v of variants) entries.push({ ...ref, name, surface: v.surface, source: v.source });
  };
  const showById = new Map(shows.map((s) => [s.id, s]));
  // Parts first: a part's own name beats a show alias that spells the same words.
  for (const part of parts) {
    const show = showById.get(part.show_id);
    if (show === undefined) continue;
    const variants = partVariants(
      { title: show.title, titleKo: show.title_ko },
      {
        number: part.number,
        title: part.title,
        subtitle: part.subtitle,
        subtitleKo: part.subtitle_ko,
      },
    );
    add({ type: 'show', id: show.id }, variants[0]?.surface ?? show.title, variants);
  }
  for (const s of shows)
    add(
      { type: 'show', id: s.id },
      s.title,
      titleVariants(s.title, s.title_ko, parseAliases(s.aliases)),
    );
  for (const p of people)
    add(
      { type: 'person', id: p.id },
      p.name,
      personVariants(p.name, p.name_ko, parseAliases(p.aliases)),
    );
  for (const g of groups)
    add(
      { type: 'group', id: g.id },
      g.name,
      titleVariants(g.name, g.name_ko, parseAliases(g.aliases)),
    );
  for (const c of characters) {
    add(
      { type: 'character', id: c.id },
      c.name,
      personVariants(c.name, c.name_ko, parseAliases(c.aliases)),
    );
  }
  for (const e of events)
    add({ type: 'event', id: e.id }, e.title, titleVariants(e.title, null, []));

  const relations: [EntityRef, EntityRef][] = [];
  for (const c of characters)
    relations.push([
      { type: 'character', id: c.id },
      { type: 'show', id: c.show_id },
    ]);
  for (const credit of credits) {
    relations.push([
      { type: 'person', id: credit.person_id },
      { type: 'show', id: credit.show_id },
    ]);
    if (credit.character_id !== null) {
      relations.push([
        { type: 'person', id: credit.person_id },
        { type: 'character', id: credit.character_id },
      ]);
    }
  }
  for (const m of memberships)
    relations.push([
      { type: 'person', id: m.person_id },
      { type: 'group', id: m.group_id },
    ]);
  for (const e of eventPeople)
    relations.push([
      { type: 'person', id: e.person_id },
      { type: 'event', id: e.event_id },
    ]);
  return { entries, relations };
}

const cache = new Map<string, Promise<Linker>>();
/*
 * The committed names and, at most, those of one transaction that changes them (an import):
 * a linker for the 100,000-article bench site holds about 18 MB, each one more kept is that much.
 */
const CACHE_SIZE = 2;

/**
 * The Linker for the database's current names, built once per change of the names.
 * @param db a database or transaction (inside a transaction, its own uncommitted names count)
 * @param known the names' fingerprint when the caller has just read it (one query less)
 */
export async function currentLinker(db: DbOrTrx, known?: string): Promise<Linker> {
  const fingerprint = known ?? (await namesFingerprint(db));
  let linker = cache.get(fingerprint);
  if (linker === undefined) {
    linker = loadNameDictionary(db).then(
      ({ entries, relations }) => new Linker(entries, relations),
    );
    void linker.catch(() => cache.delete(fingerprint));
    cache.set(fingerprint, linker);
    while (cache.size > CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  }
  return linker;
}

/**
 * Every name as written in the database (no generated variants), in the dictionary's order:
 * parts, shows, people, groups, characters, events.
 */
async function writtenNames(db: DbOrTrx): Promise<string[]> {
  const [parts, shows, people, groups, characters, events] = await Promise.all([
    db.selectFrom('parts').select(['title', 'subtitle', 'subtitle_ko']).execute(),
    db.selectFrom('shows').select(['title', 'title_ko', 'aliases']).execute(),
    db.selectFrom('people').select(['name', 'name_ko', 'aliases']).execute(),
    db.selectFrom('groups').select(['name', 'name_ko', 'aliases']).execute(),
    db.selectFrom('characters').select(['name', 'name_ko', 'aliases']).execute(),
    db.selectFrom('events').select(['title']).execute(),
  ]);
  const names: string[] = [];
  const add = (...written: (string | null)[]) => {
    for (const name of written) if (name !== null && name !== '') names.push(name);
  };
  for (const part of parts) add(part.title, part.subtitle, part.subtitle_ko);
  for (const show of shows) add(show.title, show.title_ko, ...parseAliases(show.aliases));
  for (const row of [...people, ...groups, ...characters]) {
    add(row.name, row.name_ko, ...parseAliases(row.aliases));
  }
  for (const event of events) add(event.title);
  return names;
}

const lexicons = new Map<string, Promise<ReadonlyMap<string, string>>>();

/**
 * The Hangul lexicon of the database's current written names (hangulLexiconOf), built once per
 * change of the names. Search reads this instead of the Linker: at 20,000 people the Linker took
 * 12 s to build on the first Hangul search, the lexicon a fraction of a second.
 */
export async function currentHangulLexicon(
  db: DbOrTrx,
  known?: string,
): Promise<ReadonlyMap<string, string>> {
  const fingerprint = known ?? (await namesFingerprint(db));
  let lexicon = lexicons.get(fingerprint);
  if (lexicon === undefined) {
    lexicon = writtenNames(db).then(hangulLexiconOf);
    void lexicon.catch(() => lexicons.delete(fingerprint));
    lexicons.set(fingerprint, lexicon);
    while (lexicons.size > CACHE_SIZE) {
      const oldest = lexicons.keys().next().value;
      if (oldest === undefined) break;
      lexicons.delete(oldest);
    }
  }
  return lexicon;
}
