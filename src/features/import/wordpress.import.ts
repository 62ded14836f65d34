import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ControlledTransaction } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { lockForWriting } from '../../db/write-lock.js';
import type { Clock } from '../../lib/clock.js';
import { createDiskStore, type MediaStore } from '../media/index.js';
import { WordpressRun, type ImportReport } from './wordpress.run.js';
import { DEFAULT_LIMITS, ImportRefused, readWxr, type WxrLimits } from './wxr-reader.js';
import { checkUploadsFolder, Uploads } from './wordpress.media.js';
import { downloadUploads, type Downloads, type FetchOptions } from './wordpress.fetch.js';

export type { ImportReport, ImportCount } from './wordpress.run.js';

export interface WordpressImportOptions {
  /** The WXR file (Tools → Export in WordPress). */
  file: string;
  /** Deho's data folder: media files are copied to <dataDir>/media unless `store` is given. */
  dataDir: string;
  /** Where media files go (DEHO_MEDIA_STORAGE); the data folder's disk store by default. */
  store?: MediaStore;
  /** A copy of wp-content/uploads; without it, attachments are skipped and reported. */
  uploadsDir?: string | undefined;
  /**
   * Download the uploads the export uses from the old site (those neither in `uploadsDir` nor
   * in the media store), checked as uploads are; failures are listed in the report.
   */
  fetch?: FetchOptions | undefined;
  /** Apply confident entity links to imported articles instead of only suggesting them. */
  link?: boolean;
  /** Called as the file is read (for a progress bar). */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; items: number }) => void;
  limits?: WxrLimits;
  /** Take WordPress's version of articles edited in Deho since the last import (conflicts). */
  takeWordpress?: boolean;
  /** Items per committed batch (default BATCH_SIZE). */
  batchSize?: number;
  /** Called after each batch is committed, before the next begins. */
  onBatch?: (batch: { items: number }) => Promise<void> | void;
  /** Also commit a batch once it has run this long (ms): how long others wait for the lock. */
  batchMs?: number;
  /**
   * Pause after each commit (ms), so that writers of another process waiting for SQLite's write
   * lock get it: their busy handler retries every 25 to 100 ms, and without a pause the import
   * takes the lock again at once (a comment then waited out busy_timeout and failed).
   */
  pauseMs?: number;
}

/**
 * Items per transaction. One transaction for a whole 200 MB export grew SQLite's write-ahead log
 * to 2.5 times the file and held the write lock for the whole import, so that a comment on the
 * live site waited 12.6 s; a batch holds it for one batch only. 100 is a round number, not a
 * measured optimum.
 */
export const BATCH_SIZE = 100;

function openExport(file: string): { stream: fs.ReadStream; size: number } {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new ImportRefused(`There is no file ${file}.`);
  if (!stat.isFile()) throw new ImportRefused(`${file} is not a file.`);
  return { stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), size: stat.size };
}

/**
 * A batch's transaction, holding SQLite's write lock from its start (lockForWriting): a batch
 * begins with reads, and a live site in another process committing before the batch's first
 * write stopped a CLI import with "database is locked".
 */
async function beginBatch(db: Db): Promise<ControlledTransaction<Database>> {
  const trx = await db.startTransaction().execute();
  try {
    await lockForWriting(trx);
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
  return trx;
}

/**
 * Imports a WordPress export, committing every `batchSize` items so that the disk a transaction
 * needs stays small and readers and writers of a live site never wait long. On an error, the
 * current batch is rolled back (and its copied files removed); the batches before it stay, and
 * importing the file again continues where it stopped (an import is idempotent).
 * @throws ImportRefused with a readable message for input that cannot be imported
 */
export async function importWordpress(
  db: Db,
  clock: Clock,
  options: WordpressImportOptions,
): Promise<ImportReport> {
  const store = options.store ?? createDiskStore(options.dataDir);
  // Refused before anything is downloaded.
  checkUploadsFolder(options.uploadsDir);
  const { stream, size } = openExport(options.file);
  // Downloads land in a scratch folder first; the import copies them into the store.
  const fetchedDir =
    options.fetch === undefined
      ? undefined
      : path.join(options.dataDir, 'tmp', `fetch-${crypto.randomUUID()}`);
  try {
    let downloads: Downloads | undefined;
    if (options.fetch !== undefined && fetchedDir !== undefined) {
      fs.mkdirSync(fetchedDir, { recursive: true });
      downloads = await downloadUploads(
        options.file,
        options.limits ?? DEFAULT_LIMITS,
        options.fetch,
        { store, uploadsDir: options.uploadsDir, into: fetchedDir },
      );
    }
    const uploads = new Uploads(
      options.uploadsDir,
      store,
      fetchedDir === undefined || downloads === undefined
        ? undefined
        : { dir: fetchedDir, failures: downloads.failures },
    );
    const report = await importBatches(db, clock, options, { stream, size, uploads });
    if (downloads !== undefined) report.downloads = downloads.report;
    return report;
  } finally {
    stream.destroy();
    if (fetchedDir !== undefined) fs.rmSync(fetchedDir, { recursive: true, force: true });
  }
}

/** The import itself, batch after batch, once the files it uses are at hand. */
async function importBatches(
  db: Db,
  clock: Clock,
  options: WordpressImportOptions,
  { stream, size, uploads }: { stream: fs.ReadStream; size: number; uploads: Uploads },
): Promise<ImportReport> {
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  let trx = await beginBatch(db);
  try {
    const run = new WordpressRun(trx, clock, uploads, options.file, {
      takeWordpress: options.takeWordpress === true,
    });
    let items = 0;
    let inBatch = 0;
    let batchStarted = Date.now();
    /** Commits the batch and continues in a new transaction. */
    const nextBatch = async () => {
      await trx.commit().execute();
      uploads.committed();
      inBatch = 0;
      await options.onBatch?.({ items });
      if (options.pauseMs !== undefined && options.pauseMs > 0) {
        const pause = options.pauseMs;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      batchStarted = Date.now();
      trx = await beginBatch(db);
      run.use(trx);
    };
    const records = readWxr(
      stream,
      (bytesRead) => options.onProgress?.({ bytesRead, totalBytes: size, items }),
      options.limits ?? DEFAULT_LIMITS,
    );
    for await (const node of records) {
      await run.accept(node);
      if (node.name !== 'item') continue;
      items++;
      const long = options.batchMs !== undefined && Date.now() - batchStarted >= options.batchMs;
      if (++inBatch >= batchSize || long) await nextBatch();
    }
    await run.finish({ link: options.link === true, batchSize }, nextBatch);
    await trx.commit().execute();
    uploads.committed();
    options.onProgress?.({ bytesRead: size, totalBytes: size, items });
    return run.report;
  } catch (error) {
    // The batch may be committed already (an onBatch callback failed): nothing to roll back.
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    await uploads.rollback();
    throw error;
  }
}
