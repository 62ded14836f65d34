import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { projectRoot } from '../../lib/paths.js';
import { exportSite, listFiles } from './site-export.js';
import { importWordpress, type WordpressImportOptions } from './wordpress.import.js';
import { ImportRefused } from './wxr-reader.js';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const FIXTURE = path.join(FIXTURES, 'export.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');
const clock = () => new Date('2026-11-26T12:00:00Z');

/** Bad input: each refusal has a clear message and leaves the site as it was, files included. */
describe('WordPress import refusals', () => {
  let t: TestDb;
  let scratch: string;
  const run = (options: Partial<WordpressImportOptions> = {}) =>
    importWordpress(t.db, clock, {
      file: FIXTURE,
      dataDir: t.dataDir,
      uploadsDir: UPLOADS,
      ...options,
    });

  async function snapshot(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(scratch, 'snap-'));
    await exportSite(t.db, t.dialect, t.dataDir, dir);
    return fs.readFileSync(path.join(dir, 'deho-export.json'), 'utf8');
  }

  beforeEach(async () => {
    t = await createTestDb();
    await migrateToLatest(t.db);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-wp-bad-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    [
      'malformed XML',
      (xml: string) => xml.replace('</item>\n\n\t<item>', '</itme>\n\n\t<item>'),
      /not well-formed/,
    ],
    [
      'a wrong encoding declaration',
      (xml: string) => xml.replace('encoding="UTF-8"', 'encoding="EUC-KR"'),
      /declares the encoding "EUC-KR"/,
    ],
    [
      'a truncated file',
      (xml: string) => xml.slice(0, Math.floor(xml.length * 0.8)),
      /truncated|not closed/,
    ],
    [
      'a 10 MB post',
      (xml: string) =>
        xml.replace('<p>More from the interview.</p>', `<p>${'가'.repeat(10 * 1024 * 1024)}</p>`),
      /larger than 4 MB/,
    ],
    [
      'an entity declaration',
      (xml: string) => xml.replace('<rss', '<!DOCTYPE rss [<!ENTITY a "b">]><rss'),
      /DOCTYPE/,
    ],
  ])('refuses %s with a clear message and imports nothing', async (_name, mangle, message) => {
    const bad = path.join(scratch, 'bad.xml');
    fs.writeFileSync(bad, mangle(fs.readFileSync(FIXTURE, 'utf8')));
    const empty = await snapshot();
    const error: unknown = await run({ file: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefused);
    expect((error as Error).message).toMatch(message);
    expect(await snapshot()).toBe(empty);
    expect(listFiles(path.join(t.dataDir, 'media'))).toEqual([]);
  });

  it('says plainly when the file or the uploads folder is missing', async () => {
    await expect(run({ file: path.join(scratch, 'nope.xml') })).rejects.toThrow(/There is no file/);
    await expect(run({ uploadsDir: path.join(scratch, 'nope') })).rejects.toThrow(
      /uploads folder .* does not exist/,
    );
  });
});
