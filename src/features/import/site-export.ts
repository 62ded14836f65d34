import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import { createDiskStore, type MediaStore } from '../media/index.js';
import { listTables, schemaVersion } from './site-tables.js';
import { ImportRefused } from './wxr-reader.js';

/*
 * `deho export DIR`: the whole site as one JSON document (deho-export.json, schema in
 * docs/import-export.md) plus DIR/media/, a copy of the media store's files (<dataDir>/media on
 * disk). The document is
 * deterministic: tables in dependency order, rows ordered by every column, no export time, so
 * exporting the same data twice gives the same bytes.
 */

export const EXPORT_FILE = 'deho-export.json';
export const EXPORT_FORMAT = 'deho-export';
export const EXPORT_VERSION = 1;

const PAGE = 2_000;

export interface ExportSummary {
  file: string;
  tables: Record<string, number>;
  mediaFiles: number;
}

type Cell = string | number | null | { bytes: string };

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return { bytes: value.toString('base64') };
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Every file under `root`, as sorted POSIX paths relative to it (dot-files left out). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const next = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), next);
      else if (entry.isFile()) out.push(next);
    }
  };
  walk(root, '');
  return out.sort();
}

/**
 * Reads a stored file once: its SHA-256 and size, and a copy at `target` when one is asked for.
 * @throws Error when the file went missing while the export ran
 */
async function readStored(
  store: MediaStore,
  key: string,
  target: string | undefined,
): Promise<{ sha256: string; bytes: number }> {
  const file = await store.open(key);
  if (file === undefined) throw new Error(`The media file ${key} went missing during the export.`);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, target === undefined ? undefined : chunk);
    },
  });
  if (target === undefined) {
    tap.resume();
    await pipeline(file.body, tap);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await pipeline(file.body, tap, fs.createWriteStream(target));
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Writes the export into `outDir` (created if needed; an existing export there is refused).
 * Run it on a consistent view: on SQLite it reads inside one transaction.
 */
export async function exportSite(
  db: Db,
  dialect: Dialect,
  dataDir: string,
  outDir: string,
  options: {
    copyMedia?: boolean;
    /** Where the media files are (DEHO_MEDIA_STORAGE); the data folder's by default. */
    store?: MediaStore;
  } = {},
): Promise<ExportSummary> {
  const store = options.store ?? createDiskStore(dataDir);
  const file = path.join(outDir, EXPORT_FILE);
  if (fs.existsSync(file))
    throw new ImportRefused(`${file} exists already; export into an empty folder.`);
  fs.mkdirSync(outDir, { recursive: true });
  const partial = `${file}.partial`;
  const out = fs.openSync(partial, 'w', 0o600);
  const counts: Record<string, number> = {};
  try {
    // One snapshot of every table: on PostgreSQL that needs REPEATABLE READ (SQLite's
    // transactions are snapshots already).
    const transaction =
      dialect === 'postgres'
        ? db.transaction().setIsolationLevel('repeatable read')
        : db.transaction();
    await transaction.execute(async (trx: DbOrTrx) => {
      const write = (text: string) => fs.writeSync(out, text);
      write(`{\n"format": ${JSON.stringify(EXPORT_FORMAT)},\n"version": ${EXPORT_VERSION},\n`);
      write(`"schema": ${JSON.stringify(await schemaVersion(trx))},\n"tables": [`);
      const tables = await listTables(trx, dialect);
      for (const [t, table] of tables.entries()) {
        write(
          `${t === 0 ? '' : ','}\n{"name": ${JSON.stringify(table.name)}, "columns": ${JSON.stringify(table.columns)}, "rows": [`,
        );
        const order = sql.join(table.columns.map((c) => sql.ref(c)));
        let n = 0;
        for (let offset = 0; ; offset += PAGE) {
          const { rows } = await sql<Record<string, unknown>>`
            select ${order} from ${sql.table(table.name)} order by ${order} limit ${PAGE} offset ${offset}
          `.execute(trx);
          for (const row of rows)
            write(
              `${n++ === 0 ? '' : ','}\n${JSON.stringify(table.columns.map((c) => cell(row[c])))}`,
            );
          if (rows.length < PAGE) break;
        }
        counts[table.name] = n;
        write(n === 0 ? ']}' : '\n]}');
      }
      write('\n],\n"media": [');
      let files = 0;
      for await (const { key } of store.list()) {
        const target =
          options.copyMedia === false ? undefined : path.join(outDir, 'media', ...key.split('/'));
        const { sha256, bytes } = await readStored(store, key, target);
        write(`${files++ === 0 ? '' : ','}\n${JSON.stringify({ path: key, bytes, sha256 })}`);
      }
      write(files === 0 ? ']\n}\n' : '\n]\n}\n');
      counts['media files'] = files;
    });
  } catch (error) {
    fs.closeSync(out);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.closeSync(out);
  fs.renameSync(partial, file);
  const { ['media files']: mediaFiles = 0, ...tables } = counts;
  return { file, tables, mediaFiles };
}
