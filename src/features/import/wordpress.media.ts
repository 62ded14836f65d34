import fs from 'node:fs';
import path from 'node:path';
import type { DbOrTrx } from '../../db/database.js';
import { contentTypeOf, type MediaStore } from '../media/index.js';
import { ImportRefused } from './wxr-reader.js';

/*
 * Files from a WordPress uploads folder (wp-content/uploads, copied next to the export), or
 * downloaded from the old site into a folder laid out the same way (wordpress.fetch.ts). A file
 * is copied to the media store under its same relative path (<dataDir>/media/<path> on disk)
 * and gets a media row; its old URLs are rewritten to /media/<path>. A file an earlier run put in
 * the store is used from there. Files this run copied are listed so that a failed import can
 * take them away again.
 */

const MARKER = '/wp-content/uploads/';

/** The path of a WordPress upload URL relative to the uploads folder, or undefined. */
export function uploadPath(url: string): string | undefined {
  const at = url.indexOf(MARKER);
  if (at < 0) return undefined;
  let rel = url.slice(at + MARKER.length).split(/[?#]/)[0] ?? '';
  try {
    rel = decodeURIComponent(rel);
  } catch {
    return undefined;
  }
  const parts = rel.split('/');
  if (rel === '' || rel.includes('\\') || rel.includes('\0')) return undefined;
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return undefined;
  return parts.join('/');
}

export interface MediaExtras {
  alt?: string;
  caption?: string;
  width?: number;
  height?: number;
}

export type MediaResult =
  { ok: true; id: number; path: string; created: boolean } | { ok: false; reason: string };

/** @throws ImportRefused when `dir` is given and is not a folder */
export function checkUploadsFolder(dir: string | undefined): void {
  if (dir !== undefined && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ImportRefused(`The uploads folder ${dir} does not exist or is not a folder.`);
  }
}

export class Uploads {
  /** Keys of the files copied by this run, removed again if it fails. */
  readonly copied: string[] = [];
  private readonly known = new Map<string, { id: number; path: string }>();

  private readonly dirs: string[];

  /**
   * @param dir the copy of wp-content/uploads, if any
   * @param fetched the folder files were downloaded to, and why the others are missing
   */
  constructor(
    dir: string | undefined,
    private readonly store: MediaStore,
    private readonly fetched?: { dir: string; failures: ReadonlyMap<string, string> },
  ) {
    checkUploadsFolder(dir);
    this.dirs = [dir, fetched?.dir].filter((d): d is string => d !== undefined);
  }

  get enabled(): boolean {
    return this.dirs.length > 0;
  }

  /** The file and its size: from a folder, else the one an earlier run put in the store. */
  private async find(
    rel: string,
  ): Promise<{ source: string | undefined; size: number } | { missing: string }> {
    for (const dir of this.dirs) {
      const source = path.join(dir, ...rel.split('/'));
      const stat = fs.statSync(source, { throwIfNoEntry: false });
      if (stat?.isFile()) return { source, size: stat.size };
    }
    const stored = await this.store.stat(rel);
    if (stored !== undefined) return { source: undefined, size: stored.size };
    return {
      missing:
        this.fetched?.failures.get(rel) ??
        (this.fetched === undefined
          ? `${rel} is not in the uploads folder`
          : `${rel} was neither in the uploads folder nor downloaded`),
    };
  }

  /** Copies the file an upload URL names and returns its media row, creating both if needed. */
  async ensure(
    trx: DbOrTrx,
    url: string,
    now: string,
    extras: MediaExtras = {},
  ): Promise<MediaResult> {
    if (!this.enabled) return { ok: false, reason: 'no --uploads folder was given' };
    const rel = uploadPath(url);
    if (rel === undefined)
      return { ok: false, reason: `${url} is not a file in wp-content/uploads` };
    const cached = this.known.get(rel);
    if (cached) {
      await this.fillIn(trx, cached.id, extras);
      return { ok: true, ...cached, created: false };
    }
    const file = await this.find(rel);
    if ('missing' in file) return { ok: false, reason: file.missing };
    if (file.source !== undefined && (await this.store.stat(rel)) === undefined) {
      await this.store.putFile(rel, { path: file.source }, trx);
      this.copied.push(rel);
    }
    const publicPath = `/media/${rel}`;
    const found = await trx
      .selectFrom('media')
      .select('id')
      .where('path', '=', publicPath)
      .executeTakeFirst();
    let id = found?.id;
    if (id !== undefined) await this.fillIn(trx, id, extras);
    else {
      const row = await trx
        .insertInto('media')
        .values({
          path: publicPath,
          // The media row keeps the bare type; the store's answer adds the charset.
          mime: contentTypeOf(rel).split(';')[0] ?? 'application/octet-stream',
          width: extras.width ?? null,
          height: extras.height ?? null,
          bytes: file.size,
          alt: extras.alt ?? '',
          caption: extras.caption === undefined || extras.caption === '' ? null : extras.caption,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    this.known.set(rel, { id, path: publicPath });
    return { ok: true, id, path: publicPath, created: found === undefined };
  }

  /** Adds what an attachment knows (alt, caption, size) to a row made earlier from a URL alone. */
  private async fillIn(trx: DbOrTrx, id: number, extras: MediaExtras): Promise<void> {
    if (extras.alt) {
      await trx
        .updateTable('media')
        .set({ alt: extras.alt })
        .where('id', '=', id)
        .where('alt', '=', '')
        .execute();
    }
    if (extras.caption) {
      await trx
        .updateTable('media')
        .set({ caption: extras.caption })
        .where('id', '=', id)
        .where('caption', 'is', null)
        .execute();
    }
    if (extras.width !== undefined && extras.height !== undefined) {
      await trx
        .updateTable('media')
        .set({ width: extras.width, height: extras.height })
        .where('id', '=', id)
        .where('width', 'is', null)
        .execute();
    }
  }

  /** Forgets the files copied so far: their batch is committed, so they stay. */
  committed(): void {
    this.copied.length = 0;
  }

  /** Removes the files this run copied since the last commit (after a failure). */
  async rollback(): Promise<void> {
    for (const key of this.copied.splice(0)) await this.store.removeFile(key);
  }
}
