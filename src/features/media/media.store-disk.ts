import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  contentTypeOf,
  resolveRange,
  type FileSource,
  type MediaStore,
  type NewFile,
  type RangeSpec,
  type StoredFacts,
} from './media.store.js';

/*
 * DEHO_MEDIA_STORAGE=disk (the default): files under <dataDir>/media/<key>, as before the other
 * stores existed. A folder is written in a scratch folder and renamed into place, so that it
 * either holds every file or does not exist; a single file is written beside its place and
 * renamed, so that a reader never sees half of it.
 */

function facts(key: string, stat: fs.Stats): StoredFacts {
  return {
    size: stat.size,
    contentType: contentTypeOf(key),
    modified: stat.mtime,
    // Weak, from size and time, as the static file server makes them: the bytes are not read.
    etag: `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
  };
}

export function createDiskStore(dataDir: string): MediaStore {
  const root = path.join(dataDir, 'media');
  const fileOf = (key: string) => path.join(root, ...key.split('/'));
  const statFile = async (key: string) => {
    const stat = await fs.promises.stat(fileOf(key)).catch(() => undefined);
    return stat?.isFile() === true ? stat : undefined;
  };

  /** Every file's key, sorted as plain strings (the order exports have always listed them in). */
  const allKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    const walk = async (dir: string, prefix: string) => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const key = `${prefix}${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`);
        else if (entry.isFile()) keys.push(key);
      }
    };
    await walk(root, '');
    return keys.sort();
  };

  return {
    kind: 'disk',
    remote: false,

    async stat(key) {
      const stat = await statFile(key);
      return stat === undefined ? undefined : facts(key, stat);
    },

    async open(key, spec?: RangeSpec) {
      const stat = await statFile(key);
      if (stat === undefined) return undefined;
      const known = facts(key, stat);
      if (spec === undefined) {
        return { ...known, range: undefined, body: fs.createReadStream(fileOf(key)) };
      }
      const range = resolveRange(spec, stat.size);
      if (range === null) return { ...known, range: 'unsatisfiable', body: Readable.from([]) };
      return { ...known, range, body: fs.createReadStream(fileOf(key), range) };
    },

    async putFolder(folder, files: readonly NewFile[]) {
      const target = fileOf(folder.replace(/\/$/, ''));
      const scratch = path.join(dataDir, 'tmp', `media-${crypto.randomUUID()}`);
      fs.mkdirSync(scratch, { recursive: true });
      try {
        for (const file of files) fs.writeFileSync(path.join(scratch, file.name), file.data);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // A folder left by an item whose row is gone (a crash between delete and clean-up).
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(scratch, target);
      } catch (error) {
        fs.rmSync(scratch, { recursive: true, force: true });
        throw error;
      }
    },

    async putFile(key, source: FileSource) {
      const target = fileOf(key);
      const partial = path.join(path.dirname(target), `.partial-${crypto.randomUUID()}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        if ('data' in source) fs.writeFileSync(partial, source.data);
        else fs.copyFileSync(source.path, partial);
        fs.renameSync(partial, target);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
      }
    },

    async removeFolder(folder) {
      fs.rmSync(fileOf(folder.replace(/\/$/, '')), { recursive: true, force: true });
    },

    async removeFile(key) {
      fs.rmSync(fileOf(key), { force: true });
    },

    async *list() {
      for (const key of await allKeys()) {
        const stat = await statFile(key);
        if (stat !== undefined) yield { key, size: stat.size };
      }
    },

    async close() {},
  };
}
