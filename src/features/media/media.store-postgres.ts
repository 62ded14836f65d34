import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database.js';
import {
  contentTypeOf,
  resolveRange,
  type ByteRange,
  type FileSource,
  type MediaStore,
  type NewFile,
  type RangeSpec,
  type StoredFacts,
} from './media.store.js';

/*
 * DEHO_MEDIA_STORAGE=postgres: every file is a row of media_files, so that a cluster needs
 * nothing but its database. The bytes are read in windows with substring(): the column is
 * stored EXTERNAL (uncompressed TOAST, see the migration), where PostgreSQL fetches only the
 * chunks a window covers, so a large file is streamed (and a Range answered) without holding it
 * in memory. The first window comes with the facts, in the same statement: an image is one
 * round trip.
 *
 * Writes may be given the caller's transaction (`within`): the files then commit or roll back
 * with the rows that name them, and an upload never needs a second pooled connection while
 * holding one.
 */

/** 512 KiB: most renditions fit in one window; a window is at most this much memory per reader. */
const WINDOW = 512 * 1024;
const LIST_PAGE = 1_000;

function factsOf(
  row: { size: number; sha256: string; created_at: string },
  key: string,
): StoredFacts {
  return {
    size: Number(row.size),
    contentType: contentTypeOf(key),
    modified: new Date(row.created_at),
    etag: `"${row.sha256.slice(0, 32)}"`,
  };
}

export function createPostgresStore(db: Db): MediaStore {
  const readWindow = async (key: string, from: number, length: number): Promise<Buffer> => {
    const row = await db
      .selectFrom('media_files')
      .select(sql<Buffer>`substring(data from ${from + 1} for ${length})`.as('part'))
      .where('key', '=', key)
      .executeTakeFirst();
    // Removed or replaced by a shorter file while it was read: end the answer as an error.
    if (row === undefined || row.part.length === 0) {
      throw new Error(`The media file ${key} changed while it was being read.`);
    }
    return row.part;
  };

  async function* bytes(key: string, range: ByteRange, head: Buffer): AsyncGenerator<Buffer> {
    let at = range.start;
    if (at < head.length) {
      const piece = head.subarray(at, Math.min(range.end + 1, head.length));
      yield piece;
      at += piece.length;
    }
    while (at <= range.end) {
      const part = await readWindow(key, at, Math.min(WINDOW, range.end + 1 - at));
      yield part;
      at += part.length;
    }
  }

  const insert = async (into: DbOrTrx, key: string, data: Buffer, now: string) => {
    await into
      .insertInto('media_files')
      .values({
        key,
        size: data.length,
        sha256: crypto.createHash('sha256').update(data).digest('hex'),
        created_at: now,
        data,
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          size: eb.ref('excluded.size'),
          sha256: eb.ref('excluded.sha256'),
          created_at: eb.ref('excluded.created_at'),
          data: eb.ref('excluded.data'),
        })),
      )
      .execute();
  };

  const underFolder = (folder: string) => `${folder.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const atomically = <T>(within: DbOrTrx | undefined, work: (trx: DbOrTrx) => Promise<T>) => {
    const target = within ?? db;
    return target.isTransaction ? work(target) : target.transaction().execute(work);
  };

  return {
    kind: 'postgres',
    remote: false,

    async stat(key) {
      const row = await db
        .selectFrom('media_files')
        .select(['size', 'sha256', 'created_at'])
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? undefined : factsOf(row, key);
    },

    async open(key, spec?: RangeSpec) {
      const row = await db
        .selectFrom('media_files')
        .select(['size', 'sha256', 'created_at'])
        .select(sql<Buffer>`substring(data from 1 for ${WINDOW})`.as('head'))
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const facts = factsOf(row, key);
      const whole = { start: 0, end: facts.size - 1 };
      const range = spec === undefined ? undefined : resolveRange(spec, facts.size);
      if (range === null) return { ...facts, range: 'unsatisfiable', body: Readable.from([]) };
      const body =
        facts.size === 0
          ? Readable.from([])
          : Readable.from(bytes(key, range ?? whole, row.head), { objectMode: false });
      return { ...facts, range, body };
    },

    async putFolder(folder, files: readonly NewFile[], within?: DbOrTrx) {
      const now = new Date().toISOString();
      await atomically(within, async (trx) => {
        await trx
          .deleteFrom('media_files')
          .where(sql<boolean>`key like ${underFolder(folder)} escape '\\'`)
          .execute();
        for (const file of files) await insert(trx, `${folder}${file.name}`, file.data, now);
      });
    },

    async putFile(key, source: FileSource, within?: DbOrTrx) {
      const data = 'data' in source ? source.data : await fs.promises.readFile(source.path);
      await insert(within ?? db, key, data, new Date().toISOString());
    },

    async removeFolder(folder, within?: DbOrTrx) {
      await (within ?? db)
        .deleteFrom('media_files')
        .where(sql<boolean>`key like ${underFolder(folder)} escape '\\'`)
        .execute();
    },

    async removeFile(key, within?: DbOrTrx) {
      await (within ?? db).deleteFrom('media_files').where('key', '=', key).execute();
    },

    async *list() {
      let after = '';
      for (;;) {
        const rows = await db
          .selectFrom('media_files')
          .select(['key', 'size'])
          .where('key', '>', after)
          .orderBy('key')
          .limit(LIST_PAGE)
          .execute();
        for (const row of rows) yield { key: row.key, size: Number(row.size) };
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < LIST_PAGE) return;
        after = last.key;
      }
    },

    async close() {},
  };
}
