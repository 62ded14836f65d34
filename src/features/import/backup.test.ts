import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { until } from '../../../test/helpers/poll.js';
import { backupSqlite } from './backup.js';

const require = createRequire(import.meta.url);

/** A second process that commits comments as fast as it can and prints each id once committed. */
const WRITER = `
const [, , modulePath, dbPath, articleId] = process.argv;
const { default: Database } = await import(modulePath);
const db = new Database(dbPath);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const insert = db.prepare(
  "insert into comments (article_id, author_name, body, status, depth, created_at, updated_at) values (?, 'Writer', ?, 'approved', 0, ?, ?)",
);
let n = 0;
const step = () => {
  for (let i = 0; i < 20; i++) {
    const now = new Date().toISOString();
    const { lastInsertRowid } = insert.run(Number(articleId), 'load ' + n++, now, now);
    process.stdout.write(lastInsertRowid + '\\n');
  }
  setImmediate(step);
};
step();
`;

describe('deho backup', () => {
  let t: TestApp;
  let scratch: string;
  let articleId: number;

  beforeEach(async () => {
    // `deho backup` copies the SQLite file (its online backup API); on PostgreSQL operators use
    // pg_dump, so this suite stays on SQLite even in the PostgreSQL run (DEHO_TEST_DIALECT).
    t = await buildTestApp({ demo: false, dialect: 'sqlite' });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-backup-'));
    const now = new Date().toISOString();
    const row = await t.db
      .insertInto('articles')
      .values({
        slug: 'loaded',
        title: 'Loaded',
        status: 'published',
        published_at: '2020-01-01T00:00:00.000Z',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    articleId = row.id;
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('copies the database during a load of comment posts: the copy is sound and has every acknowledged comment', async () => {
    const dbPath = t.handle.sqlitePath ?? '';
    const script = path.join(scratch, 'writer.mjs');
    fs.writeFileSync(script, WRITER);
    const writer = spawn(
      process.execPath,
      [script, pathToFileURL(require.resolve('better-sqlite3')).href, dbPath, String(articleId)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked: number[] = [];
    let buffered = '';
    writer.stdout.setEncoding('utf8');
    writer.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) acked.push(Number(line));
    });
    const waitFor = async (count: number) => {
      while (acked.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Comment posts through the API as well, acknowledged (2xx) before and while the backup runs.
    const apiAcked: number[] = [];
    let posting = true;
    const poster = (async () => {
      for (let i = 0; posting; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${articleId}/comments`,
          payload: { name: `Reader ${i}`, comment: `Comment number ${i} about the backup.` },
          remoteAddress: `10.0.${Math.floor(i / 250)}.${i % 250}`,
        });
        if (res.statusCode < 300) apiAcked.push(res.json<{ comment: { id: number } }>().comment.id);
      }
    })();

    try {
      await waitFor(100);
      while (apiAcked.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const ackedBefore = [...acked, ...apiAcked];
      const target = path.join(scratch, 'copy.db');
      await backupSqlite(dbPath, target);
      const during = acked.length;
      await waitFor(during + 50); // the load went on while and after the copy was made
      posting = false;
      await poster;

      const copy = new SQLite(target, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const ids = new Set(
          copy
            .prepare('select id from comments')
            .all()
            .map((r) => (r as { id: number }).id),
        );
        const missing = ackedBefore.filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
        expect(ids.size).toBeGreaterThanOrEqual(ackedBefore.length);
        // And the live database has rows the copy does not: it was taken mid-load. Counted in the
        // database itself: the writer commits faster than this process reads its acknowledgements.
        const liveCount = async () =>
          Number(
            (
              await t.db
                .selectFrom('comments')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        await until(async () => (await liveCount()) > ids.size);
      } finally {
        copy.close();
      }
    } finally {
      posting = false;
      writer.kill();
      await poster;
    }
  });

  it('refuses to overwrite a file and leaves nothing half-written', async () => {
    const dbPath = t.handle.sqlitePath ?? '';
    const target = path.join(scratch, 'taken.db');
    fs.writeFileSync(target, 'mine');
    await expect(backupSqlite(dbPath, target)).rejects.toThrow(/exists already/);
    expect(fs.readFileSync(target, 'utf8')).toBe('mine');
    await expect(backupSqlite(dbPath, path.join(scratch, 'no', 'such', 'dir.db'))).rejects.toThrow(
      /does not exist/,
    );
    await expect(
      backupSqlite(path.join(scratch, 'none.db'), path.join(scratch, 'x.db')),
    ).rejects.toThrow(/no database/);
  });
});
