import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openSqlite } from '../../db/connect.js';
import { ImportRefused } from './wxr-reader.js';

/*
 * `deho backup FILE`: an online, consistent copy of the SQLite database through SQLite's backup
 * API, while the site keeps serving. The copy is made in one step (so that steady writes by the
 * server cannot keep restarting it), which in WAL mode blocks no writer; it is written next to
 * FILE and renamed into place only after PRAGMA integrity_check says ok.
 */

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/**
 * Copies the SQLite database at `source` to `target`.
 * @throws ImportRefused when the target exists or the copy does not check out
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new ImportRefused(`There is no database at ${source}.`);
  if (fs.existsSync(target)) throw new ImportRefused(`${target} exists already; name a new file.`);
  const dir = path.dirname(target);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ImportRefused(`The folder ${dir} does not exist.`);
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const db = openSqlite(source);
  try {
    const meta = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      const result = copy.pragma('integrity_check', { simple: true });
      if (result !== 'ok')
        throw new ImportRefused(
          `The copy failed its integrity check (${String(result)}); nothing was kept.`,
        );
      copy.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, target);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
    return { file: target, bytes: fs.statSync(target).size, pages: meta.totalPages };
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/** What `deho backup` says on PostgreSQL, where pg_dump is the tool. */
export const POSTGRES_BACKUP_ADVICE =
  'deho backup copies the SQLite database; this site runs on PostgreSQL (DATABASE_URL), where pg_dump is the tool:\n' +
  '  pg_dump --format=custom --file=deho-$(date +%F).dump "$DATABASE_URL"\n' +
  'and pg_restore restores it (see docs/import-export.md).\n';
