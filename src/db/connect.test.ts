import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';

describe('opening the SQLite file', () => {
  let dataDir = '';
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs ANALYZE by hand, as an administrator with the sqlite3 shell might, and counts what it kept. */
  function analyzeByHand(file: string): { samples: number; counts: number } {
    const raw = new SQLite(file);
    try {
      raw.exec('analyze');
      const count = (table: string) =>
        raw.prepare(`select count(*) from ${table}`).pluck().get() as number;
      return { samples: count('sqlite_stat4'), counts: count('sqlite_stat1') };
    } finally {
      raw.close();
    }
  }

  it('drops the STAT4 samples an ANALYZE left, and keeps the row counts', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-connect-'));
    const first = connectDatabase({ dataDir });
    await migrateToLatest(first.db);
    const now = new Date().toISOString();
    await first.db
      .insertInto('tags')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          slug: `tag-${i}`,
          name: `Tag ${i}`,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await first.db.destroy();
    const file = path.join(dataDir, 'deho.db');
    const before = analyzeByHand(file);
    expect(before.samples).toBeGreaterThan(0);
    expect(before.counts).toBeGreaterThan(0);

    const second = connectDatabase({ dataDir });
    try {
      const tags = await second.db
        .selectFrom('tags')
        .select('slug')
        .where('slug', '=', 'tag-7')
        .execute();
      expect(tags).toEqual([{ slug: 'tag-7' }]);
    } finally {
      await second.close();
    }
    const raw = new SQLite(file, { readonly: true });
    try {
      expect(raw.prepare('select count(*) from sqlite_stat4').pluck().get()).toBe(0);
      expect(raw.prepare('select count(*) from sqlite_stat1').pluck().get()).toBe(before.counts);
    } finally {
      raw.close();
    }
  });

  it('leaves a file nobody analyzed without statistics tables', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-connect-'));
    const handle = connectDatabase({ dataDir });
    await migrateToLatest(handle.db);
    await handle.close();
    const raw = new SQLite(path.join(dataDir, 'deho.db'), { readonly: true });
    try {
      const statTables = raw
        .prepare("select name from sqlite_schema where name like 'sqlite_stat%'")
        .pluck()
        .all();
      expect(statTables).toEqual([]);
    } finally {
      raw.close();
    }
  });
});
