import fs from 'node:fs';
import path from 'node:path';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';
import { Body, type BodyContext } from './block-views.js';
import type { Block, Span } from './blocks.js';

/*
 * Mention spans are an article's entity links: saving creates and removes the 'linker' links
 * (so person and show pages list the article, through the page cache), rejections are kept with
 * the article, and the reader page links only the first mention of each entity.
 */

const FIXTURE = fs.readFileSync(
  path.join(import.meta.dirname, '../../../test/fixtures/bts-article.txt'),
  'utf8',
);
const PARAGRAPHS = FIXTURE.split('\n')
  .slice(1)
  .map((line) => line.trim())
  .filter((line) => line !== '');

interface Detected {
  type: 'show' | 'person' | 'character' | 'group' | 'event';
  id: number;
  start: number;
  end: number;
}

interface ApiArticle {
  id: number;
  slug: string;
  body: Block[];
  people: { slug: string }[];
  rejected_mentions: { type: string; id: number }[];
}

describe('mention spans become the article’s links', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let lee: number;
  let go: number;
  let arin: number;
  let show: number;
  /** What the linker finds in each paragraph of the fixture. */
  let found: Detected[][];

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
    const key = await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' });
    auth = { authorization: `Bearer ${key.key}` };
    const person = async (slug: string) =>
      (await t.db.selectFrom('people').select('id').where('slug', '=', slug).executeTakeFirst())
        ?.id ?? -1;
    lee = await person('lee-jae-wook');
    go = await person('go-yoon-jung');
    arin = await person('arin');
    show =
      (
        await t.db
          .selectFrom('shows')
          .select('id')
          .where('slug', '=', 'alchemy-of-souls')
          .executeTakeFirst()
      )?.id ?? -1;
    found = [];
    for (const text of PARAGRAPHS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/entities/detect',
        headers: auth,
        payload: { text },
      });
      expect(res.statusCode).toBe(200);
      found.push(res.json<{ mentions: Detected[] }>().mentions);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  /** The fixture's paragraphs with every detected mention of the given entities as a span. */
  const bodyMentioning = (refs: { type: Detected['type']; id: number }[]): Block[] =>
    PARAGRAPHS.map((text, i) => {
      const hits = (found[i] ?? [])
        .filter((m) => refs.some((r) => r.type === m.type && r.id === m.id))
        .sort((a, b) => a.start - b.start);
      const content: Span[] = [];
      let at = 0;
      for (const m of hits) {
        if (m.start > at) content.push({ text: text.slice(at, m.start) });
        content.push({ text: text.slice(m.start, m.end), mention: { type: m.type, id: m.id } });
        at = m.end;
      }
      if (at < text.length) content.push({ text: text.slice(at) });
      return { type: 'paragraph', content };
    });

  const write = (method: 'POST' | 'PATCH', url: string, article: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/admin/v1${url}`, headers: auth, payload: { article } });

  const links = async (id: number) => ({
    people: await t.db
      .selectFrom('article_people')
      .select(['person_id', 'source'])
      .where('article_id', '=', id)
      .orderBy('person_id')
      .execute(),
    shows: await t.db
      .selectFrom('article_shows')
      .select(['show_id', 'source'])
      .where('article_id', '=', id)
      .execute(),
  });

  const page = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    return res.body;
  };
  const count = (html: string, needle: string) => html.split(needle).length - 1;

  let articleId: number;
  const TITLE = 'Linker test: the kiss scene, mention by mention';

  it('saving the fixture with Lee Jae-wook’s mentions links him, and the page links him once', async () => {
    const leeMentions = found.flat().filter((m) => m.type === 'person' && m.id === lee);
    expect(leeMentions.length).toBeGreaterThanOrEqual(8);
    // The show page is cached before the article exists.
    expect(await page('/shows/alchemy-of-souls')).not.toContain(TITLE);
    const cached = await t.app.inject({ method: 'GET', url: '/shows/alchemy-of-souls' });
    expect(cached.headers['x-cache']).toBe('hit');

    const res = await write('POST', '/articles', {
      title: TITLE,
      slug: 'linker-test',
      status: 'published',
      body: bodyMentioning([
        { type: 'person', id: lee },
        { type: 'show', id: show },
      ]),
    });
    expect(res.statusCode, res.body).toBe(201);
    const article = res.json<{ article: ApiArticle }>().article;
    articleId = article.id;
    expect(article.people.map((p) => p.slug)).toEqual(['lee-jae-wook']);
    expect(await links(articleId)).toEqual({
      people: [{ person_id: lee, source: 'linker' }],
      shows: [{ show_id: show, source: 'linker' }],
    });

    const html = await page('/news/linker-test');
    const prose = html.slice(html.indexOf('<div class="prose">'));
    // Every mention is in the body; only the first of each entity is a link.
    expect(count(prose, 'Lee Jae')).toBeGreaterThanOrEqual(leeMentions.length);
    expect(count(html, 'class="mention" href="/people/lee-jae-wook"')).toBe(1);
    expect(count(html, 'class="mention" href="/shows/alchemy-of-souls"')).toBe(1);
    expect(count(html, 'class="mention"')).toBe(2);
    // The first mention is the linked one.
    expect(prose.indexOf('class="mention" href="/people/lee-jae-wook"')).toBeLessThan(
      prose.indexOf('Lee Jae'),
    );

    // The person and show pages list it; the cached show page was dropped.
    expect(await page('/people/lee-jae-wook')).toContain(TITLE);
    expect(await page('/shows/alchemy-of-souls')).toContain(TITLE);
  });

  it('follows the mentions on every save and leaves links made by hand alone', async () => {
    await t.db
      .insertInto('article_people')
      .values({ article_id: articleId, person_id: go, source: 'manual' })
      .execute();
    const res = await write('PATCH', `/articles/${articleId}`, {
      body: bodyMentioning([
        { type: 'person', id: go },
        { type: 'person', id: arin },
      ]),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await links(articleId)).toEqual({
      people: [
        { person_id: go, source: 'manual' },
        { person_id: arin, source: 'linker' },
      ].sort((a, b) => a.person_id - b.person_id),
      shows: [],
    });
    expect(await page('/people/lee-jae-wook')).not.toContain(TITLE);
    expect(await page('/shows/alchemy-of-souls')).not.toContain(TITLE);
    expect(await page('/people/arin')).toContain(TITLE);

    // A change that does not send a body keeps the links.
    expect((await write('PATCH', `/articles/${articleId}`, { dek: 'New dek' })).statusCode).toBe(
      200,
    );
    expect((await links(articleId)).people).toHaveLength(2);

    await write('PATCH', `/articles/${articleId}`, { body: bodyMentioning([]) });
    expect(await links(articleId)).toEqual({
      people: [{ person_id: go, source: 'manual' }],
      shows: [],
    });
  });

  it('refuses a mention of an entity that does not exist, writing nothing', async () => {
    const before = await t.db
      .selectFrom('articles')
      .select('body')
      .where('id', '=', articleId)
      .executeTakeFirstOrThrow();
    for (const id of [999_999, 2 ** 40]) {
      const body = [
        { type: 'paragraph', content: [{ text: 'Nobody', mention: { type: 'person', id } }] },
      ];
      const created = await write('POST', '/articles', { title: 'Ghost', body });
      expect(created.statusCode).toBe(400);
      expect(created.json<{ error: { message: string } }>().error.message).toContain('"Nobody"');
      expect((await write('PATCH', `/articles/${articleId}`, { body })).statusCode).toBe(400);
    }
    expect(
      await t.db.selectFrom('articles').select('id').where('title', '=', 'Ghost').execute(),
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom('articles')
        .select('body')
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
  });

  it('keeps the rejected suggestions with the article', async () => {
    const url = `/api/admin/v1/articles/${articleId}`;
    const read = async () =>
      (await t.app.inject({ method: 'GET', url, headers: auth })).json<{ article: ApiArticle }>()
        .article.rejected_mentions;
    expect(await read()).toEqual([]);
    // Listed oldest first, then by kind and id.
    const rejected = [
      { type: 'group', id: 1 },
      { type: 'person', id: arin },
    ];
    expect(
      (await write('PATCH', `/articles/${articleId}`, { rejected_mentions: rejected })).statusCode,
    ).toBe(200);
    expect(await read()).toEqual(rejected);
    // Saving without the field keeps them; sending it replaces them.
    await write('PATCH', `/articles/${articleId}`, { title: TITLE });
    expect(await read()).toEqual(rejected);
    await write('PATCH', `/articles/${articleId}`, {
      rejected_mentions: [{ type: 'group', id: 1 }],
    });
    expect(await read()).toEqual([{ type: 'group', id: 1 }]);
    const bad = await write('PATCH', `/articles/${articleId}`, {
      rejected_mentions: [{ type: 'planet', id: 1 }],
    });
    expect(bad.statusCode).toBe(400);
    // The Content API does not show them.
    const content = await t.app.inject({
      method: 'GET',
      url: `/api/content/v1/articles/${articleId}`,
    });
    expect(content.body).not.toContain('rejected_mentions');
  });
});

describe('the reader page links the first mention of each entity', () => {
  const ctx: BodyContext = {
    videos: new Map(),
    episodes: new Map(),
    media: new Map(),
    now: '2026-11-26T12:00:00.000Z',
    mentionTags: [],
    // Entity 404 was deleted: its mentions are text, and the next mention of nothing is linked.
    mentionPath: (type, id) => (id === 404 ? undefined : `/${type}/${id}`),
  };
  const show = { type: 'show' as const, id: 1 };
  const person = { type: 'person' as const, id: 2 };
  const links = (blocks: Block[]) =>
    [
      ...renderToString(h(Body, { blocks, ctx })).matchAll(
        /<a class="mention" href="([^"]+)">(.*?)<\/a>/g,
      ),
    ].map((m) => `${m[1]} ${m[2]}`);

  it('links every piece of the first mention and none of the later ones, in reading order', () => {
    expect(
      links([
        {
          type: 'heading',
          level: 2,
          content: [{ text: 'Ghost', mention: { type: 'person', id: 404 } }],
        },
        {
          type: 'paragraph',
          content: [
            { text: 'Alchemy', marks: ['bold'], mention: show },
            { text: ' of Souls', mention: show },
            { text: ' with ' },
            { text: 'Lee', mention: person },
            { text: ' and ' },
            { text: 'Alchemy of Souls', mention: show },
          ],
        },
        { type: 'list', ordered: false, items: [[{ text: 'Lee Jae-wook', mention: person }]] },
        { type: 'video', videoId: 1, caption: [{ text: 'Part 2', mention: show }] },
      ]),
    ).toEqual(['/show/1 <strong>Alchemy</strong>', '/show/1  of Souls', '/person/2 Lee']);
  });

  it('counts a gallery picture’s caption in reading order', () => {
    expect(
      links([
        {
          type: 'gallery',
          images: [
            { src: '/media/a.jpg', alt: 'On set', caption: [{ text: 'Lee', mention: person }] },
          ],
        },
        { type: 'paragraph', content: [{ text: 'Lee Jae-wook', mention: person }] },
      ]),
    ).toEqual(['/person/2 Lee']);
  });
});
