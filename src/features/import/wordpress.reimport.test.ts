import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../test/helpers/db.js';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { projectRoot } from '../../lib/paths.js';
import type { Block } from '../articles/index.js';
import { search } from '../search/index.js';
import { withImportTables } from './import.table.js';
import { importWordpress, type WordpressImportOptions } from './wordpress.import.js';

/*
 * A later import of the same site (issue 25): edits made in Deho since are kept and reported,
 * an older export never rolls anything back, a run with --uploads fixes the bodies of an earlier
 * run without, and the import commits in batches that other connections see as it goes.
 */

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const HARD = path.join(FIXTURES, 'hard-cases.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');
const clock = () => new Date('2026-11-26T12:00:00Z');

describe('importing the same WordPress site again', () => {
  let t: TestDb;
  let scratch: string;
  const run = (options: Partial<WordpressImportOptions> = {}) =>
    importWordpress(t.db, clock, { file: HARD, dataDir: t.dataDir, ...options });
  const reunion = () =>
    t.db
      .selectFrom('articles')
      .selectAll()
      .where('slug', '=', 'tom-and-jerry-reunion')
      .executeTakeFirstOrThrow();

  /** hard-cases.xml with post 10 edited in WordPress on 2023-02-01. */
  function laterExport(): string {
    const file = path.join(scratch, 'later.xml');
    const xml = fs
      .readFileSync(HARD, 'utf8')
      .replace('First line of the poem', 'First line, revised in WordPress')
      .replace(
        '<wp:post_modified_gmt><![CDATA[2023-01-16 00:00:00]]>',
        '<wp:post_modified_gmt><![CDATA[2023-02-01 00:00:00]]>',
      )
      .replace('A long guide.', 'A longer guide.')
      .replace(
        '<wp:post_modified_gmt><![CDATA[2023-01-17 01:00:00]]>',
        '<wp:post_modified_gmt><![CDATA[2023-02-01 01:00:00]]>',
      );
    fs.writeFileSync(file, xml);
    return file;
  }

  beforeEach(async () => {
    t = await createTestDb(TEST_DIALECT);
    await migrateToLatest(t.db);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-wp-again-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps what was edited, unpublished or retagged in Deho and reports it as a conflict', async () => {
    await run();
    const { id } = await reunion();
    await t.db
      .updateTable('articles')
      .set({ title: 'Edited in Deho', status: 'draft', published_at: null })
      .where('id', '=', id)
      .execute();
    await t.db.deleteFrom('article_tags').where('article_id', '=', id).execute();

    const later = laterExport();
    const report = await run({ file: later });
    expect((await reunion()).title).toBe('Edited in Deho');
    expect((await reunion()).status).toBe('draft');
    expect(report.conflicts).toEqual([
      expect.stringMatching(/post 10 .*changed in Deho since the last import.*--take-wordpress/),
    ]);
    // The untouched post that changed in WordPress is updated as before.
    const guide = await t.db
      .selectFrom('articles')
      .select('body')
      .where('slug', 'like', 'the-complete-guide%')
      .executeTakeFirstOrThrow();
    expect(guide.body).toContain('A longer guide.');

    const taken = await run({ file: later, takeWordpress: true });
    expect(taken.conflicts).toEqual([]);
    const after = await reunion();
    expect(after.title).toBe('Tom & Jerry’s Reunion');
    expect(after.status).toBe('published');
    expect(after.body).toContain('First line, revised in WordPress');
  });

  it('never applies an export older than the one imported', async () => {
    await run({ file: laterExport() });
    const report = await run();
    expect((await reunion()).body).toContain('First line, revised in WordPress');
    expect(report.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/post 10 .*older than the one imported.*left as it is/),
      ]),
    );
  });

  it('rewrites the bodies of an earlier run when --uploads is given later', async () => {
    await run();
    expect((await reunion()).body).toContain('https://blog.example/wp-content/uploads/');
    await run({ uploadsDir: UPLOADS });
    const blocks = JSON.parse((await reunion()).body) as Block[];
    expect(JSON.stringify(blocks)).not.toContain('/wp-content/uploads/');
    expect(blocks).toContainEqual(
      expect.objectContaining({ type: 'image', src: '/media/2023/01/still.png' }),
    );
    expect(JSON.stringify(blocks)).toContain('"href":"/media/2023/01/still-2.png"');
  });

  it('finishes on the next run what a run that failed part of the way committed', async () => {
    // The export cut off after its fourth item; each item is a batch of its own.
    const text = fs.readFileSync(HARD, 'utf8');
    let end = 0;
    for (let i = 0; i < 4; i++) end = text.indexOf('</item>', end) + '</item>'.length;
    const cut = path.join(scratch, 'cut.xml');
    fs.writeFileSync(cut, `${text.slice(0, end)}\n<item><title><![CDATA[Cut off`);
    await expect(run({ file: cut, batchSize: 1 })).rejects.toThrow();
    const early = await t.db.selectFrom('articles').select(['id', 'title']).execute();
    expect(early.length).toBeGreaterThan(0);

    await run();
    const sources = await withImportTables(t.db)
      .selectFrom('import_sources')
      .select(['entity_id', 'local_hash'])
      .where('entity', '=', 'article')
      .execute();
    for (const { id, title } of early) {
      // Recorded as the import left it, so that a later edit in Deho is told from no edit.
      const source = sources.find((row) => row.entity_id === id);
      expect(source?.local_hash ?? null, title).not.toBeNull();
      // And searchable, like the articles of the run that finished.
      const found = await search(t.db, clock, { q: title, type: 'articles', page: 1, limit: 10 });
      expect(
        found.articles.map((hit) => hit.id),
        title,
      ).toContain(id);
    }
  });

  it('commits in batches that another connection sees before the import ends', async () => {
    const other = connectDatabase({ dataDir: t.dataDir, databaseUrl: t.databaseUrl });
    try {
      const seen: number[] = [];
      await run({
        uploadsDir: UPLOADS,
        batchSize: 2,
        onBatch: async () => {
          const row = await other.db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          seen.push(Number(row.n));
        },
      });
      expect(seen[0]).toBe(2);
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen[seen.length - 1]).toBe(3);
    } finally {
      await other.close();
    }
  });
});
