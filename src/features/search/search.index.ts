import { PostgresAdapter, sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { bodyText, type Block } from '../articles/index.js';
import { currentLinker, namesFingerprint, type EntityRef, type Linker } from '../names/index.js';
import { documentTokens, initialTokens, nameTokens } from './search.text.js';

/*
 * Writes the search index. Articles are indexed by explicit calls from the article writes
 * (reindexArticle / removeArticle, in the same transaction as the write, so the index is
 * current the moment the write commits). People, shows and characters are written by other
 * features without telling us, so their part of the index is rebuilt whenever the names
 * fingerprint changes (checked on every search; one small query).
 *
 * Every article is indexed whatever its status: who may see it (published, published_at
 * passed) is decided when searching, so a scheduled article appears on time with no write.
 */

/** True on PostgreSQL (works for a transaction too). */
export function onPostgres(db: DbOrTrx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

interface ArticleDocument {
  title: string;
  dek: string;
  body: string;
  names: string;
  initials: string;
}

function parseBlocks(json: string): Block[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Block[]) : [];
  } catch {
    return [];
  }
}

function mentionRefs(blocks: readonly Block[]): EntityRef[] {
  const refs: EntityRef[] = [];
  const collect = (spans: readonly { mention?: EntityRef }[]) => {
    for (const span of spans) if (span.mention) refs.push(span.mention);
  };
  for (const block of blocks) {
    if ('content' in block) collect(block.content);
    if (block.type === 'list') block.items.forEach(collect);
    if ((block.type === 'image' || block.type === 'video') && block.caption) collect(block.caption);
  }
  return refs;
}

async function linkedRefs(db: DbOrTrx, articleId: number): Promise<EntityRef[]> {
  const [shows, people, groups, characters] = await Promise.all([
    db
      .selectFrom('article_shows')
      .select('show_id as id')
      .where('article_id', '=', articleId)
      .execute(),
    db
      .selectFrom('article_people')
      .select('person_id as id')
      .where('article_id', '=', articleId)
      .execute(),
    db
      .selectFrom('article_groups')
      .select('group_id as id')
      .where('article_id', '=', articleId)
      .execute(),
    db
      .selectFrom('article_characters')
      .select('character_id as id')
      .where('article_id', '=', articleId)
      .execute(),
  ]);
  return [
    ...shows.map((r) => ({ type: 'show' as const, id: r.id })),
    ...people.map((r) => ({ type: 'person' as const, id: r.id })),
    ...groups.map((r) => ({ type: 'group' as const, id: r.id })),
    ...characters.map((r) => ({ type: 'character' as const, id: r.id })),
  ];
}

/**
 * The search document of an article: its text as tokens, and in `names` every name of every
 * entity it links, mentions or that the linker finds in it, so that "leejaewook", "재욱" or
 * "ㅇㅈㅇ" find an English article about Lee Jae-wook.
 */
export function articleDocument(
  linker: Linker,
  article: { title: string; dek: string; body: string },
  refs: readonly EntityRef[],
): ArticleDocument {
  const blocks = parseBlocks(article.body);
  const text = bodyText(blocks);
  const entities = new Map<string, EntityRef>();
  for (const ref of [...refs, ...mentionRefs(blocks)]) entities.set(`${ref.type}:${ref.id}`, ref);
  for (const m of linker.detect(`${article.title}\n${article.dek}\n${text}`, { context: refs })) {
    if (m.confidence >= 0.5) entities.set(`${m.type}:${m.id}`, m);
  }
  const names = [...entities.values()].flatMap((ref) => linker.namesOf(ref));
  return {
    title: documentTokens(article.title),
    dek: documentTokens(article.dek),
    body: documentTokens(text),
    names: nameTokens(names),
    initials: initialTokens(names),
  };
}

async function writeArticle(db: DbOrTrx, id: number, doc: ArticleDocument): Promise<void> {
  if (onPostgres(db)) {
    await sql`
      insert into search_articles (article_id, document)
      values (${id},
        setweight(to_tsvector('simple', ${doc.title}), 'A') ||
        setweight(to_tsvector('simple', ${doc.dek}), 'B') ||
        setweight(to_tsvector('simple', ${`${doc.names} ${doc.initials}`}), 'C') ||
        setweight(to_tsvector('simple', ${doc.body}), 'D'))
      on conflict (article_id) do update set document = excluded.document`.execute(db);
    return;
  }
  await sql`delete from search_articles_fts where rowid = ${id}`.execute(db);
  await sql`insert into search_articles_fts (rowid, title, dek, body, names, initials)
    values (${id}, ${doc.title}, ${doc.dek}, ${doc.body}, ${doc.names}, ${doc.initials})`.execute(
    db,
  );
}

/**
 * Brings an article's search document up to date (or removes it when the article is gone).
 * Call in the transaction of every article write, after the write.
 */
export async function reindexArticle(db: DbOrTrx, id: number): Promise<void> {
  const article = await db
    .selectFrom('articles')
    .select(['title', 'dek', 'body'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (article === undefined) {
    await removeArticle(db, id);
    return;
  }
  const [linker, refs] = await Promise.all([currentLinker(db), linkedRefs(db, id)]);
  await writeArticle(db, id, articleDocument(linker, article, refs));
}

/** Removes an article from the index. Call in the transaction that deletes it. */
export async function removeArticle(db: DbOrTrx, id: number): Promise<void> {
  if (onPostgres(db)) await sql`delete from search_articles where article_id = ${id}`.execute(db);
  else await sql`delete from search_articles_fts where rowid = ${id}`.execute(db);
}

interface EntityDocument {
  kind: 'person' | 'show' | 'character';
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

async function entityDocuments(db: DbOrTrx, linker: Linker): Promise<EntityDocument[]> {
  const [people, shows, characters] = await Promise.all([
    db.selectFrom('people').select(['id', 'name', 'name_ko', 'aliases', 'bio']).execute(),
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
    const names = [...linker.namesOf({ type: kind, id: refId })];
    if (names.length === 0) names.push(name, ...(ko ? [ko] : []), ...aliases);
    return {
      kind,
      refId,
      title: documentTokens(`${name} ${ko ?? ''}`),
      aliases: documentTokens(aliases.join(' \n ')),
      body: documentTokens(body.slice(0, 5_000)),
      names: nameTokens(names),
      initials: initialTokens(names),
    };
  };
  return [
    ...people.map((p) => doc('person', p.id, p.name, p.name_ko, aliasList(p.aliases), p.bio)),
    ...shows.map((s) => doc('show', s.id, s.title, s.title_ko, aliasList(s.aliases), s.synopsis)),
    ...characters.map((c) =>
      doc('character', c.id, c.name, c.name_ko, aliasList(c.aliases), c.description),
    ),
  ];
}

/** Rebuilds the people/shows/characters part of the index. */
export async function rebuildEntityIndex(db: DbOrTrx, fingerprint?: string): Promise<void> {
  const stamp = fingerprint ?? (await namesFingerprint(db));
  const linker = await currentLinker(db);
  const docs = await entityDocuments(db, linker);
  const pg = onPostgres(db);
  if (!pg) await sql`delete from search_entities_fts`.execute(db);
  await sql`delete from search_entities`.execute(db);
  for (const d of docs) {
    if (pg) {
      await sql`insert into search_entities (kind, ref_id, document) values (${d.kind}, ${d.refId},
        setweight(to_tsvector('simple', ${d.title}), 'A') ||
        setweight(to_tsvector('simple', ${`${d.aliases} ${d.names} ${d.initials}`}), 'B') ||
        setweight(to_tsvector('simple', ${d.body}), 'D'))`.execute(db);
      continue;
    }
    const row = await sql<{
      id: number;
    }>`insert into search_entities (kind, ref_id) values (${d.kind}, ${d.refId}) returning id`.execute(
      db,
    );
    const id = row.rows[0]?.id;
    await sql`insert into search_entities_fts (rowid, title, aliases, body, names, initials)
      values (${id}, ${d.title}, ${d.aliases}, ${d.body}, ${d.names}, ${d.initials})`.execute(db);
  }
  await sql`delete from search_state where key = 'entities'`.execute(db);
  await sql`insert into search_state (key, value) values ('entities', ${stamp})`.execute(db);
}

/**
 * Rebuilds the entity index when people, shows or characters changed since it was built.
 * A failure (two instances rebuilding at once) leaves the previous index in place.
 */
export async function ensureEntityIndex(db: DbOrTrx): Promise<void> {
  const fingerprint = await namesFingerprint(db);
  const state = await sql<{
    value: string;
  }>`select value from search_state where key = 'entities'`.execute(db);
  if (state.rows[0]?.value === fingerprint) return;
  if (db.isTransaction) {
    await rebuildEntityIndex(db, fingerprint);
    return;
  }
  try {
    await db.transaction().execute((trx) => rebuildEntityIndex(trx, fingerprint));
  } catch {
    // Another instance is rebuilding; its result will serve the next search.
  }
}

/**
 * Rebuilds the whole index: every article (in batches) and every entity. For the demo seed,
 * imports and `deho` maintenance; idempotent.
 */
export async function rebuildSearchIndex(db: DbOrTrx): Promise<void> {
  const linker = await currentLinker(db);
  if (onPostgres(db)) await sql`delete from search_articles`.execute(db);
  else await sql`delete from search_articles_fts`.execute(db);
  let after = 0;
  for (;;) {
    const batch = await db
      .selectFrom('articles')
      .select(['id', 'title', 'dek', 'body'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (batch.length === 0) break;
    for (const article of batch) {
      await writeArticle(
        db,
        article.id,
        articleDocument(linker, article, await linkedRefs(db, article.id)),
      );
    }
    after = batch.at(-1)?.id ?? after;
  }
  await rebuildEntityIndex(db);
}
