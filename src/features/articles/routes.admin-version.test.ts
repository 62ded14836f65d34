import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * Writes that must not lose anything: a save based on an old version is refused (409) instead of
 * overwriting newer text, marks survive the round trip, and the feature image is chosen from the
 * media library and shown as <picture> (hero: eager, high priority; lists: lazy) while og:image
 * and the feeds keep the largest JPEG.
 */

interface ApiArticle {
  id: number;
  slug: string;
  title: string;
  updated_at: string;
  body: unknown[];
  feature_image: {
    id: number;
    src: string;
    alt: string;
    width: number | null;
    height: number | null;
    focal: { x: number; y: number } | null;
  } | null;
}

describe('Admin API: versions, marks and the feature image', () => {
  let t: TestApp;
  let key = '';
  let mediaId = 0;

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
  const article = async (id: number) =>
    (await send('GET', `/articles/${id}`)).json<{ article: ApiArticle }>().article;
  const revisions = async (id: number) =>
    Number(
      (
        await t.db
          .selectFrom('article_revisions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('article_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    // A fixed clock: two saves in the same millisecond must still be two versions.
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'editor', role: 'editor' })).key;
    // A library item as an upload leaves it: renditions at three widths, path = largest JPEG.
    const row = await t.db
      .insertInto('media')
      .values({
        path: '/media/pending/feature',
        mime: 'image/jpeg',
        width: 1280,
        height: 720,
        alt: 'Lee Jae-wook on set',
        created_at: '2026-11-26T10:00:00.000Z',
        widths: '320,640,1280',
        focal_x: 0.3,
        focal_y: 0.7,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    mediaId = row.id;
    await t.db
      .updateTable('media')
      .set({ path: `/media/${mediaId}/1280.jpg` })
      .where('id', '=', mediaId)
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a save based on an old version with 409 and keeps the newer text', async () => {
    const created = await send('POST', '/articles', { article: { title: 'First words' } });
    expect(created.statusCode).toBe(201);
    const v0 = created.json<{ article: ApiArticle }>().article;

    // Tab A saves on v0: accepted, and the version moves on although the clock stands still.
    const a = await send('PATCH', `/articles/${v0.id}`, {
      article: { title: 'Newer words from tab A', updated_at: v0.updated_at },
    });
    expect(a.statusCode, a.body).toBe(200);
    const v1 = a.json<{ article: ApiArticle }>().article;
    expect(v1.updated_at > v0.updated_at).toBe(true);
    const revisionsBefore = await revisions(v0.id);

    // Tab B still holds v0: refused, nothing written, not even a revision.
    const b = await send('PATCH', `/articles/${v0.id}`, {
      article: { title: 'Older words from tab B', updated_at: v0.updated_at },
    });
    expect(b.statusCode).toBe(409);
    const error = b.json<{ error: { code: string; message: string; property: string } }>().error;
    expect(error).toMatchObject({ code: 'conflict', property: 'updated_at' });
    expect(error.message).toMatch(/changed elsewhere/);
    expect((await article(v0.id)).title).toBe('Newer words from tab A');
    expect(await revisions(v0.id)).toBe(revisionsBefore);

    // With the current version, or deliberately without one, the save goes through.
    const next = await send('PATCH', `/articles/${v0.id}`, {
      article: { title: 'Tab B, after reloading', updated_at: v1.updated_at },
    });
    expect(next.statusCode).toBe(200);
    const overwrite = await send('PATCH', `/articles/${v0.id}`, {
      article: { title: 'Overwritten on purpose' },
    });
    expect(overwrite.statusCode).toBe(200);
    expect(await revisions(v0.id)).toBe(revisionsBefore + 2);
    const bad = await send('PATCH', `/articles/${v0.id}`, {
      article: { title: 'x', updated_at: 42 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps bold, italic, links and mentions through a save and a read', async () => {
    const person = await t.db.selectFrom('people').select('id').executeTakeFirstOrThrow();
    const body = [
      {
        type: 'paragraph',
        content: [
          { text: 'Watch ' },
          { text: 'this', marks: ['bold'] },
          { text: ' clip', marks: ['bold', 'italic'], href: 'https://example.com/clip' },
          { text: ' with ' },
          { text: 'Lee Jae-wook', mention: { type: 'person', id: person.id } },
        ],
      },
    ];
    const created = await send('POST', '/articles', { article: { title: 'Marks', body } });
    const { id, updated_at } = created.json<{ article: ApiArticle }>().article;
    expect((await article(id)).body).toEqual(body);
    const res = await send('PATCH', `/articles/${id}`, { article: { body, updated_at } });
    expect(res.statusCode).toBe(200);
    expect((await article(id)).body).toEqual(body);
  });

  it('sets, checks and removes the feature image from the library', async () => {
    const created = await send('POST', '/articles', {
      article: { title: 'With a picture', feature_image_id: mediaId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json<{ article: ApiArticle }>().article;
    expect(a.feature_image).toEqual({
      id: mediaId,
      src: `http://deho.test/media/${mediaId}/1280.jpg`,
      alt: 'Lee Jae-wook on set',
      width: 1280,
      height: 720,
      focal: { x: 0.3, y: 0.7 },
    });
    const missing = await send('PATCH', `/articles/${a.id}`, {
      article: { title: 'Changed', feature_image_id: 999_999 },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      error: { code: 'validation_failed', property: 'feature_image_id' },
    });
    const unchanged = await article(a.id);
    expect(unchanged.title).toBe('With a picture');
    expect(unchanged.feature_image?.id).toBe(mediaId);
    const removed = await send('PATCH', `/articles/${a.id}`, {
      article: { feature_image_id: null },
    });
    expect(removed.json<{ article: ApiArticle }>().article.feature_image).toBeNull();
    const bad = await send('PATCH', `/articles/${a.id}`, { article: { feature_image_id: 'x' } });
    expect(bad.statusCode).toBe(400);
  });

  it('renders the hero as an eager, high-priority <picture> and list cards lazily', async () => {
    const created = await send('POST', '/articles', {
      article: {
        title: 'Hero picture story',
        status: 'published',
        published_at: '2026-11-26T11:59:00Z',
        feature_image_id: mediaId,
      },
    });
    const { slug } = created.json<{ article: ApiArticle }>().article;
    const page = await t.app.inject(`/news/${slug}`);
    expect(page.statusCode).toBe(200);
    const hero =
      /<picture>(?:(?!<\/picture>)[\s\S])*class="article__image[^"]*"[\s\S]*?<\/picture>/.exec(
        page.body,
      )?.[0];
    expect(hero, 'hero <picture>').toBeDefined();
    expect(hero).toContain(`<source type="image/avif" srcset="/media/${mediaId}/320.avif 320w`);
    expect(hero).toContain('type="image/webp"');
    expect(hero).toMatch(/<img [^>]*width="1280"[^>]*height="720"/);
    expect(hero).toMatch(/loading="eager"/);
    expect(hero).toMatch(/fetchpriority="high"/);
    expect(hero).toMatch(/class="article__image fx-30 fy-70"/);
    expect(page.body).toContain(
      `<meta property="og:image" content="http://deho.test/media/${mediaId}/1280.jpg"`,
    );

    const home = await t.app.inject('/');
    const card = new RegExp(
      `<picture>(?:(?!</picture>)[\\s\\S])*/media/${mediaId}/(?:(?!</picture>)[\\s\\S])*</picture>`,
    ).exec(home.body)?.[0];
    expect(card, 'card <picture>').toBeDefined();
    expect(card).toMatch(/class="card__image fx-30 fy-70"/);
    expect(card).toMatch(/loading="lazy"/);
    expect(card).not.toMatch(/fetchpriority/);

    const feed = await t.app.inject('/feed.json');
    const item = feed
      .json<{ items: { title: string; image?: string }[] }>()
      .items.find((i) => i.title === 'Hero picture story');
    expect(item?.image).toBe(`http://deho.test/media/${mediaId}/1280.jpg`);
  });
});
