import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import { createDiskStore, isSafeKey, type MediaStore } from '../media/index.js';
import { rebuildEntityIndex, rebuildSearchIndex } from '../search/index.js';
import { EXPORT_FILE, EXPORT_FORMAT, EXPORT_VERSION } from './site-export.js';
import { listTables } from './site-tables.js';
import { ImportRefused } from './wxr-reader.js';

/*
 * `deho import deho DIR`: restores an export into an empty site, ids and all, in one
 * transaction. Media files are copied into the media store (<dataDir>/media on disk) and removed
 * if the import fails.
 */

/** Tables a fresh site may already have filled by itself; their rows are replaced. */
const REPLACED: ReadonlySet<string> = new Set(['settings', 'comment_secrets']);

const BATCH = 100;

interface ExportTable {
  name: string;
  columns: string[];
  rows: unknown[][];
}

interface ExportDocument {
  format: string;
  version: number;
  schema: string;
  tables: ExportTable[];
  media: { path: string; bytes: number; sha256: string }[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDocument(dir: string): ExportDocument {
  const file = path.join(dir, EXPORT_FILE);
  if (!fs.existsSync(file))
    throw new ImportRefused(`There is no ${EXPORT_FILE} in ${dir}; is this a Deho export?`);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ImportRefused(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (!isObject(value) || value.format !== EXPORT_FORMAT)
    throw new ImportRefused(`${file} is not a Deho export.`);
  if (value.version !== EXPORT_VERSION) {
    throw new ImportRefused(
      `${file} is version ${String(value.version)} of the export format; this Deho reads version ${EXPORT_VERSION}.`,
    );
  }
  const tables = value.tables;
  const media = value.media;
  const ok =
    Array.isArray(tables) &&
    tables.every(
      (t) =>
        isObject(t) &&
        typeof t.name === 'string' &&
        Array.isArray(t.columns) &&
        Array.isArray(t.rows),
    ) &&
    Array.isArray(media) &&
    media.every((m) => isObject(m) && typeof m.path === 'string');
  if (!ok || typeof value.schema !== 'string')
    throw new ImportRefused(`${file} does not have the shape of a Deho export.`);
  return value as unknown as ExportDocument;
}

function decodeCell(value: unknown): unknown {
  if (isObject(value) && typeof value.bytes === 'string') return Buffer.from(value.bytes, 'base64');
  return value;
}

export interface RestoreSummary {
  tables: Record<string, number>;
  mediaFiles: number;
}

/**
 * Restores the export in `dir` into this (empty) site.
 * @throws ImportRefused when the site is not empty or the export does not fit this Deho
 */
export async function importSite(
  db: Db,
  dialect: Dialect,
  dataDir: string,
  dir: string,
  options: {
    /** Where the media files go (DEHO_MEDIA_STORAGE); the data folder's by default. */
    store?: MediaStore;
  } = {},
): Promise<RestoreSummary> {
  const store = options.store ?? createDiskStore(dataDir);
  const doc = readDocument(dir);
  const known = new Set(
    (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map(
      (r) => r.name,
    ),
  );
  if (doc.schema !== '' && !known.has(doc.schema)) {
    throw new ImportRefused(
      `The export was made by a newer Deho (migration ${doc.schema}); upgrade this Deho first.`,
    );
  }
  for (const m of doc.media) {
    if (!isSafeKey(m.path))
      throw new ImportRefused(`The export names a media file outside its folder: ${m.path}.`);
  }
  const copied: string[] = [];
  const counts: Record<string, number> = {};
  try {
    await db.transaction().execute(async (trx: DbOrTrx) => {
      // Rows are inserted parents first; deferring the checks to the commit also covers rows
      // that point at later rows of their own table.
      if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
      const here = new Map(
        (await listTables(trx, dialect)).map((t) => [t.name, new Set(t.columns)]),
      );
      for (const table of doc.tables) {
        const columns = here.get(table.name);
        if (columns === undefined)
          throw new ImportRefused(
            `The export has a table "${table.name}" that this Deho does not know.`,
          );
        const unknown = table.columns.find((c) => !columns.has(c));
        if (unknown !== undefined)
          throw new ImportRefused(
            `The export has a column ${table.name}.${unknown} that this Deho does not know.`,
          );
        if (REPLACED.has(table.name)) {
          await sql`delete from ${sql.table(table.name)}`.execute(trx);
          continue;
        }
        const { rows } = await sql<{
          n: number;
        }>`select count(*) as n from ${sql.table(table.name)}`.execute(trx);
        if (Number(rows[0]?.n ?? 0) > 0) {
          throw new ImportRefused(
            `This site is not empty (${table.name} has rows). Restore into a new data folder (DEHO_DATA_DIR) or an empty database.`,
          );
        }
      }
      for (const table of doc.tables) {
        const cols = sql.join(table.columns.map((c) => sql.ref(c)));
        for (let i = 0; i < table.rows.length; i += BATCH) {
          const values = table.rows.slice(i, i + BATCH).map((row) => {
            if (!Array.isArray(row) || row.length !== table.columns.length) {
              throw new ImportRefused(`A row of ${table.name} does not match its columns.`);
            }
            return sql`(${sql.join(row.map((v) => sql`${decodeCell(v)}`))})`;
          });
          await sql`insert into ${sql.table(table.name)} (${cols}) values ${sql.join(values)}`.execute(
            trx,
          );
        }
        counts[table.name] = table.rows.length;
        if (dialect === 'postgres' && table.columns.includes('id')) {
          await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce(max(id), 1), max(id) is not null) from ${sql.table(table.name)}`.execute(
            trx,
          );
        }
      }
      // The search index is derived data: not exported, rebuilt from the restored rows.
      await rebuildSearchIndex(trx);
      await rebuildEntityIndex(trx);
      for (const m of doc.media) {
        const source = path.join(dir, 'media', ...m.path.split('/'));
        if (!fs.existsSync(source))
          throw new ImportRefused(`The export lists media/${m.path}, but the file is missing.`);
        const digest = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex');
        if (digest !== m.sha256)
          throw new ImportRefused(
            `media/${m.path} is not the file the export lists (its checksum differs).`,
          );
        if ((await store.stat(m.path)) !== undefined) continue;
        await store.putFile(m.path, { path: source }, trx);
        copied.push(m.path);
      }
    });
  } catch (error) {
    for (const key of copied) await store.removeFile(key);
    throw error;
  }
  return { tables: counts, mediaFiles: doc.media.length };
}
