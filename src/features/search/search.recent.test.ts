import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { seedDemo } from '../demo/index.js';
import { ensureEntityIndex } from './search.entities.js';
import {
  extendRecentIndex,
  rebuildSearchIndex,
  reindexArticle,
  removeArticle,
} from './search.index.js';
import { readRecent, writeRecent } from './search.recent.js';
import { rankEntities } from './search.rank.js';
import { recentFilled, searchArticles, WINDOW, type EntityKind } from './search.repository.js';
import { parseQuery } from './search.text.js';

const NOW = '2026-11-26T12:00:00.000Z';
const ARTICLES = 1_500;
const RECENT = 1_200;

/** Rowids in the recent index, ascending. */
async function recentRows(db: TestDb['db']): Promise<number[]> {
  const rows = await sql<{
    id: number;
  }>`select rowid as id from search_recent_fts order by rowid`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

describe('the recent index of the newest articles (sqlite)', () => {
  let handle: TestDb;
  const find = (text: string, offset = 0) =>
    searchArticles(handle.db, parseQuery(text), { now: NOW }, { limit: 10, offset });

  beforeAll(async () => {
    handle = await createTestDb('sqlite');
    await migrateToLatest(handle.db);
    // Every article says "wombatqux" (one token more each, so bm25 scores them all alike); the
    // twenty oldest also say "zebrafink", which the recent index therefore never holds.
    const rows = Array.from({ length: ARTICLES }, (_, i) => {
      const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000).toISOString();
      return {
        slug: `wombatqux-${i + 1}`,
        title: i < 20 ? `Wombatqux zebrafink ${i + 1}` : `Wombatqux parade ${i + 1}`,
        dek: '',
        body: '[]',
        status: 'published' as const,
        published_at: at,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < rows.length; i += 250) {
      await handle.db
        .insertInto('articles')
        .values(rows.slice(i, i + 250))
        .execute();
    }
    await rebuildSearchIndex(handle.db, { recentSize: RECENT });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('holds exactly the articles above its floor after a rebuild', async () => {
    expect(await readRecent(handle.db)).toEqual({ floor: ARTICLES - RECENT, size: RECENT });
    const ids = await recentRows(handle.db);
    expect(ids).toHaveLength(RECENT);
    expect(ids[0]).toBe(ARTICLES - RECENT + 1);
    expect(ids.at(-1)).toBe(ARTICLES);
  });

  it('ranks a common word’s window there, with the answer the full index gives', async () => {
    const recent = await find('wombatqux');
    expect(recent).toEqual({
      ids: Array.from({ length: 10 }, (_, i) => ARTICLES - i),
      total: WINDOW,
      capped: true,
    });
    const end = await find('wombatqux', WINDOW - 10);
    expect(end.ids).toEqual(Array.from({ length: 10 }, (_, i) => ARTICLES - WINDOW + 10 - i));
    const state = await readRecent(handle.db);
    await sql`delete from search_state where key = 'recent'`.execute(handle.db);
    try {
      expect(await find('wombatqux')).toEqual(recent);
      expect(await find('wombatqux', WINDOW - 10)).toEqual(end);
    } finally {
      if (state !== undefined) await writeRecent(handle.db, state);
    }
    // Read from the recent index: an article taken out of the full index only is still found.
    await sql`delete from search_articles_fts where rowid = ${ARTICLES}`.execute(handle.db);
    expect((await find('wombatqux')).ids[0]).toBe(ARTICLES);
    await reindexArticle(handle.db, ARTICLES);
  });

  it('uses the full index for a word too rare among the newest', async () => {
    const found = await find('zebrafink');
    await recentFilled();
    expect(found.capped).toBe(false);
    expect(found.total).toBe(20);
    expect(found.ids).toEqual(Array.from({ length: 10 }, (_, i) => 20 - i));
  });

  it('takes new articles, raises its floor past the oldest and forgets deleted ones', async () => {
    const at = '2026-11-01T00:00:00.000Z';
    const { id } = await handle.db
      .insertInto('articles')
      .values({
        slug: 'wombatqux-new',
        title: 'Wombatqux newest',
        dek: '',
        body: '[]',
        status: 'published',
        published_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await reindexArticle(handle.db, id);
    expect(await readRecent(handle.db)).toEqual({ floor: id - RECENT, size: RECENT });
    let ids = await recentRows(handle.db);
    expect(ids[0]).toBe(id - RECENT + 1);
    expect(ids.at(-1)).toBe(id);
    expect((await find('wombatqux newest')).ids).toEqual([id]);
    await recentFilled();

    await handle.db.deleteFrom('articles').where('id', '=', id).execute();
    await removeArticle(handle.db, id);
    ids = await recentRows(handle.db);
    expect(ids).not.toContain(id);
  });

  it('is filled downwards from an empty start (a site upgraded with its articles)', async () => {
    await recentFilled();
    await sql`insert into search_recent_fts (search_recent_fts) values ('delete-all')`.execute(
      handle.db,
    );
    await writeRecent(handle.db, { floor: ARTICLES, size: RECENT });
    expect(await extendRecentIndex(handle.db, 500)).toBe(true);
    expect(await readRecent(handle.db)).toEqual({ floor: ARTICLES - 500, size: RECENT });
    while (await extendRecentIndex(handle.db, 500));
    expect(await readRecent(handle.db)).toEqual({ floor: ARTICLES - RECENT, size: RECENT });
    const ids = await recentRows(handle.db);
    expect(ids).toHaveLength(RECENT);
    expect(ids[0]).toBe(ARTICLES - RECENT + 1);
    expect(await extendRecentIndex(handle.db, 500)).toBe(false);
    // A full index needs no names: each start of a big site asks, and building the name
    // dictionary then cost 12 s of the only thread at 20,000 people. Without a people table
    // any read of the names fails.
    await sql`alter table people rename to people_away`.execute(handle.db);
    try {
      expect(await extendRecentIndex(handle.db, 500)).toBe(false);
    } finally {
      await sql`alter table people_away rename to people`.execute(handle.db);
    }
  });

  it('fills itself in the background after a search that needed the full index', async () => {
    await sql`insert into search_recent_fts (search_recent_fts) values ('delete-all')`.execute(
      handle.db,
    );
    await writeRecent(handle.db, { floor: ARTICLES, size: RECENT });
    // Answered from the full index meanwhile.
    expect((await find('wombatqux')).ids[0]).toBe(ARTICLES);
    await recentFilled();
    expect(await readRecent(handle.db)).toEqual({ floor: ARTICLES - RECENT, size: RECENT });
    expect(await recentRows(handle.db)).toHaveLength(RECENT);
    await sql`delete from search_articles_fts where rowid = ${ARTICLES}`.execute(handle.db);
    expect((await find('wombatqux')).ids[0]).toBe(ARTICLES);
    await reindexArticle(handle.db, ARTICLES);
  });
});

describe.each(DIALECTS)('people, shows and characters beside the articles (%s)', (dialect) => {
  let handle: TestDb;

  beforeAll(async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    await seedDemo({ db: handle.db, clock: () => new Date(NOW) });
    await ensureEntityIndex(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('ranks each kind among all kinds as that kind’s own search ranks it', async () => {
    const kinds: EntityKind[] = ['person', 'show', 'character'];
    let seen = 0;
    for (const text of [
      'lee',
      'lee jae wook',
      '재욱',
      'ㅇㅈㅇ',
      'alchemy',
      'park',
      'jang',
      'o',
      '환혼',
    ]) {
      const query = parseQuery(text);
      const all = (await rankEntities(handle.db, query)).ranked;
      for (const kind of kinds) {
        const own = (await rankEntities(handle.db, query, { kind })).ranked.slice(0, 5);
        const preview = all.filter((r) => r.kind === kind).slice(0, 5);
        expect(preview, `${text} (${kind})`).toEqual(own);
        seen += own.length;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('counts every match of one kind', async () => {
    const query = parseQuery('a');
    const found = await rankEntities(handle.db, query, { kind: 'character' });
    expect(found.total).toBeGreaterThan(2);
    expect(found.total).toBeGreaterThanOrEqual(found.ranked.length);
  });
});
