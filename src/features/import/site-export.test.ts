import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { projectRoot } from '../../lib/paths.js';
import { seedDemo } from '../demo/index.js';
import { EXPORT_FILE, exportSite, listFiles } from './site-export.js';
import { importSite } from './site-import.js';
import { listTables, NOT_EXPORTED } from './site-tables.js';
import { importWordpress } from './wordpress.import.js';
import { ImportRefused } from './wxr-reader.js';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const clock = () => new Date('2026-11-26T12:00:00Z');

describe.each(DIALECTS)('export and restore (%s)', (dialect) => {
  const dbs: TestDb[] = [];
  let scratch: string;

  async function site(): Promise<TestDb> {
    const t = await createTestDb(dialect);
    dbs.push(t);
    await migrateToLatest(t.db);
    return t;
  }

  async function fullSite(): Promise<TestDb> {
    const t = await site();
    await seedDemo({ db: t.db, clock });
    await importWordpress(t.db, clock, {
      file: path.join(FIXTURES, 'export.xml'),
      dataDir: t.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });
    return t;
  }

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-export-'));
  });
  afterEach(async () => {
    for (const t of dbs.splice(0)) await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('round-trips: export → restore into an empty site → export gives identical JSON and media', async () => {
    const a = await fullSite();
    const first = path.join(scratch, 'first');
    const summary = await exportSite(a.db, a.dialect, a.dataDir, first);
    expect(summary.tables.articles).toBeGreaterThan(7);
    expect(summary.tables.comments).toBeGreaterThanOrEqual(7);
    expect(summary.mediaFiles).toBe(4);

    const b = await site();
    const restored = await importSite(b.db, b.dialect, b.dataDir, first);
    expect(restored.tables).toEqual(summary.tables);
    const second = path.join(scratch, 'second');
    await exportSite(b.db, b.dialect, b.dataDir, second);

    const json = fs.readFileSync(path.join(first, EXPORT_FILE), 'utf8');
    expect(fs.readFileSync(path.join(second, EXPORT_FILE), 'utf8')).toBe(json);
    expect(listFiles(path.join(second, 'media'))).toEqual(listFiles(path.join(first, 'media')));
    for (const rel of listFiles(path.join(b.dataDir, 'media'))) {
      expect(fs.readFileSync(path.join(b.dataDir, 'media', rel))).toEqual(
        fs.readFileSync(path.join(a.dataDir, 'media', rel)),
      );
    }

    // The document is what docs/import-export.md describes.
    const doc = JSON.parse(json) as {
      format: string;
      version: number;
      schema: string;
      tables: { name: string; columns: string[]; rows: unknown[][] }[];
    };
    expect(doc.format).toBe('deho-export');
    expect(doc.version).toBe(1);
    expect(doc.schema).toMatch(/^\d{4}-/);
    const names = doc.tables.map((t) => t.name);
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('articles'));
    expect(names.indexOf('articles')).toBeLessThan(names.indexOf('comments'));
    expect(names).not.toContain('sessions');

    // New rows get fresh ids after a restore (sequences follow the restored ids).
    const maxId = (
      await b.db
        .selectFrom('tags')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    const tag = await b.db
      .insertInto('tags')
      .values({ slug: 'after-restore', name: 'After', created_at: 'x', updated_at: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(tag.id).toBeGreaterThan(Number(maxId));
  });

  it('exports every table of the schema except those it must not', async () => {
    const t = await site();
    const exported = (await listTables(t.db, t.dialect)).map((x) => x.name);
    const all =
      t.dialect === 'sqlite'
        ? (
            await sql<{
              name: string;
            }>`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'`.execute(
              t.db,
            )
          ).rows
        : (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
              t.db,
            )
          ).rows;
    expect(exported.sort()).toEqual(
      all
        .map((r) => r.name)
        .filter((n) => !NOT_EXPORTED.has(n))
        .sort(),
    );
    expect(exported).toContain('import_sources');
  });

  it('refuses to restore into a site that has content, and changes nothing there', async () => {
    const a = await fullSite();
    const dir = path.join(scratch, 'x');
    await exportSite(a.db, a.dialect, a.dataDir, dir);
    const b = await site();
    await b.db
      .insertInto('tags')
      .values({ slug: 'mine', name: 'Mine', created_at: 'x', updated_at: 'x' })
      .execute();
    await expect(importSite(b.db, b.dialect, b.dataDir, dir)).rejects.toThrow(
      /not empty \(tags has rows\)/,
    );
    expect(await b.db.selectFrom('articles').select('id').execute()).toEqual([]);
  });

  it('refuses a damaged export and leaves no files behind', async () => {
    const a = await fullSite();
    const dir = path.join(scratch, 'x');
    await exportSite(a.db, a.dialect, a.dataDir, dir);
    const [last] = listFiles(path.join(dir, 'media')).slice(-1);
    fs.writeFileSync(path.join(dir, 'media', last ?? ''), 'tampered');
    const b = await site();
    const error: unknown = await importSite(b.db, b.dialect, b.dataDir, dir).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRefused);
    expect((error as Error).message).toMatch(/checksum/);
    expect(listFiles(path.join(b.dataDir, 'media'))).toEqual([]);
    expect(await b.db.selectFrom('articles').select('id').execute()).toEqual([]);

    fs.writeFileSync(path.join(dir, EXPORT_FILE), '{"format": "something-else"}');
    await expect(importSite(b.db, b.dialect, b.dataDir, dir)).rejects.toThrow(/not a Deho export/);
    await expect(importSite(b.db, b.dialect, b.dataDir, scratch)).rejects.toThrow(
      /no deho-export.json/,
    );
  });

  it('restores a reply whose parent has a larger id', async () => {
    const a = await site();
    const now = '2026-11-26T12:00:00.000Z';
    const article = await a.db
      .insertInto('articles')
      .values({ slug: 'a', title: 'A', status: 'draft', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = {
      article_id: article.id,
      author_name: 'X',
      body: 'x',
      status: 'approved' as const,
      created_at: now,
      updated_at: now,
    };
    await a.db
      .insertInto('comments')
      .values({ ...row, id: 20 })
      .execute();
    await a.db
      .insertInto('comments')
      .values({ ...row, id: 10, parent_id: 20, depth: 1 })
      .execute();
    const dir = path.join(scratch, 'x');
    await exportSite(a.db, a.dialect, a.dataDir, dir);
    const b = await site();
    await importSite(b.db, b.dialect, b.dataDir, dir);
    const restored = await b.db
      .selectFrom('comments')
      .select(['id', 'parent_id'])
      .orderBy('id')
      .execute();
    expect(restored).toEqual([
      { id: 10, parent_id: 20 },
      { id: 20, parent_id: null },
    ]);
  });

  it('does not overwrite an earlier export', async () => {
    const a = await site();
    const dir = path.join(scratch, 'x');
    await exportSite(a.db, a.dialect, a.dataDir, dir);
    await expect(exportSite(a.db, a.dialect, a.dataDir, dir)).rejects.toThrow(/exists already/);
  });
});
