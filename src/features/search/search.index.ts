import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { bodyText, spanLists, type Block } from '../articles/index.js';
import { currentLinker, type EntityRef, type Linker } from '../names/index.js';
import { inTransaction, onPostgres } from './search.dialect.js';
import { entityTokens, rebuildEntityIndex } from './search.entities.js';
import {
  newestArticleId,
  pruneRecent,
  readRecent,
  RECENT_SIZE,
  writeRecent,
} from './search.recent.js';
import { documentTokens } from './search.text.js';

/*
 * Writes the search index of articles. Articles are indexed by explicit calls from the article
 * writes (reindexArticle / removeArticle, in the same transaction as the write, so the index is
 * current the moment the write commits); people, shows and characters in search.entities.ts.
 *
 * Every article is indexed whatever its status: who may see it (published, published_at
 * passed) is decided when searching, so a scheduled article appears on time with no write.
 *
 * On SQLite the newest articles are also written to the recent index (search.recent.ts), in the
 * same statement batch and transaction.
 */

interface ArticleDocument {
  id: number;
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
  spanLists(blocks).forEach(collect);
  return refs;
}

const LINK_TABLES = [
  ['article_shows', 'show_id', 'show'],
  ['article_people', 'person_id', 'person'],
  ['article_groups', 'group_id', 'group'],
  ['article_characters', 'character_id', 'character'],
] as const;

/**
 * The linked shows, people, groups and characters of the articles with ids in (after, upTo], or
 * of the listed ones: one query per link table (their primary keys start with article_id), not
 * four per article.
 */
async function linkedRefs(
  db: DbOrTrx,
  which: { after: number; upTo: number } | { ids: readonly number[] },
): Promise<Map<number, EntityRef[]>> {
  const byArticle = new Map<number, EntityRef[]>();
  const condition =
    'ids' in which
      ? sql`article_id in (${sql.join(which.ids)})`
      : sql`article_id > ${which.after} and article_id <= ${which.upTo}`;
  const tables = await Promise.all(
    LINK_TABLES.map(([table, column]) =>
      sql<{
        article_id: number;
        ref: number;
      }>`select article_id, ${sql.ref(column)} as ref from ${sql.table(table)}
        where ${condition}`.execute(db),
    ),
  );
  tables.forEach((result, i) => {
    const type = LINK_TABLES[i]?.[2] ?? 'show';
    for (const row of result.rows) {
      const id = Number(row.article_id);
      const list = byArticle.get(id) ?? [];
      if (list.length === 0) byArticle.set(id, list);
      list.push({ type, id: Number(row.ref) });
    }
  });
  return byArticle;
}

/**
 * The search document of an article: its text as tokens, and in `names` every name of every
 * entity it links, mentions or that the linker finds in it, so that "leejaewook", "재욱" or
 * "ㅇㅈㅇ" find an English article about Lee Jae-wook.
 */
export function articleDocument(
  linker: Linker,
  article: { id: number; title: string; dek: string; body: string },
  refs: readonly EntityRef[],
): ArticleDocument {
  const blocks = parseBlocks(article.body);
  const text = bodyText(blocks);
  const entities = new Map<string, EntityRef>();
  for (const ref of [...refs, ...mentionRefs(blocks)]) entities.set(`${ref.type}:${ref.id}`, ref);
  // Reading the body for names was three quarters of the cost of a document. An article that
  // links or mentions entities itself has had its names chosen by an editor (or the import's
  // linker), so only its title and dek are read; one that names nobody is read whole, so an
  // English article that only writes "Lee Jae-wook" is still found by "재욱".
  const scanned =
    entities.size > 0
      ? `${article.title}\n${article.dek}`
      : `${article.title}\n${article.dek}\n${text}`;
  for (const m of linker.detect(scanned, { context: refs })) {
    if (m.confidence >= 0.5) entities.set(`${m.type}:${m.id}`, m);
  }
  const names = new Set<string>();
  const initials = new Set<string>();
  for (const ref of entities.values()) {
    const tokens = entityTokens(linker, ref);
    for (const t of tokens.names) names.add(t);
    for (const t of tokens.initials) initials.add(t);
  }
  return {
    id: article.id,
    title: documentTokens(article.title),
    dek: documentTokens(article.dek),
    body: documentTokens(text),
    names: [...names].join(' '),
    initials: [...initials].join(' '),
  };
}

/** Rows per INSERT: well under both dialects' parameter limits, few round trips. */
const ROWS_PER_INSERT = 100;

/** Writes documents, replacing the rows of the same articles. */
async function writeDocuments(db: DbOrTrx, docs: readonly ArticleDocument[]): Promise<void> {
  if (!onPostgres(db)) {
    const recent = await readRecent(db);
    await insertFts(db, 'search_articles_fts', docs);
    if (recent === undefined || docs.length === 0) return;
    await insertFts(
      db,
      'search_recent_fts',
      docs.filter((d) => d.id > recent.floor),
    );
    await pruneRecent(db, recent, Math.max(...docs.map((d) => d.id)));
    return;
  }
  for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) {
    const rows = docs.slice(i, i + ROWS_PER_INSERT).map(
      (d) => sql`(${d.id},
        setweight(to_tsvector('simple', ${d.title}), 'A') ||
        setweight(to_tsvector('simple', ${d.dek}), 'B') ||
        setweight(to_tsvector('simple', ${`${d.names} ${d.initials}`}), 'C') ||
        setweight(to_tsvector('simple', ${d.body}), 'D'))`,
    );
    await sql`insert into search_articles (article_id, document) values ${sql.join(rows)}
      on conflict (article_id) do update set document = excluded.document`.execute(db);
  }
}

/**
 * A contentless table does not refuse a second row with the same rowid (the article would be
 * indexed twice); OR REPLACE removes the old one first.
 */
async function insertFts(
  db: DbOrTrx,
  table: 'search_articles_fts' | 'search_recent_fts',
  docs: readonly ArticleDocument[],
): Promise<void> {
  for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) {
    const rows = docs
      .slice(i, i + ROWS_PER_INSERT)
      .map((d) => sql`(${d.id}, ${d.title}, ${d.dek}, ${d.body}, ${d.names}, ${d.initials})`);
    await sql`insert or replace into ${sql.table(table)} (rowid, title, dek, body, names, initials)
      values ${sql.join(rows)}`.execute(db);
  }
}

/**
 * Brings an article's search document up to date (or removes it when the article is gone).
 * Call in the transaction of every article write, after the write.
 */
export async function reindexArticle(db: DbOrTrx, id: number): Promise<void> {
  const article = await db
    .selectFrom('articles')
    .select(['id', 'title', 'dek', 'body'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (article === undefined) {
    await removeArticle(db, id);
    return;
  }
  const [linker, refs] = await Promise.all([
    currentLinker(db),
    linkedRefs(db, { after: id - 1, upTo: id }),
  ]);
  await writeDocuments(db, [articleDocument(linker, article, refs.get(id) ?? [])]);
}

/**
 * reindexArticle for several articles (at most a few hundred: one statement writes them): the
 * linker and the links are read once for all, not once each (an import indexes thousands).
 */
export async function reindexArticles(db: DbOrTrx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'title', 'dek', 'body'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  const present = new Set(articles.map((a) => a.id));
  for (const id of ids) if (!present.has(id)) await removeArticle(db, id);
  if (articles.length === 0) return;
  const linker = await currentLinker(db);
  const refs = await linkedRefs(db, { ids: articles.map((a) => a.id) });
  await writeDocuments(
    db,
    articles.map((article) => articleDocument(linker, article, refs.get(article.id) ?? [])),
  );
}

/** Removes an article from the index. Call in the transaction that deletes it. */
export async function removeArticle(db: DbOrTrx, id: number): Promise<void> {
  if (onPostgres(db)) {
    await sql`delete from search_articles where article_id = ${id}`.execute(db);
    return;
  }
  await sql`delete from search_articles_fts where rowid = ${id}`.execute(db);
  await sql`delete from search_recent_fts where rowid = ${id}`.execute(db);
}

/** Articles per transaction of a rebuild: short enough that article writes wait little. */
const REBUILD_BATCH = 2_000;

export interface RebuildOptions {
  /** How many of the newest articles the recent index keeps (SQLite; tests use a few). */
  recentSize?: number;
}

/**
 * Rebuilds the whole index: every article and every entity. For the demo seed, imports, the
 * benchmark and maintenance; idempotent.
 *
 * On SQLite the article index is emptied first ('delete-all': replacing rows one by one in a
 * full index left tombstones that every later merge rewrote; over 100,000 articles that was
 * three times slower than starting empty), so until the rebuild ends a search finds only the
 * articles done so far. Articles then go in id order, a batch per transaction (or all in the
 * caller's transaction), so article writes wait for one batch at most; a write meanwhile
 * indexes its article itself and a later batch replaces that row with the same document.
 * The recent index is emptied too, its floor set below the newest `size` articles, and filled
 * by the same batches. At the end the segments are merged into one ('optimize'), which queries
 * read fastest.
 * PostgreSQL replaces each row in place and deletes rows with their article (foreign key).
 */
export async function rebuildSearchIndex(db: DbOrTrx, options: RebuildOptions = {}): Promise<void> {
  const linker = await currentLinker(db);
  const pg = onPostgres(db);
  if (!pg) {
    await inTransaction(db, async (trx) => {
      await sql`insert into search_articles_fts (search_articles_fts) values ('delete-all')`.execute(
        trx,
      );
      await sql`insert into search_recent_fts (search_recent_fts) values ('delete-all')`.execute(
        trx,
      );
      const size = options.recentSize ?? (await readRecent(trx))?.size ?? RECENT_SIZE;
      await writeRecent(trx, { floor: Math.max(0, (await newestArticleId(trx)) - size), size });
    });
  }
  let after = 0;
  for (let full = true; full;) {
    after = await inTransaction(db, async (trx) => {
      const batch = await trx
        .selectFrom('articles')
        .select(['id', 'title', 'dek', 'body'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(REBUILD_BATCH)
        .execute();
      full = batch.length === REBUILD_BATCH;
      const last = batch.at(-1)?.id ?? after;
      const refs = await linkedRefs(trx, { after, upTo: last });
      await writeDocuments(
        trx,
        batch.map((article) => articleDocument(linker, article, refs.get(article.id) ?? [])),
      );
      return last;
    });
  }
  if (!pg) {
    for (const table of ['search_articles_fts', 'search_recent_fts']) {
      await sql`insert into ${sql.table(table)} (${sql.table(table)}) values ('optimize')`.execute(
        db,
      );
    }
  }
  await inTransaction(db, (trx) => rebuildEntityIndex(trx));
}

/** The recent index's state and free room, when it has articles left below its floor to take. */
async function recentRoom(db: DbOrTrx) {
  const state = await readRecent(db);
  if (state === undefined || state.floor === 0) return undefined;
  const room = state.size - ((await newestArticleId(db)) - state.floor);
  return room > 0 ? { state, room } : undefined;
}

/**
 * Lowers the floor of the recent index by up to `batch` articles (SQLite), when it holds fewer
 * than its size: after the migration that created it on a site with articles, the recent index
 * starts empty and is filled downwards this way, a short transaction at a time.
 * @returns true when there is more to do
 */
export async function extendRecentIndex(db: DbOrTrx, batch: number): Promise<boolean> {
  if (onPostgres(db)) return false;
  // Every start asks; a full index (the usual answer) must not cost the name dictionary, which
  // takes seconds to build on a big site.
  if ((await recentRoom(db)) === undefined) return false;
  const linker = await currentLinker(db);
  return inTransaction(db, async (trx) => {
    const free = await recentRoom(trx);
    if (free === undefined) return false;
    const { state, room } = free;
    const limit = Math.min(batch, room);
    const articles = await trx
      .selectFrom('articles')
      .select(['id', 'title', 'dek', 'body'])
      .where('id', '<=', state.floor)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    // Fewer than asked: nothing is left below; otherwise everything above the lowest one is in.
    const floor = articles.length < limit ? 0 : (articles.at(-1)?.id ?? 1) - 1;
    const refs = await linkedRefs(trx, { after: floor, upTo: state.floor });
    await insertFts(
      trx,
      'search_recent_fts',
      articles.map((article) => articleDocument(linker, article, refs.get(article.id) ?? [])),
    );
    await writeRecent(trx, { ...state, floor });
    return floor > 0 && room > limit;
  });
}
