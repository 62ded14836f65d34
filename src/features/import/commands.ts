import path from 'node:path';
import type { Config } from '../../config.js';
import { connectDatabase, type DbHandle } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { systemClock } from '../../lib/clock.js';
import { openConfiguredStore, type MediaStore } from '../media/index.js';
import { backupSqlite, POSTGRES_BACKUP_ADVICE } from './backup.js';
import { exportSite } from './site-export.js';
import { importSite } from './site-import.js';
import { importWordpress, type ImportReport } from './wordpress.import.js';

/*
 * The `deho import | export | backup` commands. cli.ts parses the arguments and calls these;
 * they print what they did and return the exit code (0 done, 1 failed).
 */

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  cwd: string;
}

/** The database, migrated, and the media store DEHO_MEDIA_STORAGE names, for one command. */
async function withDatabase<T>(
  config: Config,
  work: (handle: DbHandle, store: MediaStore) => Promise<T>,
): Promise<T> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    await migrateToLatest(handle.db);
    const store = await openConfiguredStore(config.mediaStorage, {
      db: handle.db,
      dialect: handle.dialect,
      dataDir: config.dataDir,
    });
    try {
      return await work(handle, store);
    } finally {
      await store.close();
    }
  } finally {
    await handle.close();
  }
}

const MB = 1024 * 1024;

/**
 * A CLI import on SQLite commits at least every 250 ms and then pauses 50 ms: a comment on the
 * live site waits for the lock (its server's event loop with it) one batch at most, and the
 * pause is where its busy handler gets the lock. Chosen, not tuned; figures in benchmarks.md.
 */
const SQLITE_BATCH_MS = 250;
const SQLITE_PAUSE_MS = 50;

/** A progress bar on stderr, redrawn at most five times a second. */
function progressBar(io: CommandIo) {
  let last = 0;
  let drawn = false;
  return {
    update({
      bytesRead,
      totalBytes,
      items,
    }: {
      bytesRead: number;
      totalBytes: number;
      items: number;
    }) {
      const now = Date.now();
      if (now - last < 200 && bytesRead < totalBytes) return;
      last = now;
      drawn = true;
      const share = totalBytes === 0 ? 1 : bytesRead / totalBytes;
      const filled = Math.round(share * 30);
      io.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.floor(share * 100)
          .toString()
          .padStart(
            3,
          )}%  ${(bytesRead / MB).toFixed(1)} of ${(totalBytes / MB).toFixed(1)} MB  ${items} items`,
      );
    },
    done() {
      if (drawn) io.stderr.write('\n');
    },
  };
}

/**
 * Progress where no terminal shows a bar (a deploy script, a log file): one line every
 * `everyMs`, and a last one at the end if any was printed.
 */
function progressLines(io: CommandIo, name: string, everyMs: number) {
  let last: number | undefined;
  let latest = { bytesRead: 0, totalBytes: 0, items: 0 };
  const line = ({ bytesRead, totalBytes, items }: typeof latest) => {
    const share = totalBytes === 0 ? 1 : bytesRead / totalBytes;
    io.stderr.write(
      `Importing ${name}: ${Math.floor(share * 100)
        .toString()
        .padStart(
          3,
        )}% ${(bytesRead / MB).toFixed(1)} of ${(totalBytes / MB).toFixed(1)} MB, ${items} items\n`,
    );
  };
  const started = Date.now();
  return {
    update(progress: typeof latest) {
      latest = progress;
      const now = Date.now();
      if (now - (last ?? started) < everyMs) return;
      last = now;
      line(progress);
    },
    done() {
      if (last !== undefined) line(latest);
    },
  };
}

/**
 * `--fetch-private`: the operator runs the import and names the old site, which may sit on the
 * same network (a LAN address, a container name); the admin screen never allows this.
 */
const EVERY_ADDRESS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** Where the downloads stand, before the export is read: at the start, every `everyMs`, at the end. */
function downloadLines(io: CommandIo, everyMs: number) {
  let last = 0;
  return ({ done, total }: { done: number; total: number }) => {
    const now = Date.now();
    if (done !== 0 && done !== total && now - last < everyMs) return;
    last = now;
    io.stderr.write(`Downloading files from the old site: ${done} of ${total}\n`);
  };
}

function printReport(io: CommandIo, report: ImportReport): void {
  io.stdout.write(`Imported ${report.file} (${report.site || 'unknown site'}):\n`);
  for (const [what, c] of Object.entries(report.counts)) {
    io.stdout.write(
      `  ${what.padEnd(10)} ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged\n`,
    );
  }
  if (report.conflicts.length > 0) {
    io.stdout.write(`Conflicts (${report.conflicts.length}):\n`);
    for (const conflict of report.conflicts) io.stdout.write(`  - ${conflict}\n`);
  }
  if (report.notes.length > 0) {
    io.stdout.write('Notes:\n');
    for (const note of report.notes) io.stdout.write(`  - ${note}\n`);
  }
  if (report.downloads !== undefined) {
    const { fetched, alreadyThere, failed } = report.downloads;
    io.stdout.write(
      `Downloads: ${fetched} fetched, ${alreadyThere} already there, ${failed.length} failed\n`,
    );
    for (const { url, reason } of failed) io.stdout.write(`  - ${url}: ${reason}\n`);
  }
  if (report.skippedTotal > 0) {
    io.stdout.write(`Skipped (${report.skippedTotal}):\n`);
    for (const { item, reason } of report.skipped) io.stdout.write(`  - ${item}: ${reason}\n`);
    const more = report.skippedTotal - report.skipped.length;
    if (more > 0) io.stdout.write(`  … and ${more} more\n`);
  }
}

export async function importWordpressCommand(
  config: Config,
  io: CommandIo,
  file: string,
  options: {
    uploads?: string | undefined;
    link?: boolean;
    takeWordpress?: boolean;
    /** Download the uploads the export uses from the old site. */
    fetchAttachments?: boolean;
    /** Let those downloads reach private and local addresses (the old site on the LAN). */
    fetchPrivate?: boolean;
    /** Seconds between progress lines when stderr is not a terminal (default 5). */
    progressEvery?: number;
  },
): Promise<number> {
  return withDatabase(config, async ({ db, dialect }, store) => {
    const bar =
      io.stderr.isTTY === true
        ? progressBar(io)
        : progressLines(io, path.basename(file), (options.progressEvery ?? 5) * 1000);
    try {
      const report = await importWordpress(db, systemClock, {
        file: path.resolve(io.cwd, file),
        dataDir: config.dataDir,
        store,
        uploadsDir:
          options.uploads === undefined ? undefined : path.resolve(io.cwd, options.uploads),
        link: options.link === true,
        takeWordpress: options.takeWordpress === true,
        fetch:
          options.fetchAttachments === true
            ? {
                limits: { maxBytes: config.uploadMaxBytes, maxPixels: config.uploadMaxPixels },
                allow: options.fetchPrivate === true ? EVERY_ADDRESS : config.outboundAllow,
                onProgress: downloadLines(io, (options.progressEvery ?? 5) * 1000),
              }
            : undefined,
        onProgress: (progress) => bar.update(progress),
        // Beside a live site on the same SQLite file, the server's writers wait for this
        // process's write lock: hold it briefly, and leave them a moment between batches.
        ...(dialect === 'sqlite' && { batchMs: SQLITE_BATCH_MS, pauseMs: SQLITE_PAUSE_MS }),
      });
      bar.done();
      printReport(io, report);
      return 0;
    } catch (error) {
      bar.done();
      throw error;
    }
  });
}

export async function exportCommand(config: Config, io: CommandIo, dir: string): Promise<number> {
  return withDatabase(config, async ({ db, dialect }, store) => {
    const summary = await exportSite(db, dialect, config.dataDir, path.resolve(io.cwd, dir), {
      store,
    });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    io.stdout.write(
      `Exported ${rows} rows from ${Object.keys(summary.tables).length} tables and ${summary.mediaFiles} media files to ${summary.file}.\n` +
        'The file holds password hashes and other secrets of the site: keep it private.\n',
    );
    return 0;
  });
}

export async function importDehoCommand(
  config: Config,
  io: CommandIo,
  dir: string,
): Promise<number> {
  return withDatabase(config, async ({ db, dialect }, store) => {
    const summary = await importSite(db, dialect, config.dataDir, path.resolve(io.cwd, dir), {
      store,
    });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    io.stdout.write(
      `Restored ${rows} rows and ${summary.mediaFiles} media files from ${path.resolve(io.cwd, dir)}.\n`,
    );
    return 0;
  });
}

export async function backupCommand(config: Config, io: CommandIo, file: string): Promise<number> {
  if (config.databaseUrl !== undefined) {
    io.stderr.write(POSTGRES_BACKUP_ADVICE);
    return 1;
  }
  const source = path.join(config.dataDir, 'deho.db');
  const result = await backupSqlite(source, path.resolve(io.cwd, file));
  io.stdout.write(
    `Backed up ${source} to ${result.file} (${(result.bytes / MB).toFixed(1)} MB); integrity check ok.\n`,
  );
  return 0;
}
