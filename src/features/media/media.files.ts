import type { DbOrTrx } from '../../db/database.js';
import type { Rendition } from './media.images.js';
import { keyOfPublicPath, libraryFolder, type MediaStore } from './media.store.js';

/*
 * Where the library's files live: library/<id>/<width>.<avif|webp|jpg> in the media store (on
 * disk, <dataDir>/media/library/<id>/…, so that exports carry them); in a folder of its own so
 * that ids never meet the year folders of a WordPress import. The names are built from numbers
 * only.
 */

/** The public path of one rendition. */
export function renditionPath(id: number, width: number, rendition: Rendition): string {
  return `/media/${id}/${width}.${rendition}`;
}

/**
 * Writes a media item's files: afterwards the store holds every one of them or none.
 * @param within the transaction of the item's row (the postgres store writes in it)
 */
export async function writeLibraryFiles(
  store: MediaStore,
  id: number,
  files: readonly { width: number; rendition: Rendition; data: Buffer }[],
  within?: DbOrTrx,
): Promise<void> {
  await store.putFolder(
    libraryFolder(id),
    files.map((file) => ({ name: `${file.width}.${file.rendition}`, data: file.data })),
    within,
  );
}

/**
 * Removes a media item's files: its library folder, and for a row that is one plain file (an
 * import's), that file.
 */
export async function removeMediaFiles(
  store: MediaStore,
  id: number,
  singleFile: string | null,
): Promise<void> {
  await store.removeFolder(libraryFolder(id));
  if (singleFile === null) return;
  const key = keyOfPublicPath(singleFile);
  if (key !== undefined) await store.removeFile(key);
}
