import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from './connect.js';
import type { Database } from './database.js';
import { createGroupCommit } from './group-commit.js';
import { migrateToLatest } from './migrate.js';
import { withStatementCache } from './statement-cache.js';

const NOW = '2026-11-26T12:00:00.000Z';

describe('group commit on SQLite', () => {
  let dir: string;
  let db: Kysely<Database>;
  let reader: Kysely<Database>;
  let commits: number;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-group-'));
    const file = path.join(dir, 'deho.db');
    commits = 0;
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(openSqlite(file)) }),
      log: (event) => {
        if (event.query.sql === 'commit') commits += 1;
      },
    });
    await migrateToLatest(db);
    commits = 0;
    // A second connection sees only what was committed.
    reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
  });
  afterEach(async () => {
    await db.destroy();
    await reader.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const keys = async (on: Kysely<Database>) =>
    (await on.selectFrom('settings').select('key').where('key', 'like', 'unit-%').execute())
      .map((row) => row.key)
      .sort();

  it('is not refused when another connection commits between a unit’s read and its write', async () => {
    // Another process writing to the file (a CLI import beside the server), here a connection
    // that does not wait for the lock: it commits only if the batch has not taken the lock yet.
    const other = new SQLite(path.join(dir, 'deho.db'));
    other.pragma('busy_timeout = 0');
    try {
      const group = createGroupCommit(db, 'sqlite');
      const done = await group.run(async (trx) => {
        await trx.selectFrom('settings').select('key').execute();
        try {
          other
            .prepare("insert into settings (key, value, updated_at) values ('other', '1', ?)")
            .run(NOW);
        } catch {
          // SQLITE_BUSY: the batch holds the write lock, as it should.
        }
        await trx
          .insertInto('settings')
          .values({ key: 'unit-after-read', value: '1', updated_at: NOW })
          .execute();
        return 'committed';
      });
      expect(done).toBe('committed');
      expect(await keys(reader)).toEqual(['unit-after-read']);
    } finally {
      other.close();
    }
  });

  it('commits units that arrive together in one transaction, each settled after its commit', async () => {
    const group = createGroupCommit(db, 'sqlite');
    const committedWhenSettled: boolean[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        group
          .run((trx) =>
            trx
              .insertInto('settings')
              .values({ key: `unit-${i}`, value: String(i), updated_at: NOW })
              .execute(),
          )
          .then(async () => {
            const row = await reader
              .selectFrom('settings')
              .select('key')
              .where('key', '=', `unit-${i}`)
              .executeTakeFirst();
            committedWhenSettled.push(row !== undefined);
          }),
      ),
    );
    expect(committedWhenSettled).toHaveLength(40);
    expect(committedWhenSettled.every(Boolean)).toBe(true);
    expect(await keys(reader)).toHaveLength(40);
    expect(commits).toBe(1);
  });

  it('rolls back a unit that throws alone, and later units see earlier ones', async () => {
    const group = createGroupCommit(db, 'sqlite');
    const results = await Promise.allSettled([
      group.run((trx) =>
        trx.insertInto('settings').values({ key: 'unit-a', value: '1', updated_at: NOW }).execute(),
      ),
      group.run(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'unit-b', value: '2', updated_at: NOW })
          .execute();
        throw new Error('refused after writing');
      }),
      group.run(async (trx) => {
        const seen = await trx
          .selectFrom('settings')
          .select('key')
          .where('key', 'like', 'unit-%')
          .execute();
        await trx
          .insertInto('settings')
          .values({ key: 'unit-c', value: String(seen.length), updated_at: NOW })
          .execute();
        return seen.map((row) => row.key);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toEqual({ status: 'fulfilled', value: ['unit-a'] });
    expect(await keys(reader)).toEqual(['unit-a', 'unit-c']);
  });

  it('rejects every unit of a batch whose commit fails, and keeps none of their writes', async () => {
    const group = createGroupCommit(db, 'sqlite');
    const results = await Promise.allSettled([
      group.run((trx) =>
        trx.insertInto('settings').values({ key: 'unit-x', value: '1', updated_at: NOW }).execute(),
      ),
      // A unit that ends the transaction itself leaves the batch unable to commit.
      group.run(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'unit-y', value: '1', updated_at: NOW })
          .execute();
        await sql`rollback`.execute(trx);
      }),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await keys(reader)).toEqual([]);
  });
});
