import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { widthsFor } from './media.images.js';
import {
  BASE,
  GPS_MARK,
  HTML_PAGE,
  jpegWithExif,
  multipart,
  png,
  pngBomb,
  polyglotJpeg,
  staffHeaders,
  storedFiles,
  SVG_WITH_SCRIPT,
  type Who,
} from './media.test-support.js';

/*
 * Uploads through the real app: a good photo becomes every size in three formats, upright and
 * without its EXIF; hostile files are refused with a clear message and leave nothing behind.
 */

interface ApiMedia {
  id: number;
  filename: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  url: string;
  created_by: { id: number; name: string } | null;
  renditions: { width: number; avif: string; webp: string; jpeg: string }[];
}

describe('media uploads', () => {
  let t: TestApp;
  let owner: Who;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, env: { DEHO_UPLOAD_MAX_MB: '2' } });
    ({ owner } = await staffHeaders(t));
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (file: Parameters<typeof multipart>[0], fields = {}, who: Who = owner) => {
    const body = multipart(file, fields);
    return t.app.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { ...who, ...body.headers },
      payload: body.payload,
    });
  };
  const rowCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('renders a photo in every width as AVIF, WebP and JPEG, upright, without EXIF', async () => {
    const original = await jpegWithExif(1500, 1000);
    expect(original.toString('latin1')).toContain(GPS_MARK);
    const res = await upload(
      { name: '../../etc/\u202Egpj.exe\u202C photo.JPG', type: 'image/jpeg', bytes: original },
      { alt: 'Lee Jae-wook at the script reading' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const media = res.json<{ media: ApiMedia }>().media;
    // Orientation 6: 1500 × 1000 pixels shown as 1000 wide, 1500 high.
    expect([media.width, media.height]).toEqual([1000, 1500]);
    expect(media.renditions.map((r) => r.width)).toEqual([320, 640, 960, 1000]);
    expect(media.filename).toBe('gpj.exe photo.JPG');
    expect(media.alt).toBe('Lee Jae-wook at the script reading');
    expect(media.mime).toBe('image/jpeg');
    expect(media.created_by?.name).toBe('owner');
    expect(media.url).toBe(`http://deho.test/media/${media.id}/1000.jpg`);

    for (const r of media.renditions) {
      for (const [url, type, format] of [
        [r.avif, 'image/avif', 'heif'],
        [r.webp, 'image/webp', 'webp'],
        [r.jpeg, 'image/jpeg', 'jpeg'],
      ] as const) {
        const file = await t.app.inject(url.replace('http://deho.test', ''));
        expect(file.statusCode, url).toBe(200);
        expect(file.headers['content-type']).toBe(type);
        expect(file.headers['x-content-type-options']).toBe('nosniff');
        expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        const meta = await sharp(file.rawPayload).metadata();
        expect(meta.format).toBe(format);
        expect(meta.width).toBe(r.width);
        expect(meta.width).toBeLessThan(meta.height);
        expect(meta.exif, `${url} keeps EXIF`).toBeUndefined();
        expect(meta.orientation).toBeUndefined();
        const text = file.rawPayload.toString('latin1');
        expect(text).not.toContain(GPS_MARK);
        expect(text).not.toContain('DehoTestCam');
      }
    }
    const jpeg = await t.app.inject(`/media/${media.id}/1000.jpg`);
    expect(media.bytes).toBe(jpeg.rawPayload.length);
  });

  it('renders the ladder below an image and its own width, at most 1920', () => {
    expect(widthsFor(5000)).toEqual([320, 640, 960, 1280, 1920]);
    expect(widthsFor(1920)).toEqual([320, 640, 960, 1280, 1920]);
    expect(widthsFor(1000)).toEqual([320, 640, 960, 1000]);
    expect(widthsFor(320)).toEqual([320]);
    expect(widthsFor(12)).toEqual([12]);
  });

  it('never scales a small image up', async () => {
    const res = await upload({ name: 'icon.png', type: 'image/png', bytes: await png(500, 300) });
    expect(res.statusCode, res.body).toBe(201);
    const media = res.json<{ media: ApiMedia }>().media;
    expect(media.renditions.map((r) => r.width)).toEqual([320, 500]);
    expect([media.width, media.height]).toEqual([500, 300]);
    const missing = await t.app.inject(`/media/${media.id}/640.webp`);
    expect(missing.statusCode).toBe(404);
  });

  it('judges by content: a PNG named .jpg is a PNG, an HTML page named .jpg is refused', async () => {
    const renamed = await upload({
      name: 'photo.jpg',
      type: 'image/jpeg',
      bytes: await png(40, 40),
    });
    expect(renamed.statusCode, renamed.body).toBe(201);

    const before = storedFiles(t.config.dataDir);
    const rows = await rowCount();
    const html = await upload({ name: 'photo.jpg', type: 'image/jpeg', bytes: HTML_PAGE });
    expect(html.statusCode).toBe(415);
    expect(html.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringContaining('HTML document') as string,
    });
    expect(await rowCount()).toBe(rows);
    expect(storedFiles(t.config.dataDir)).toEqual(before);
  });

  const hostile: [string, () => Promise<Buffer> | Buffer, string, number, RegExp][] = [
    ['an SVG with a script', () => SVG_WITH_SCRIPT, 'image/svg+xml', 415, /SVG/],
    ['a JPEG/HTML polyglot', polyglotJpeg, 'image/jpeg', 415, /markup/],
    ['a decompression-bomb PNG', pngBomb, 'image/png', 413, /50000 × 50000 pixels.*40 megapixels/],
    [
      'a truncated JPEG',
      async () => (await jpegWithExif(300, 200)).subarray(0, 400),
      'image/jpeg',
      415,
      /damaged/,
    ],
    [
      'random bytes',
      () => Buffer.from('not an image at all, just words'),
      'image/gif',
      415,
      /not an image/,
    ],
  ];
  for (const [what, make, type, status, message] of hostile) {
    it(`refuses ${what} with a clear message and stores nothing`, async () => {
      const before = storedFiles(t.config.dataDir);
      const rows = await rowCount();
      const res = await upload({ name: 'upload.png', type, bytes: await make() });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(message);
      expect(await rowCount()).toBe(rows);
      expect(storedFiles(t.config.dataDir)).toEqual(before);
    });
  }

  it('refuses a file over the size limit with 413 and says the limit', async () => {
    const rows = await rowCount();
    const big = Buffer.concat([await png(20, 20), Buffer.alloc(3 * 1024 * 1024)]);
    const res = await upload({ name: 'big.png', type: 'image/png', bytes: big });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('2 MB');
    expect(await rowCount()).toBe(rows);
  });

  it('asks for multipart when sent raw bytes or JSON, and for a file when there is none', async () => {
    const raw = await t.app.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { ...owner, 'content-type': 'image/png' },
      payload: await png(10, 10),
    });
    expect(raw.statusCode).toBe(415);
    expect(raw.json<{ error: { message: string } }>().error.message).toContain('multipart');
    const json = await t.app.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: owner,
      payload: { media: { url: 'https://example.com/a.png' } },
    });
    expect(json.statusCode).toBe(415);
    const empty = await upload(undefined, { alt: 'nothing' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { message: string } }>().error.message).toContain('"file"');
  });

  it('refuses anonymous uploads before reading them', async () => {
    const rows = await rowCount();
    const res = await upload(
      { name: 'a.png', type: 'image/png', bytes: await png(10, 10) },
      {},
      {},
    );
    expect(res.statusCode).toBe(401);
    expect(await rowCount()).toBe(rows);
  });
});
