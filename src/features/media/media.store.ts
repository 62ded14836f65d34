import type { Readable } from 'node:stream';
import type { MediaStorageKind } from '../../config.js';
import type { DbOrTrx } from '../../db/database.js';

/*
 * The seam between media and where its files are kept: the data folder (disk), a table of the
 * PostgreSQL database (postgres) or an S3-compatible bucket (s3), chosen by DEHO_MEDIA_STORAGE.
 *
 * A file is named by its key: its path under /media/ with no leading slash, which is also its
 * path under <dataDir>/media on disk, in exports and in the bucket. Library uploads are
 * `library/<id>/<width>.<avif|webp|jpg>`; imported files keep the uploads folder's layout
 * (`2022/08/poster.jpg`). Keys are checked by `isSafeKey` before any store sees them.
 */

/** What serving a file needs to know before its bytes. */
export interface StoredFacts {
  size: number;
  contentType: string;
  modified: Date;
  /** A strong or weak validator, quoted as in the ETag header. */
  etag: string;
}

/** A requested byte range, as the Range header gives it. */
export type RangeSpec = { start: number; end?: number } | { suffix: number };

/** Inclusive byte positions. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OpenedFile extends StoredFacts {
  /** The range served, `unsatisfiable` for a range outside the file, undefined for the whole. */
  range: ByteRange | 'unsatisfiable' | undefined;
  /** The bytes (of the range); an empty stream for an unsatisfiable range. */
  body: Readable;
}

export interface NewFile {
  /** The file's name inside its folder, e.g. `640.webp`. */
  name: string;
  data: Buffer;
}

/** A file to store: its bytes in memory, or a file on this machine (imports, restores). */
export type FileSource = { data: Buffer } | { path: string };

/*
 * Writes take an optional `within`: the database transaction of the rows that name the files.
 * The postgres store writes in it (files and rows commit or roll back together); the others
 * ignore it, and their callers remove what they wrote when the transaction fails.
 */
export interface MediaStore {
  readonly kind: MediaStorageKind;
  /**
   * Writes wait on another server (s3): callers write after their transaction commits rather
   * than inside it, where they would hold the database (on SQLite, its one connection and its
   * write lock) for the time of the uploads.
   */
  readonly remote: boolean;
  /** Facts about a file, or undefined when there is none. */
  stat(key: string): Promise<StoredFacts | undefined>;
  /** A file's facts and bytes (of one range when asked), or undefined when there is none. */
  open(key: string, range?: RangeSpec): Promise<OpenedFile | undefined>;
  /**
   * Replaces the files of a folder (`library/12/`) with `files`: afterwards the folder holds
   * them all, or, when this throws, none of them.
   */
  putFolder(folder: string, files: readonly NewFile[], within?: DbOrTrx): Promise<void>;
  /** Writes one file, replacing any file of that key. */
  putFile(key: string, source: FileSource, within?: DbOrTrx): Promise<void>;
  /** Removes a folder's files (none there is fine). */
  removeFolder(folder: string, within?: DbOrTrx): Promise<void>;
  /** Removes one file (none there is fine). */
  removeFile(key: string, within?: DbOrTrx): Promise<void>;
  /** Every file's key and size, in key order. */
  list(): AsyncIterable<{ key: string; size: number }>;
  /** Releases the store's connections (not the database's, which the store does not own). */
  close(): Promise<void>;
}

const MIME: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
};

/** The type a file is served with, from its name (every store serves the same type). */
export function contentTypeOf(key: string): string {
  const dot = key.lastIndexOf('.');
  const ext = dot < 0 ? '' : key.slice(dot + 1).toLowerCase();
  return MIME[ext] ?? 'application/octet-stream';
}

/**
 * A key no store can read as anything but a file under its root: relative, `/`-separated, no
 * empty, `.` or `..` segment, no dot-file (as the disk server refused them), no backslash or
 * control character, at most 1,024 bytes (S3's own limit).
 */
export function isSafeKey(key: string): boolean {
  if (key === '' || Buffer.byteLength(key) > 1024) return false;
  if (/[\\\p{Cc}]/u.test(key)) return false;
  return key.split('/').every((part) => part !== '' && !part.startsWith('.'));
}

/** The key of a file from its public path (/media/2022/08/a.jpg → 2022/08/a.jpg), if safe. */
export function keyOfPublicPath(publicPath: string): string | undefined {
  if (!publicPath.startsWith('/media/')) return undefined;
  const key = publicPath.slice('/media/'.length);
  return isSafeKey(key) ? key : undefined;
}

/** The folder of a library item's renditions. */
export function libraryFolder(id: number): string {
  return `library/${id}/`;
}

/**
 * Resolves a requested range against a file's size (RFC 9110 §14.1.2): a start past the end is
 * unsatisfiable (null); an end past it is cut to the last byte.
 */
export function resolveRange(spec: RangeSpec, size: number): ByteRange | null {
  if ('suffix' in spec) {
    if (spec.suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - spec.suffix), end: size - 1 };
  }
  if (spec.start >= size) return null;
  const end = spec.end === undefined ? size - 1 : Math.min(spec.end, size - 1);
  return end < spec.start ? null : { start: spec.start, end };
}
