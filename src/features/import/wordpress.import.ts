import fs from 'node:fs';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { WordpressRun, type ImportReport } from './wordpress.run.js';
import { DEFAULT_LIMITS, ImportRefused, readWxr, type WxrLimits } from './wxr-reader.js';
import { Uploads } from './wordpress.media.js';

export type { ImportReport, ImportCount } from './wordpress.run.js';

export interface WordpressImportOptions {
  /** The WXR file (Tools → Export in WordPress). */
  file: string;
  /** Deho's data folder: media files are copied to <dataDir>/media. */
  dataDir: string;
  /** A copy of wp-content/uploads; without it, attachments are skipped and reported. */
  uploadsDir?: string | undefined;
  /** Apply confident entity links to imported articles instead of only suggesting them. */
  link?: boolean;
  /** Called as the file is read (for a progress bar). */
  onProgress?: (progress: { bytesRead: number; totalBytes: number; items: number }) => void;
  limits?: WxrLimits;
}

function openExport(file: string): { stream: fs.ReadStream; size: number } {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new ImportRefused(`There is no file ${file}.`);
  if (!stat.isFile()) throw new ImportRefused(`${file} is not a file.`);
  return { stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), size: stat.size };
}

/**
 * Imports a WordPress export in one transaction: on any error nothing is written (and files
 * copied from the uploads folder are removed again). Re-importing the same export changes nothing.
 * @throws ImportRefused with a readable message for input that cannot be imported
 */
export async function importWordpress(
  db: Db,
  clock: Clock,
  options: WordpressImportOptions,
): Promise<ImportReport> {
  const uploads = new Uploads(options.uploadsDir, options.dataDir);
  const { stream, size } = openExport(options.file);
  try {
    return await db.transaction().execute(async (trx: DbOrTrx) => {
      const run = new WordpressRun(trx, clock, uploads, options.file);
      let items = 0;
      const records = readWxr(
        stream,
        (bytesRead) => options.onProgress?.({ bytesRead, totalBytes: size, items }),
        options.limits ?? DEFAULT_LIMITS,
      );
      for await (const node of records) {
        await run.accept(node);
        if (node.name === 'item') items++;
      }
      await run.finish({ link: options.link === true });
      return run.report;
    });
  } catch (error) {
    uploads.rollback();
    throw error;
  } finally {
    stream.destroy();
  }
}
