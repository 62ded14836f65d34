import crypto from 'node:crypto';
import { isSafeKey, type MediaStore } from './media.store.js';

/*
 * `deho media migrate`: copies every file of one store into another, checking each copy by
 * reading it back. A file the target already holds with the same bytes is left alone, so the
 * command can be run again after an interruption (or twice by mistake) and only finishes the
 * rest. The source is never changed: the operator switches DEHO_MEDIA_STORAGE once the report
 * shows no failures, and removes the old files when satisfied.
 */

export interface MigrationReport {
  /** Files written to the target and read back equal. */
  copied: number;
  /** Files the target held already, byte for byte. */
  present: number;
  failed: { key: string; reason: string }[];
  /** Bytes of every file looked at. */
  bytes: number;
}

async function readAll(store: MediaStore, key: string): Promise<Buffer | undefined> {
  const file = await store.open(key);
  if (file === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const digest = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** True when the target holds exactly these bytes under `key`. */
async function holds(target: MediaStore, key: string, data: Buffer): Promise<boolean> {
  const facts = await target.stat(key);
  if (facts === undefined || facts.size !== data.length) return false;
  const stored = await readAll(target, key);
  return stored !== undefined && digest(stored) === digest(data);
}

/**
 * Copies every file of `from` into `to`.
 * @param onFile told after each file, for progress
 */
export async function migrateMedia(
  from: MediaStore,
  to: MediaStore,
  onFile: (done: number) => void = () => undefined,
): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, present: 0, failed: [], bytes: 0 };
  let done = 0;
  for await (const { key } of from.list()) {
    try {
      if (!isSafeKey(key)) {
        report.failed.push({ key, reason: 'its name cannot be served under /media/; left out' });
        continue;
      }
      const data = await readAll(from, key);
      if (data === undefined) {
        report.failed.push({ key, reason: 'it was removed from the source during the copy' });
        continue;
      }
      report.bytes += data.length;
      if (await holds(to, key, data)) {
        report.present++;
        continue;
      }
      await to.putFile(key, { data });
      if (await holds(to, key, data)) report.copied++;
      else report.failed.push({ key, reason: 'the copy read back differs from the original' });
    } catch (error) {
      report.failed.push({ key, reason: error instanceof Error ? error.message : String(error) });
    } finally {
      onFile(++done);
    }
  }
  return report;
}
