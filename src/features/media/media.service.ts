import crypto from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { Forbidden, NotFound, ValidationFailed } from '../../lib/errors.js';
import { can, type Staff } from '../auth/index.js';
import { removeMediaFiles, renditionPath, writeLibraryFiles } from './media.files.js';
import { imageWork, renderUpload, type UploadLimits } from './media.images.js';
import type { MediaStore } from './media.store.js';
import { toMediaImage, type MediaImage } from './media.presenter.js';
import * as repo from './media.repository.js';
import { WorkDropped } from '../../lib/work-queue.js';

/*
 * The media library: uploads become rows plus rendered files, written so that a refusal or a
 * failure leaves neither (files go in under the row's transaction and are removed if it fails).
 */

export const MAX_ALT_LENGTH = 1_000;
const MAX_NAME_LENGTH = 200;

/**
 * The uploaded file's name, fit for display: no folders, no control or bidirectional-override
 * characters (which could make "gpj.exe" read as "exe.jpg"), at most 200 characters.
 */
export function cleanFilename(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'image' : cleaned;
}

export function cleanAlt(alt: string): string {
  const text = alt
    .replace(/[\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_ALT_LENGTH) {
    throw new ValidationFailed(`alt must be at most ${MAX_ALT_LENGTH} characters.`, 'alt');
  }
  return text;
}

export interface NewUpload {
  bytes: Buffer;
  filename: string;
  alt: string;
}

/**
 * Refuses an upload at once (503) when the image queue is full, before its body is read.
 * @throws AppError unavailable
 */
export function refuseUploadWhenBusy(): void {
  imageWork.refuseIfFull();
}

/**
 * Checks, renders and stores an upload.
 * @returns the new media id
 * @throws AppError 415/413 for a refused file (nothing is stored)
 */
export async function uploadMedia(
  db: DbOrTrx,
  clock: Clock,
  options: { store: MediaStore; limits: UploadLimits; staff: Staff; abandoned?: AbortSignal },
  upload: NewUpload,
): Promise<number> {
  const alt = cleanAlt(upload.alt);
  const image = await renderUpload(upload.bytes, options.limits, options.abandoned);
  // Nobody receives the answer of an upload given up on while it decoded: store nothing.
  if (options.abandoned?.aborted === true) throw new WorkDropped();
  const top = image.widths[image.widths.length - 1] ?? image.width;
  const largestJpeg = image.files.find((f) => f.width === top && f.rendition === 'jpg');
  const createdBy = options.staff.kind === 'session' ? options.staff.userId : null;
  const store = options.store;
  let written: number | undefined;
  try {
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('media')
        // A unique placeholder until the id is known; the row commits with its real path.
        .values({
          path: `/media/pending/${crypto.randomUUID()}`,
          mime: 'image/jpeg',
          width: image.width,
          height: image.height,
          bytes: largestJpeg?.data.length ?? 0,
          alt,
          created_at: nowIso(clock),
          original_name: cleanFilename(upload.filename),
          created_by: createdBy,
          widths: image.widths.join(','),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('media')
        .set({ path: renditionPath(row.id, top, 'jpg') })
        .where('id', '=', row.id)
        .execute();
      written = row.id;
      if (!store.remote) await writeLibraryFiles(store, row.id, image.files, trx);
      return row.id;
    });
    // A bucket is written after the commit: fifteen uploads inside the transaction would hold
    // SQLite's one connection (every page's reads) and its write lock for their whole time. The
    // row is removed again if they fail; until they are done, nobody has been told its id.
    if (store.remote) {
      try {
        await writeLibraryFiles(store, id, image.files);
      } catch (error) {
        await db.deleteFrom('media').where('id', '=', id).execute();
        throw error;
      }
    }
    return id;
  } catch (error) {
    // The failure is the one to report; files left behind belong to an id that no row has.
    if (written !== undefined) {
      await removeMediaFiles(store, written, null).catch(() => undefined);
    }
    throw error;
  }
}

export async function getMedia(db: DbOrTrx, id: number): Promise<repo.MediaRecord> {
  const row = await repo.findMedia(db, id);
  if (row === undefined) throw new NotFound(`There is no media item ${id}.`);
  return row;
}

/** Editors change any item; other writers the ones they uploaded. */
function authorizeChange(staff: Staff, row: repo.MediaRecord): void {
  if (can(staff.role, 'media.manage')) return;
  const own = staff.kind === 'session' && row.created_by === staff.userId;
  if (!own) throw new Forbidden('You can change and delete only the images you uploaded.');
}

export interface MediaChanges {
  alt?: string;
  focal?: { x: number; y: number } | null;
}

export async function updateMedia(
  db: DbOrTrx,
  staff: Staff,
  id: number,
  changes: MediaChanges,
): Promise<void> {
  const row = await getMedia(db, id);
  authorizeChange(staff, row);
  const focal = changes.focal;
  if (changes.alt === undefined && focal === undefined) return;
  await db
    .updateTable('media')
    .set({
      ...(changes.alt !== undefined && { alt: cleanAlt(changes.alt) }),
      ...(focal !== undefined && { focal_x: focal?.x ?? null, focal_y: focal?.y ?? null }),
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes the row (articles, shows and people that used it as their image lose it) and its files. */
export async function deleteMedia(
  db: DbOrTrx,
  store: MediaStore,
  staff: Staff,
  id: number,
): Promise<void> {
  const row = await getMedia(db, id);
  authorizeChange(staff, row);
  // The social image has no foreign key to set it null (see its migration).
  await db
    .updateTable('articles')
    .set({ social_image_id: null })
    .where('social_image_id', '=', id)
    .execute();
  await db.deleteFrom('media').where('id', '=', id).execute();
  await removeMediaFiles(store, id, row.widths === null ? row.path : null);
}

/** Cache tags of the pages that show a media item: bodies that embed it, articles it heads. */
export async function mediaPageTags(db: DbOrTrx, id: number): Promise<string[]> {
  const heads = await db
    .selectFrom('articles')
    .select('id')
    .where((eb) => eb.or([eb('feature_image_id', '=', id), eb('social_image_id', '=', id)]))
    .execute();
  return [`media:${id}`, ...heads.map((a) => `article:${a.id}`)];
}

/** Media by id as pages show them, in one query (none for an empty list). */
export async function findMediaImages(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, MediaImage>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.findMediaByIds(db, ids);
  return new Map(rows.map((row) => [row.id, toMediaImage(row)]));
}
