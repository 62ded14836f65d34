import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import type { Block } from '../articles/index.js';
import { readSettings } from '../settings/index.js';
import { importWordpress, type ImportReport } from './wordpress.import.js';

/*
 * What a site moving from WordPress kept losing (issue 25), on hard-cases.xml: a WordPress 6.1
 * export written by hand in WordPress's exact format (a KST site, escaped titles, classic and
 * block content, a Hangul slug, SEO plugin fields, a sticky post, a category hierarchy).
 */

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const NOW = new Date('2026-11-26T12:00:00Z');

describe('a WordPress import keeps every character and what it means', () => {
  let t: TestApp;
  let report: ImportReport;
  const article = async (slug: string) =>
    t.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  const body = async (slug: string) => JSON.parse((await article(slug)).body) as Block[];

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: NOW });
    report = await importWordpress(t.db, t.clock, {
      file: path.join(FIXTURES, 'hard-cases.xml'),
      dataDir: t.handle.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });
  });
  afterAll(async () => t.close());

  it('decodes titles, excerpts, term names and comment authors as WordPress shows them', async () => {
    const reunion = await article('tom-and-jerry-reunion');
    expect(reunion.title).toBe('Tom & Jerry’s Reunion');
    expect(reunion.dek).toBe('Tom & Jerry are back – together.');
    const reviews = await t.db
      .selectFrom('tags')
      .select('name')
      .where('slug', '=', 'reviews')
      .executeTakeFirstOrThrow();
    expect(reviews.name).toBe('Reviews & Recaps');
    const authors = await t.db.selectFrom('comments').select('author_name').orderBy('id').execute();
    expect(authors.map((a) => a.author_name)).toEqual(['Kim & Lee', 'Han & Co']);
    const page = await t.app.inject('/news/tom-and-jerry-reunion');
    expect(page.body).toContain('<h1 id="article-title">Tom &amp; Jerry’s Reunion</h1>');
    expect(page.body).not.toContain('&amp;amp;');
    expect(page.body).not.toContain('&amp;#8217;');
    const feed = await t.app.inject('/feed.xml');
    expect(feed.body).toContain('<title>Tom &amp; Jerry’s Reunion</title>');
  });

  it('keeps line breaks of classic content and <br>, and <pre> as a code block', async () => {
    const blocks = await body('tom-and-jerry-reunion');
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      content: [{ text: 'First line of the poem\nsecond line of the poem\nthird line after a br' }],
    });
    expect(blocks[1]).toEqual({
      type: 'code',
      text: 'function hello() {\n    return "  indented";\n}',
    });
    const hangul = await body('환혼-2부-리뷰');
    expect(hangul[0]).toEqual({
      type: 'paragraph',
      content: [{ text: '2부는 더 좋았다.\n정말로.' }],
    });
    const page = await t.app.inject('/news/tom-and-jerry-reunion');
    expect(page.body).toMatch(/First line of the poem<br\/?>second line of the poem<br\/?>third/);
    expect(page.body).toContain(
      '<pre><code>function hello() {\n    return &quot;  indented&quot;;\n}</code></pre>',
    );
  });

  it('keeps Unicode slugs as WordPress had them and cuts long ones at a word, listing each', async () => {
    await article('환혼-2부-리뷰');
    const long = 'the-complete-guide-to-every-single-korean-drama-airing-this-winter-season-on';
    await article(long);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `"the-complete-guide-to-every-single-korean-drama-airing-this-winter-season-on-netflix-and-tving" is longer than 80 characters; it is /news/${long}`,
        ),
      ]),
    );
    const res = await t.app.inject(`/news/${encodeURIComponent('환혼-2부-리뷰')}`);
    expect(res.statusCode).toBe(200);
    const tag = await t.app.inject(`/tags/${encodeURIComponent('환혼')}`);
    expect(tag.statusCode).toBe(200);
  });

  it('keeps tables, sup/sub/strike/underline, galleries and video titles; drops unknown shortcodes', async () => {
    const blocks = await body('tom-and-jerry-reunion');
    expect(blocks[2]).toEqual({
      type: 'paragraph',
      content: [
        { text: 'E = mc' },
        { text: '2', marks: ['sup'] },
        { text: ' and H' },
        { text: '2', marks: ['sub'] },
        { text: 'O, ' },
        { text: 'old price', marks: ['strike'] },
        { text: ' ' },
        { text: 'gone', marks: ['strike'] },
        { text: ' and ' },
        { text: 'underlined', marks: ['underline'] },
        { text: '.' },
      ],
    });
    expect(blocks[3]).toEqual({
      type: 'table',
      header: true,
      rows: [
        [[{ text: 'Episode' }], [{ text: 'Rating' }]],
        [[{ text: '1' }], [{ text: '8.5%' }]],
        [[{ text: '2' }], [{ text: '9.1%', marks: ['bold'] }]],
      ],
    });
    expect(JSON.stringify(blocks)).not.toContain('contact-form-7');
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/\[contact-form-7\] shortcode was left out/)]),
    );
    const media = await t.db.selectFrom('media').select(['id', 'path']).orderBy('id').execute();
    const still = media.find((m) => m.path === '/media/2023/01/still.png');
    const still2 = media.find((m) => m.path === '/media/2023/01/still-2.png');
    expect(blocks.find((b) => b.type === 'gallery')).toEqual({
      type: 'gallery',
      images: [
        { src: '/media/2023/01/still.png', alt: 'A still', mediaId: still?.id },
        { src: '/media/2023/01/still-2.png', alt: 'Second', mediaId: still2?.id },
      ],
    });
    const blockGallery = (await body('환혼-2부-리뷰')).find((b) => b.type === 'gallery');
    expect(blockGallery).toMatchObject({
      type: 'gallery',
      images: [
        { alt: 'First', mediaId: still?.id },
        { alt: 'Second', mediaId: still2?.id },
      ],
      caption: [{ text: '두 장면' }],
    });
    const table = (await body('환혼-2부-리뷰')).find((b) => b.type === 'table');
    expect(table).toEqual({
      type: 'table',
      header: false,
      rows: [
        [[{ text: '회차' }], [{ text: '시청률' }]],
        [[{ text: '1' }], [{ text: '7.2%' }]],
      ],
      caption: [{ text: '닐슨 코리아' }],
    });
    const video = await t.db.selectFrom('videos').select('title').executeTakeFirstOrThrow();
    expect(video.title).toBe('Rick Astley - Never Gonna Give You Up (Official Music Video)');
    const page = await t.app.inject('/news/tom-and-jerry-reunion');
    expect(page.body).toContain('<sup>2</sup>');
    expect(page.body).toContain('<sub>2</sub>');
    expect(page.body).toContain('<s>old price</s>');
    expect(page.body).toContain('<u>underlined</u>');
    expect(page.body).toMatch(/<table>.*<th>Episode<\/th>.*<td><strong>9\.1%<\/strong><\/td>/s);
    expect(page.body).toMatch(/class="gallery"/);
  });

  it('reads a comment without a GMT date in the site’s zone from the export', async () => {
    const comment = await t.db
      .selectFrom('comments')
      .select('created_at')
      .where('author_name', '=', 'Kim & Lee')
      .executeTakeFirstOrThrow();
    // 22:00 in Seoul (the posts' dates say +09:00) is 13:00 UTC.
    expect(comment.created_at).toBe('2023-01-15T13:00:00.000Z');
  });

  it('carries sticky posts, SEO fields, the category tree, commenter sites and accounts, and the site title', async () => {
    const reunion = await article('tom-and-jerry-reunion');
    expect(reunion.featured).toBe(1);
    expect(reunion.seo_title).toBe('Tom & Jerry reunite - Seoul Screen & Stage');
    expect(reunion.seo_description).toBe('The pair are back on screen after ten years.');
    const hangul = await article('환혼-2부-리뷰');
    expect(hangul.featured).toBe(0);
    expect(hangul.seo_title).toBe('환혼 2부 리뷰: 더 좋아졌다');
    expect(hangul.seo_description).toBe('2부 첫 회를 본 소감.');

    const tags = await t.db.selectFrom('tags').select(['id', 'slug', 'parent_id']).execute();
    expect(tags.map((tag) => tag.slug).sort()).toEqual(['kdrama-reviews', 'reviews', '환혼']);
    const parent = tags.find((tag) => tag.slug === 'reviews');
    expect(tags.find((tag) => tag.slug === 'kdrama-reviews')?.parent_id).toBe(parent?.id);

    const comments = await t.db
      .selectFrom('comments')
      .select(['author_name', 'author_url', 'user_id'])
      .orderBy('id')
      .execute();
    const admin = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@blog.example')
      .executeTakeFirstOrThrow();
    expect(comments).toEqual([
      { author_name: 'Kim & Lee', author_url: 'https://kimlee.example/', user_id: null },
      { author_name: 'Han & Co', author_url: 'https://blog.example', user_id: admin.id },
    ]);

    const settings = await readSettings(t.db);
    expect(settings.site_title).toBe('Seoul Screen & Stage');
    expect(settings.site_description).toBe('K-drama reviews – in Korean & English');

    const page = await t.app.inject('/news/tom-and-jerry-reunion');
    expect(page.body).toContain(
      '<title>Tom &amp; Jerry reunite - Seoul Screen &amp; Stage</title>',
    );
    expect(page.body).toMatch(
      /<meta name="description" content="The pair are back on screen after ten years."\/?>/,
    );
    expect(page.body).toMatch(
      /<a href="https:\/\/kimlee\.example\/" rel="nofollow ugc"[^>]*>Kim &amp; Lee<\/a>/,
    );
    const home = await t.app.inject('/');
    expect(home.body).toMatch(/class="featured"[\s\S]*Tom &amp; Jerry’s Reunion/);
  });
});
