import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli.js';
import { buildApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { App } from '../../src/context.js';
import { createApiKey } from '../../src/features/auth/index.js';
import { BASE, multipart, png } from '../../src/features/media/media.test-support.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, TEST_DIALECT } from '../helpers/db.js';
import { instance, type Instance } from '../helpers/instance.js';
import { startS3rver, type S3Server } from '../helpers/s3rver.js';

/*
 * Shared media (DEHO_MEDIA_STORAGE): an image uploaded through instance A is served by an
 * instance B whose data folder has never seen it, from PostgreSQL and from a real S3-compatible
 * server (s3rver, a process of its own); `deho media migrate` moves a disk site's files there;
 * a store that cannot work is refused at start with a message that says why.
 */

const hasPostgres = DIALECTS.includes('postgres');
const TYPES = { jpg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif' } as const;

/** Uploads an 800 × 400 PNG through `t` (widths 320, 640 and 800) and returns its id. */
async function upload(t: TestApp): Promise<number> {
  const { key } = await createApiKey(t.db, t.clock, { name: 'uploader', role: 'admin' });
  const body = multipart(
    { name: 'poster.png', type: 'image/png', bytes: await png(800, 400) },
    { alt: 'A poster' },
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `${BASE}/media`,
    headers: { authorization: `Bearer ${key}`, ...body.headers },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ media: { id: number } }>().media.id;
}

async function remove(t: TestApp, id: number): Promise<void> {
  const { key } = await createApiKey(t.db, t.clock, { name: 'remover', role: 'admin' });
  const res = await t.app.inject({
    method: 'DELETE',
    url: `${BASE}/media/${id}`,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.statusCode).toBe(204);
}

/** Every file under a data folder's media folder. */
function filesUnder(dataDir: string): string[] {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'deho-other-'));
}

/** B answers each rendition of item `id` with the bytes, type and caching A answers it with. */
async function expectServedAlike(a: App, b: App, id: number): Promise<void> {
  for (const width of [320, 640, 800]) {
    for (const ext of ['jpg', 'webp', 'avif'] as const) {
      const url = `/media/${id}/${width}.${ext}`;
      const [fromA, fromB] = [await a.inject(url), await b.inject(url)];
      expect(fromB.statusCode, url).toBe(200);
      expect(fromB.headers['content-type']).toBe(TYPES[ext]);
      expect(fromB.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(fromB.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(fromB.headers['content-length'])).toBe(fromB.rawPayload.length);
      expect(fromB.rawPayload.equals(fromA.rawPayload), url).toBe(true);
      expect((await sharp(fromB.rawPayload).metadata()).width).toBe(width);
    }
  }
}

/** Ranges, a range outside the file, and a revalidation, on `url` of `app`. */
async function expectRangesAndRevalidation(app: App, url: string): Promise<void> {
  const whole = await app.inject(url);
  expect(whole.statusCode).toBe(200);
  const size = whole.rawPayload.length;
  expect(whole.headers['accept-ranges']).toBe('bytes');
  expect(whole.headers['last-modified']).toMatch(/GMT$/);

  const middle = await app.inject({ url, headers: { range: `bytes=100-${size - 100}` } });
  expect(middle.statusCode).toBe(206);
  expect(middle.headers['content-range']).toBe(`bytes 100-${size - 100}/${size}`);
  expect(middle.rawPayload.equals(whole.rawPayload.subarray(100, size - 99))).toBe(true);

  const tail = await app.inject({ url, headers: { range: 'bytes=-10' } });
  expect(tail.statusCode).toBe(206);
  expect(tail.rawPayload.equals(whole.rawPayload.subarray(size - 10))).toBe(true);

  const outside = await app.inject({ url, headers: { range: `bytes=${size}-` } });
  expect(outside.statusCode).toBe(416);
  expect(outside.headers['content-range']).toBe(`bytes */${size}`);

  const headOnly = await app.inject({ method: 'HEAD', url });
  expect(headOnly.statusCode).toBe(200);
  expect(Number(headOnly.headers['content-length'])).toBe(size);
  expect(headOnly.rawPayload.length).toBe(0);

  const cached = await app.inject({
    url,
    headers: { 'if-none-match': String(whole.headers.etag) },
  });
  expect(cached.statusCode).toBe(304);
  expect(cached.rawPayload.length).toBe(0);
}

function cli(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { LOG_LEVEL: 'silent', DEHO_DEMO: '0', ...env },
    cwd: os.tmpdir(),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe.runIf(hasPostgres)('DEHO_MEDIA_STORAGE=postgres', () => {
  let a: TestApp;
  let b: Instance;
  const otherDir = tempDir();

  beforeAll(async () => {
    a = await buildTestApp({
      dialect: 'postgres',
      demo: false,
      env: { DEHO_MEDIA_STORAGE: 'postgres' },
    });
    b = await instance(a.handle, {
      DEHO_MEDIA_STORAGE: 'postgres',
      DATABASE_URL: a.handle.databaseUrl ?? '',
      DEHO_DATA_DIR: otherDir,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  it('serves an image uploaded through A from B, whose data folder has never seen it', async () => {
    const id = await upload(a);
    await expectServedAlike(a.app, b.app, id);
    // The files are rows of the database: neither data folder holds them.
    expect(filesUnder(a.config.dataDir)).toEqual([]);
    expect(filesUnder(otherDir)).toEqual([]);
    await expectRangesAndRevalidation(b.app, `/media/${id}/800.jpg`);
  });

  it('forgets the files of an item deleted through A', async () => {
    const id = await upload(a);
    expect((await b.app.inject(`/media/${id}/640.webp`)).statusCode).toBe(200);
    await remove(a, id);
    expect((await b.app.inject(`/media/${id}/640.webp`)).statusCode).toBe(404);
    const left = await a.db
      .selectFrom('media_files')
      .select('key')
      .where('key', 'like', `library/${id}/%`)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('DEHO_MEDIA_STORAGE=s3 on a real S3-compatible server (s3rver)', () => {
  let s3: S3Server;
  let a: TestApp;
  let b: Instance;
  const otherDir = tempDir();

  beforeAll(async () => {
    s3 = await startS3rver(['deho-media']);
    a = await buildTestApp({
      demo: false,
      env: { DEHO_MEDIA_STORAGE: 's3', ...s3.env('deho-media') },
    });
    b = await instance(a.handle, {
      DEHO_MEDIA_STORAGE: 's3',
      ...s3.env('deho-media'),
      ...(a.handle.databaseUrl !== undefined && { DATABASE_URL: a.handle.databaseUrl }),
      DEHO_DATA_DIR: otherDir,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await s3?.stop();
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  it(`serves an image uploaded through A from B, whose data folder has never seen it (${TEST_DIALECT})`, async () => {
    const id = await upload(a);
    await expectServedAlike(a.app, b.app, id);
    expect(filesUnder(a.config.dataDir)).toEqual([]);
    expect(filesUnder(otherDir)).toEqual([]);
    await expectRangesAndRevalidation(b.app, `/media/${id}/800.jpg`);
  });

  it('forgets the files of an item deleted through A', async () => {
    const id = await upload(a);
    expect((await b.app.inject(`/media/${id}/640.webp`)).statusCode).toBe(200);
    await remove(a, id);
    expect((await b.app.inject(`/media/${id}/640.webp`)).statusCode).toBe(404);
  });

  /** The message a start with `env` is refused with, or "started". */
  async function startRefusal(env: Record<string, string>): Promise<string> {
    const config = loadConfig({ DEHO_DATA_DIR: otherDir, DEHO_MEDIA_STORAGE: 's3', ...env });
    try {
      const app = await buildApp(config, { db: a.db, dialect: a.handle.dialect, logger: false });
      await app.close();
      return 'started';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  }

  it('refuses at start a bucket that does not exist, or keys it does not take', async () => {
    expect(await startRefusal(s3.env('no-such-bucket'))).toBe(
      `DEHO_MEDIA_STORAGE=s3: the bucket "no-such-bucket" at ${s3.endpoint} cannot be used: it does not exist; create it first.`,
    );
    // s3rver knows one key id (it does not check SigV4 signatures, so a wrong secret passes).
    expect(
      await startRefusal({ ...s3.env('deho-media'), DEHO_S3_ACCESS_KEY_ID: 'NOT-A-KEY' }),
    ).toBe(
      `DEHO_MEDIA_STORAGE=s3: the bucket "deho-media" at ${s3.endpoint} cannot be used: the keys (DEHO_S3_ACCESS_KEY_ID, DEHO_S3_SECRET_ACCESS_KEY) are not allowed to use it.`,
    );
    // Nothing listens there: the start stops instead of answering 503 for every image.
    expect(
      await startRefusal({ ...s3.env('deho-media'), DEHO_S3_ENDPOINT: 'http://127.0.0.1:9' }),
    ).toMatch(
      /^DEHO_MEDIA_STORAGE=s3: the bucket "deho-media" at http:\/\/127\.0\.0\.1:9 cannot be used: it cannot be reached \(/,
    );
  });

  it('the demo images stay program files, served beside the bucket', async () => {
    const res = await a.app.inject('/media/demo/bts-kiss-scene.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((await a.app.inject('/media/2022/08/missing.jpg')).statusCode).toBe(404);
    expect((await a.app.inject('/media/2022/%2e%2e/secret.jpg')).statusCode).toBe(404);
  });
});

describe('deho media migrate', () => {
  let s3: S3Server;
  let a: TestApp;
  let id: number;
  const imported = new Map<string, Buffer>();

  beforeAll(async () => {
    s3 = await startS3rver(['deho-migrated']);
    // A site on disk, with a library upload and two imported files, one of them larger than a
    // window of the postgres store (512 KiB).
    a = await buildTestApp({ dialect: hasPostgres ? 'postgres' : TEST_DIALECT, demo: false });
    id = await upload(a);
    imported.set(
      '2022/08/poster.jpg',
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#456' } })
        .jpeg()
        .toBuffer(),
    );
    imported.set('2022/08/clip.mp4', crypto.randomBytes(1_300_000));
    for (const [key, data] of imported) {
      const file = path.join(a.config.dataDir, 'media', ...key.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
  });
  afterAll(async () => {
    await a?.close();
    await s3?.stop();
  });

  const siteEnv = () => ({
    DEHO_DATA_DIR: a.config.dataDir,
    ...(a.handle.databaseUrl !== undefined && { DATABASE_URL: a.handle.databaseUrl }),
  });

  /** Moves the files to `to`, twice, and checks that an instance elsewhere serves them all. */
  async function migrateAndServe(to: 'postgres' | 's3', env: Record<string, string>) {
    const first = cli({ ...siteEnv(), ...env });
    expect(await runCli(['media', 'migrate', '--to', to], first.io), first.stderr()).toBe(0);
    // 3 widths × 3 formats of the upload, and the two imported files.
    expect(first.stdout()).toMatch(
      new RegExp(
        `11 files \\([\\d.]+ MB\\): 11 copied and verified, 0 already in ${to}, 0 failed\\.`,
      ),
    );
    const again = cli({ ...siteEnv(), ...env });
    expect(await runCli(['media', 'migrate', '--to', to], again.io)).toBe(0);
    expect(again.stdout()).toMatch(/11 files \([\d.]+ MB\): 0 copied and verified, 11 already in/);
    // The disk files were left as they were.
    expect(filesUnder(a.config.dataDir)).toHaveLength(11);

    const otherDir = tempDir();
    const b = await instance(a.handle, {
      DEHO_MEDIA_STORAGE: to,
      ...env,
      ...(a.handle.databaseUrl !== undefined && { DATABASE_URL: a.handle.databaseUrl }),
      DEHO_DATA_DIR: otherDir,
    });
    try {
      await expectServedAlike(a.app, b.app, id);
      for (const [key, data] of imported) {
        const res = await b.app.inject(`/media/${key}`);
        expect(res.statusCode, key).toBe(200);
        expect(res.headers['content-type']).toBe(key.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg');
        expect(res.rawPayload.equals(data), key).toBe(true);
      }
      // A range across the postgres store's first window.
      await expectRangesAndRevalidation(b.app, '/media/2022/08/clip.mp4');
      expect(filesUnder(otherDir)).toEqual([]);
    } finally {
      await b.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  }

  it.runIf(hasPostgres)('moves a disk site into PostgreSQL, idempotently', async () => {
    await migrateAndServe('postgres', {});
  });

  it('moves a disk site into an S3 bucket, idempotently', async () => {
    await migrateAndServe('s3', s3.env('deho-migrated'));
  });

  it('refuses what cannot work with a clear message', async () => {
    const sqliteDir = tempDir();
    try {
      const onSqlite = cli({ DEHO_DATA_DIR: sqliteDir });
      expect(await runCli(['media', 'migrate', '--to', 'postgres'], onSqlite.io)).toBe(1);
      expect(onSqlite.stderr()).toBe(
        'deho: DEHO_MEDIA_STORAGE=postgres keeps media files in the PostgreSQL database, but this site runs on SQLite; set DATABASE_URL or use disk or s3.\n',
      );
      const served = cli({ DEHO_DATA_DIR: sqliteDir, DEHO_MEDIA_STORAGE: 'postgres' });
      expect(await runCli(['serve'], served.io)).toBe(1);
      expect(served.stderr()).toMatch(/^deho: DEHO_MEDIA_STORAGE=postgres .* needs DATABASE_URL/);

      const noBucket = cli({ DEHO_DATA_DIR: sqliteDir });
      expect(await runCli(['media', 'migrate', '--to', 's3'], noBucket.io)).toBe(1);
      expect(noBucket.stderr()).toMatch(/^deho: The s3 media store needs DEHO_S3_BUCKET/);

      const same = cli({ DEHO_DATA_DIR: sqliteDir });
      expect(await runCli(['media', 'migrate', '--to', 'disk'], same.io)).toBe(2);
      expect(same.stderr()).toMatch(/^deho: DEHO_MEDIA_STORAGE is disk already; name the store/);

      const unknown = cli({ DEHO_DATA_DIR: sqliteDir });
      expect(await runCli(['media', 'migrate', '--to', 'ftp'], unknown.io)).toBe(2);
      expect(unknown.stderr()).toMatch(/^deho: --to must be disk, postgres or s3, not "ftp"\./);
    } finally {
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    }
  });
});
