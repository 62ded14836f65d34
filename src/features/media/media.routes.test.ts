import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { BASE, multipart, png, staffHeaders, storedFiles, type Who } from './media.test-support.js';

/*
 * The library after upload: list, search, alt text and focal point (validated), who may change
 * and delete what, and the reader page that shows a library image as <picture>.
 */

interface ApiMedia {
  id: number;
  filename: string;
  alt: string;
  focal: { x: number; y: number } | null;
  width: number;
  height: number;
}

describe('the media library', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof staffHeaders>>;
  const ids: Record<string, number> = {};

  const call = (method: 'GET' | 'PATCH' | 'DELETE', url: string, headers: Who, payload?: object) =>
    t.app.inject({ method, url: BASE + url, headers, ...(payload && { payload }) });

  const upload = async (name: string, alt: string, headers: Who, width = 400) => {
    const body = multipart({ name, type: 'image/png', bytes: await png(width, 200) }, { alt });
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ media: ApiMedia }>().media.id;
  };

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    who = await staffHeaders(t);
    ids.poster = await upload('poster.png', 'The drama poster', who.owner);
    ids.reading = await upload('script-reading.png', 'Cast at the script reading', who.writer);
    ids.set = await upload('on-set.png', '', who.contributor);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists newest first with pagination, and finds by file name or alt text', async () => {
    const all = await call('GET', '/media?limit=2', who.author);
    expect(all.statusCode).toBe(200);
    const body = all.json<{ media: ApiMedia[]; meta: { pagination: object } }>();
    expect(body.media.map((m) => m.id)).toEqual([ids.set, ids.reading]);
    expect(body.meta.pagination).toEqual({ page: 1, limit: 2, pages: 2, total: 3 });
    const byAlt = await call('GET', '/media?q=SCRIPT%20READING', who.author);
    expect(byAlt.json<{ media: ApiMedia[] }>().media.map((m) => m.id)).toEqual([ids.reading]);
    const byName = await call('GET', '/media?q=poster.png', who.author);
    expect(byName.json<{ media: ApiMedia[] }>().media.map((m) => m.id)).toEqual([ids.poster]);
    // LIKE wildcards are plain characters in a search.
    const wildcard = await call('GET', '/media?q=%25', who.author);
    expect(wildcard.json<{ media: ApiMedia[] }>().media).toEqual([]);
  });

  it('sets alt text and focal point, and refuses a focal point outside 0..1', async () => {
    const ok = await call('PATCH', `/media/${ids.poster}`, who.owner, {
      media: { alt: '  Lee Jae-wook on the poster ', focal: { x: 0.3, y: 0.72 } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ media: ApiMedia }>().media).toMatchObject({
      alt: 'Lee Jae-wook on the poster',
      focal: { x: 0.3, y: 0.72 },
    });
    for (const focal of [
      { x: 1.2, y: 0.5 },
      { x: 0.5, y: -0.1 },
      { x: 0.5 },
      { x: '0.5', y: 0.5 },
    ]) {
      const bad = await call('PATCH', `/media/${ids.poster}`, who.owner, { media: { focal } });
      expect(bad.statusCode, JSON.stringify(focal)).toBe(400);
      expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
    const long = await call('PATCH', `/media/${ids.poster}`, who.owner, {
      media: { alt: 'x'.repeat(1001) },
    });
    expect(long.statusCode).toBe(400);
    const empty = await call('PATCH', `/media/${ids.poster}`, who.owner, { media: {} });
    expect(empty.statusCode).toBe(400);
    const stored = await call('GET', `/media/${ids.poster}`, who.contributor);
    expect(stored.json<{ media: ApiMedia }>().media.focal).toEqual({ x: 0.3, y: 0.72 });
    const cleared = await call('PATCH', `/media/${ids.poster}`, who.owner, {
      media: { focal: null },
    });
    expect(cleared.json<{ media: ApiMedia }>().media.focal).toBeNull();
  });

  it('lets writers change their own uploads and editors anybody’s', async () => {
    const alt = { media: { alt: 'Changed' } };
    // A contributor signed in changes their own upload, not the owner's.
    expect((await call('PATCH', `/media/${ids.reading}`, who.writer, alt)).statusCode).toBe(200);
    const other = await call('PATCH', `/media/${ids.poster}`, who.writer, alt);
    expect(other.statusCode).toBe(403);
    expect(other.json<{ error: { message: string } }>().error.message).toContain('you uploaded');
    // Keys own nothing: an author key may not change an upload, an editor key may.
    expect((await call('PATCH', `/media/${ids.reading}`, who.author, alt)).statusCode).toBe(403);
    expect((await call('PATCH', `/media/${ids.reading}`, who.editor, alt)).statusCode).toBe(200);
    expect((await call('GET', '/media', who.moderator)).statusCode).toBe(403);
    expect((await call('GET', '/media', {})).statusCode).toBe(401);
    expect((await call('DELETE', `/media/${ids.poster}`, who.writer)).statusCode).toBe(403);
  });

  it('shows a library image in an article as <picture>, and follows alt and focal changes', async () => {
    await call('PATCH', `/media/${ids.poster}`, who.owner, {
      media: { alt: 'Poster of Alchemy of Souls', focal: { x: 0.3, y: 0.72 } },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: `${BASE}/articles`,
      headers: who.owner,
      payload: {
        article: {
          title: 'Poster revealed',
          status: 'published',
          body: [
            { type: 'paragraph', content: [{ text: 'The poster is out.' }] },
            { type: 'image', mediaId: ids.poster, src: '/media/x.jpg', alt: '' },
          ],
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await t.app.inject('/news/poster-revealed');
    expect(page.statusCode).toBe(200);
    const picture = /<picture>.*?<\/picture>/s.exec(page.body)?.[0] ?? '';
    const id = ids.poster;
    expect(picture).toContain(
      `<source type="image/avif" srcset="/media/${id}/320.avif 320w, /media/${id}/400.avif 400w" sizes="(min-width: 44rem) 42rem, 100vw"/>`,
    );
    expect(picture).toContain(`type="image/webp" srcset="/media/${id}/320.webp 320w`);
    expect(picture).toMatch(
      new RegExp(
        `<img src="/media/${id}/400.jpg" srcset="/media/${id}/320.jpg 320w, /media/${id}/400.jpg 400w" sizes="[^"]+" alt="Poster of Alchemy of Souls" width="400" height="200" class="fx-30 fy-70" loading="lazy" decoding="async"/>`,
      ),
    );
    expect(page.body).not.toContain('/media/x.jpg');
    for (const url of picture.match(/\/media\/\d+\/\d+\.(?:avif|webp|jpg)/g) ?? []) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }

    // The page is cached; a new alt text reaches it at once.
    await call('PATCH', `/media/${ids.poster}`, who.owner, { media: { alt: 'New words' } });
    const again = await t.app.inject('/news/poster-revealed');
    expect(again.body).toContain('alt="New words"');

    // Deleted: the files go, the row goes, and the page shows no broken image.
    const before = storedFiles(t.config.dataDir).filter((f) => f.includes(`library/${id}/`));
    expect(before).toHaveLength(6);
    expect((await call('DELETE', `/media/${id}`, who.editor)).statusCode).toBe(204);
    expect(fs.existsSync(path.join(t.config.dataDir, 'media', 'library', String(id)))).toBe(false);
    expect((await t.app.inject(`/media/${id}/400.jpg`)).statusCode).toBe(404);
    expect((await call('GET', `/media/${id}`, who.owner)).statusCode).toBe(404);
    const after = await t.app.inject('/news/poster-revealed');
    expect(after.body).not.toContain('<picture>');
    expect(after.body).toContain('The poster is out.');
  });

  it('lets a writer delete their own upload, and answers 404 for one that does not exist', async () => {
    expect((await call('DELETE', `/media/${ids.reading}`, who.writer)).statusCode).toBe(204);
    expect((await call('DELETE', `/media/${ids.reading}`, who.writer)).statusCode).toBe(404);
  });

  it('still serves the demo and imported files under /media/', async () => {
    const dir = path.join(t.config.dataDir, 'media', '2022', '08');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '640.jpg'), await png(4, 4));
    expect((await t.app.inject('/media/2022/08/640.jpg')).statusCode).toBe(200);
  });
});
