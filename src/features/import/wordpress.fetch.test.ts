import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import { createApiKey } from '../auth/index.js';
import { HTML_PAGE, png, pngBomb, polyglotJpeg } from '../../../test/helpers/images.js';
import { importWordpress, type WordpressImportOptions } from './wordpress.import.js';
import type { FetchOptions } from './wordpress.fetch.js';

/*
 * `--fetch-attachments` against a real HTTP server on this machine playing the old WordPress
 * site: good files, a redirect, a 404, a file too large, one that never answers, an HTML page
 * called .jpg, a pixel bomb, a polyglot and a redirect loop. The CLI's explicit allowance of
 * private addresses lets the real fetching code reach 127.0.0.1; the admin's path may not.
 */

const FIXTURE = path.join(projectRoot(), 'test', 'fixtures', 'wordpress', 'remote.xml');
const OLD = 'http://old-site.invalid';
const UPLOADS = '/wp-content/uploads/2023/01/';
const LIMITS = { maxBytes: 200 * 1024, maxPixels: 40_000_000 };

interface OldSite {
  origin: string;
  hits: Map<string, number>;
  maxInFlight: number;
  close(): Promise<void>;
}

/** Listens on the first free port of this worktree's range (7150–7199). */
async function listen(server: http.Server): Promise<number> {
  for (let port = 7150; port < 7200; port++) {
    const bound = await new Promise<boolean>((resolve) => {
      const failed = () => resolve(false);
      server.once('error', failed);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', failed);
        resolve(true);
      });
    });
    if (bound) return (server.address() as AddressInfo).port;
  }
  throw new Error('no free port in 7150–7199');
}

async function startOldSite(): Promise<OldSite> {
  const jpeg = await sharp({
    create: { width: 120, height: 80, channels: 3, background: '#c33' },
  })
    .jpeg()
    .toBuffer();
  const still = await png(40, 30);
  const files: Record<string, Buffer> = {
    'poster.jpg': jpeg,
    'fake.jpg': HTML_PAGE,
    'huge.png': Buffer.concat([still, Buffer.alloc(300 * 1024)]),
    'bomb.png': pngBomb(),
    'polyglot.jpg': await polyglotJpeg(),
  };
  const hits = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  const site: OldSite = { origin: '', hits, maxInFlight: 0, close: async () => undefined };
  const server = http.createServer((request, response) => {
    const url = request.url ?? '';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    inFlight++;
    site.maxInFlight = Math.max(site.maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    const name = url.startsWith(UPLOADS) ? url.slice(UPLOADS.length) : undefined;
    if (name === 'slow.png') {
      // Headers and a first byte, then nothing: the download's time limit ends it.
      response.writeHead(200, { 'content-type': 'image/png' });
      response.write(still.subarray(0, 1));
      hanging.add(response);
      return;
    }
    if (name === 'still.png') {
      response.writeHead(302, { location: '/moved/still.png' }).end();
      return;
    }
    if (name === 'loop.png') {
      response.writeHead(302, { location: url }).end();
      return;
    }
    if (url === '/moved/still.png') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(still);
      return;
    }
    const body = name === undefined ? undefined : files[name];
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const type = name?.endsWith('.png') ? 'image/png' : 'image/jpeg';
    response.writeHead(200, { 'content-type': type }).end(body);
  });
  const port = await listen(server);
  site.origin = `http://127.0.0.1:${port}`;
  site.close = () =>
    new Promise((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

describe('WordPress import: attachments downloaded from the old site', () => {
  let site: OldSite;
  let t: TestApp;
  let scratch: string;
  let exportFile: string;

  beforeAll(async () => {
    site = await startOldSite();
  });
  afterAll(async () => {
    await site.close();
  });
  beforeEach(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-12-08T00:00:00Z') });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-wp-fetch-'));
    exportFile = path.join(scratch, 'remote.xml');
    fs.writeFileSync(exportFile, fs.readFileSync(FIXTURE, 'utf8').replaceAll(OLD, site.origin));
    site.hits.clear();
    site.maxInFlight = 0;
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** As `deho import wordpress --fetch-attachments --fetch-private` does, with short limits. */
  const cliFetch: FetchOptions = {
    limits: LIMITS,
    allow: ['0.0.0.0/0', '::/0'],
    timeoutMs: 1_500,
  };
  const run = (options: Partial<WordpressImportOptions> = {}) =>
    importWordpress(t.db, t.clock, {
      file: exportFile,
      dataDir: t.handle.dataDir,
      fetch: cliFetch,
      ...options,
    });
  const url = (name: string) => `${site.origin}${UPLOADS}${name}`;

  it('downloads what the export uses, checks it as an upload, and lists every failure', async () => {
    const report = await run();

    expect(report.downloads).toEqual({
      fetched: 2,
      alreadyThere: 0,
      failed: [
        { url: url('missing.png'), reason: 'the old site answered 404' },
        { url: url('fake.jpg'), reason: expect.stringMatching(/text or HTML document/) as string },
        { url: url('huge.png'), reason: 'it is larger than the upload limit (0.2 MB)' },
        {
          url: url('slow.png'),
          reason: expect.stringMatching(/No complete answer within/) as string,
        },
        { url: url('bomb.png'), reason: expect.stringMatching(/megapixels/) as string },
        { url: url('polyglot.jpg'), reason: expect.stringMatching(/polyglot/) as string },
        { url: url('loop.png'), reason: 'more than 5 redirects' },
      ],
    });
    // A few at a time, never all nine at once.
    expect(site.maxInFlight).toBeGreaterThan(0);
    expect(site.maxInFlight).toBeLessThanOrEqual(4);
    expect(site.hits.get(`${UPLOADS}loop.png`)).toBe(6);

    const media = await t.db
      .selectFrom('media')
      .select(['id', 'path', 'bytes'])
      .orderBy('path')
      .execute();
    expect(media.map((m) => m.path)).toEqual([
      '/media/2023/01/poster.jpg',
      '/media/2023/01/still.png',
    ]);
    for (const file of ['poster.jpg', 'still.png']) {
      expect(fs.existsSync(path.join(t.handle.dataDir, 'media', '2023', '01', file))).toBe(true);
    }
    for (const file of ['fake.jpg', 'bomb.png', 'polyglot.jpg', 'huge.png']) {
      expect(fs.existsSync(path.join(t.handle.dataDir, 'media', '2023', '01', file))).toBe(false);
    }
    // The scratch folder of the downloads is gone.
    expect(
      fs.readdirSync(path.join(t.handle.dataDir, 'tmp')).filter((d) => d.startsWith('fetch-')),
    ).toEqual([]);

    // The body points at the new addresses; the featured image is the downloaded poster.
    const article = await t.db
      .selectFrom('articles')
      .select(['body', 'feature_image_id'])
      .where('slug', '=', 'photos-from-the-set')
      .executeTakeFirstOrThrow();
    expect(article.body).toContain('"/media/2023/01/poster.jpg"');
    expect(article.body).toContain('"/media/2023/01/still.png"');
    expect(article.body).not.toContain(`${UPLOADS}poster.jpg`);
    expect(article.feature_image_id).toBe(media.find((m) => m.path.endsWith('poster.jpg'))?.id);
    // The link to the file that is gone stays as it was.
    expect(article.body).toContain(url('missing.png'));

    // Each attachment that could not be brought is skipped, with its address and the reason.
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        {
          item: 'attachment 703 "missing"',
          reason: `${url('missing.png')} could not be downloaded: the old site answered 404`,
        },
        {
          item: 'attachment 704 "fake"',
          reason: expect.stringMatching(/fake\.jpg could not be downloaded: .*HTML/) as string,
        },
      ]),
    );

    const page = await t.app.inject({ url: '/news/photos-from-the-set' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/media/2023/01/poster.jpg');
    const file = await t.app.inject({ url: '/media/2023/01/poster.jpg' });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('fetches nothing again on a second import: what is there stays', async () => {
    await run();
    const first = new Map(site.hits);
    const again = await run();
    expect(again.downloads?.fetched).toBe(0);
    expect(again.downloads?.alreadyThere).toBe(2);
    expect(site.hits.get(`${UPLOADS}poster.jpg`)).toBe(first.get(`${UPLOADS}poster.jpg`));
    expect(site.hits.get('/moved/still.png')).toBe(first.get('/moved/still.png'));
    expect(again.counts.media).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await t.db.selectFrom('media').select('id').execute()).toHaveLength(2);
  });

  it('takes a file from --uploads rather than the old site', async () => {
    const uploads = path.join(scratch, 'uploads');
    fs.mkdirSync(path.join(uploads, '2023', '01'), { recursive: true });
    fs.writeFileSync(path.join(uploads, '2023', '01', 'poster.jpg'), await png(10, 10));
    const report = await run({ uploadsDir: uploads });
    expect(site.hits.get(`${UPLOADS}poster.jpg`)).toBeUndefined();
    expect(report.downloads).toMatchObject({ fetched: 1, alreadyThere: 1 });
  });

  it('refuses private addresses unless they are allowed', async () => {
    const report = await run({ fetch: { ...cliFetch, allow: [] } });
    expect(site.hits.size).toBe(0);
    expect(report.downloads?.failed).toHaveLength(9);
    for (const failure of report.downloads?.failed ?? []) {
      expect(failure.reason).toBe('127.0.0.1 is a private or local address.');
    }
    expect(report.counts.articles.created).toBe(1);
  });

  it('from the admin, downloads public files only: the old site on 127.0.0.1 is refused', async () => {
    const key = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/imports/wordpress?fetch_attachments=true',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: fs.readFileSync(exportFile),
    });
    expect(res.statusCode).toBe(200);
    const report = res.json<{
      import: { downloads: { fetched: number; failed: { url: string; reason: string }[] } };
    }>().import;
    expect(site.hits.size).toBe(0);
    expect(report.downloads.fetched).toBe(0);
    expect(report.downloads.failed.map((f) => f.reason)).toEqual(
      Array.from({ length: 9 }, () => '127.0.0.1 is a private or local address.'),
    );
    // The admin screen's answer says how the downloads go, file by file, before the import.
    const progress = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/imports/wordpress/progress?fetch_attachments=true',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: fs.readFileSync(exportFile),
    });
    const lines = progress.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; done?: number; total?: number });
    const downloads = lines.filter((line) => line.type === 'downloads');
    expect(downloads[0]).toEqual({ type: 'downloads', done: 0, total: 9 });
    expect(downloads.at(-1)).toEqual({ type: 'downloads', done: 9, total: 9 });
    expect(lines.findIndex((line) => line.type === 'downloads' && line.done === 9)).toBeLessThan(
      lines.findIndex((line) => line.type === 'progress'),
    );
    expect(lines.at(-1)?.type).toBe('done');
    expect(site.hits.size).toBe(0);

    // Without the option, nothing is downloaded and the report has no downloads.
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/imports/wordpress',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: fs.readFileSync(exportFile),
    });
    expect(plain.json<{ import: { downloads?: unknown } }>().import.downloads).toBeUndefined();
  });
});
