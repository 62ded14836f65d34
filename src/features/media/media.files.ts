import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Rendition } from './media.images.js';

/*
 * Where the library's files live: <dataDir>/media/library/<id>/<width>.<avif|webp|jpg>. Inside
 * <dataDir>/media so that exports and backups carry them; in a folder of its own so that ids
 * never meet the year folders of a WordPress import. The names are built from numbers only.
 */

export function libraryDir(dataDir: string, id: number): string {
  return path.join(dataDir, 'media', 'library', String(id));
}

export function renditionFile(
  dataDir: string,
  id: number,
  width: number,
  rendition: Rendition,
): string {
  return path.join(libraryDir(dataDir, id), `${width}.${rendition}`);
}

/** The public path of one rendition. */
export function renditionPath(id: number, width: number, rendition: Rendition): string {
  return `/media/${id}/${width}.${rendition}`;
}

/**
 * Writes a media item's files into a scratch folder, then renames it into place, so that the
 * folder either holds every file or does not exist.
 */
export function writeLibraryFiles(
  dataDir: string,
  id: number,
  files: readonly { width: number; rendition: Rendition; data: Buffer }[],
): void {
  const target = libraryDir(dataDir, id);
  const scratch = path.join(dataDir, 'tmp', `media-${crypto.randomUUID()}`);
  fs.mkdirSync(scratch, { recursive: true });
  try {
    for (const file of files) {
      fs.writeFileSync(path.join(scratch, `${file.width}.${file.rendition}`), file.data);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // A folder left by an item whose row is gone (a crash between delete and clean-up).
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(scratch, target);
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Removes a media item's files: its library folder, and for a row that is one plain file (an
 * import's), that file's public path.
 */
export function removeMediaFiles(dataDir: string, id: number, singleFile: string | null): void {
  fs.rmSync(libraryDir(dataDir, id), { recursive: true, force: true });
  if (singleFile === null) return;
  const rel = singleFile.replace(/^\/media\//, '');
  const parts = rel.split('/');
  if (rel === singleFile || parts.some((p) => p === '' || p === '.' || p === '..')) return;
  fs.rmSync(path.join(dataDir, 'media', ...parts), { force: true });
}
