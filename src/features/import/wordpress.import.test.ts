import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { projectRoot } from '../../lib/paths.js';
import type { Block } from '../articles/index.js';
import { seedDemo } from '../demo/index.js';
import { exportSite } from './site-export.js';
import { importWordpress, type WordpressImportOptions } from './wordpress.import.js';
import { listFiles } from './site-export.js';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const FIXTURE = path.join(FIXTURES, 'export.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');
const NOW = new Date('2026-11-26T12:00:00Z');
const clock = () => NOW;

describe('WordPress import', () => {
  let t: TestDb;
  let scratch: string;
  const run = (options: Partial<WordpressImportOptions> = {}) =>
    importWordpress(t.db, clock, {
      file: FIXTURE,
      dataDir: t.dataDir,
      uploadsDir: UPLOADS,
      ...options,
    });

  /** Every row of every table, as the export writes it. */
  async function snapshot(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(scratch, 'snap-'));
    await exportSite(t.db, t.dialect, t.dataDir, dir);
    return fs.readFileSync(path.join(dir, 'deho-export.json'), 'utf8');
  }

  beforeEach(async () => {
    t = await createTestDb();
    await migrateToLatest(t.db);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-wp-'));
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('imports every construct of the fixture into the right rows and counts', async () => {
    const report = await run();
    expect(report.counts).toEqual({
      articles: { created: 7, updated: 0, unchanged: 0 },
      pages: { created: 3, updated: 0, unchanged: 0 },
      users: { created: 2, updated: 0, unchanged: 0 },
      comments: { created: 7, updated: 0, unchanged: 0 },
      tags: { created: 4, updated: 0, unchanged: 0 },
      media: { created: 4, updated: 0, unchanged: 0 },
      redirects: { created: 17, updated: 0, unchanged: 0 },
    });
    expect(report.skipped).toEqual([
      {
        item: 'comment 7 on "Behind the scenes of Alchemy of Souls Part 2"',
        reason: 'it is a pingback, not a comment',
      },
      { item: 'post 107 "Old post in the trash"', reason: 'it is in the WordPress trash' },
      {
        item: 'attachment 202 "lost-file"',
        reason: '2022/12/lost-file.png is not in the uploads folder',
      },
      {
        item: 'nav_menu_item 301 "Home"',
        reason: 'WordPress keeps nav_menu_item for its own use; Deho needs none',
      },
    ]);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /slug "go-yoon-jung-interview" was taken.*\/news\/go-yoon-jung-interview-2/,
        ),
        expect.stringMatching(/"\/schedule" is one of Deho's own addresses.*\/schedule-2/),
        expect.stringMatching(/"Newsroom memo" was private; it is a draft now/),
        expect.stringMatching(/a gallery image \(wp-attachment:202\) was left out/),
      ]),
    );

    const articles = await t.db.selectFrom('articles').selectAll().orderBy('id').execute();
    expect(articles.map((a) => [a.slug, a.status, a.published_at])).toEqual([
      ['alchemy-of-souls-bts', 'published', '2022-12-20T09:30:00.000Z'],
      ['환혼-첫-방송', 'published', '2022-12-10T12:10:00.000Z'],
      ['casting-rumours-draft', 'draft', null],
      ['newsroom-memo', 'draft', null],
      ['go-yoon-jung-interview', 'published', '2023-01-04T01:00:00.000Z'],
      ['go-yoon-jung-interview-2', 'published', '2023-01-05T01:00:00.000Z'],
      ['part-3-announcement', 'scheduled', '2099-01-01T00:00:00.000Z'],
    ]);
    const [bts, hangul] = articles;
    expect(bts?.dek).toBe('A first look at the set & the cast.');
    expect(hangul?.title).toBe('환혼: 빛과 그림자 첫 방송');
    expect(hangul?.comments_enabled).toBe(0);

    const classic = JSON.parse(bts?.body ?? '[]') as Block[];
    expect(classic.map((b) => b.type)).toEqual([
      'paragraph',
      'image',
      'paragraph',
      'video',
      'video',
      'paragraph',
      'gallery',
      'paragraph',
      'heading',
      'paragraph',
    ]);
    expect(classic[0]).toEqual({
      type: 'paragraph',
      content: [
        { text: 'The behind-the-scenes clip of ' },
        { text: 'Alchemy of Souls', marks: ['bold'] },
        { text: ' Part 2 is out.\nFilming ran through a cold winter.' },
      ],
    });
    expect(classic[1]).toMatchObject({
      type: 'image',
      src: '/media/2022/12/poster-300x200.png',
      alt: 'Poster of Part 2',
      caption: [{ text: 'The official poster' }],
      width: 300,
      height: 200,
    });
    expect(classic[7]).toEqual({
      type: 'paragraph',
      content: [
        { text: 'Code sample: ' },
        { text: ']]>', marks: ['code'] },
        { text: ' ends a CDATA section.' },
      ],
    });
    expect(classic[9]).toMatchObject({
      content: [{}, { text: 'January 7', href: '/media/2022/12/bts-set.png' }, {}],
    });

    const gutenberg = JSON.parse(hangul?.body ?? '[]') as Block[];
    expect(gutenberg.map((b) => b.type)).toEqual([
      'paragraph',
      'heading',
      'list',
      'image',
      'video',
      'quote',
      'gallery',
    ]);
    expect(gutenberg[4]).toMatchObject({ type: 'video', caption: [{ text: 'Official teaser' }] });
    expect(gutenberg[5]).toEqual({
      type: 'quote',
      content: [{ text: 'Part 2 is set three years later.' }],
      cite: 'Director Park Joon-hwa',
    });

    const videos = await t.db
      .selectFrom('videos')
      .select(['provider', 'provider_id'])
      .orderBy('id')
      .execute();
    expect(videos).toEqual([
      { provider: 'youtube', provider_id: 'dQw4w9WgXcQ' },
      { provider: 'vimeo', provider_id: '76979871' },
    ]);

    // Featured image: the attachment came after the post in the file.
    const poster = await t.db
      .selectFrom('media')
      .selectAll()
      .where('path', '=', '/media/2022/12/poster.png')
      .executeTakeFirstOrThrow();
    expect(bts?.feature_image_id).toBe(poster.id);
    expect(poster).toMatchObject({
      width: 1200,
      height: 800,
      mime: 'image/png',
      bytes: 73,
      caption: 'The official poster of Part 2',
    });
    expect(listFiles(path.join(t.dataDir, 'media'))).toEqual([
      '2022/12/bts-set.png',
      '2022/12/jang-uk.png',
      '2022/12/poster-300x200.png',
      '2022/12/poster.png',
    ]);

    const users = await t.db
      .selectFrom('users')
      .select(['email', 'name', 'slug', 'role', 'status', 'password_hash'])
      .orderBy('id')
      .execute();
    expect(users).toEqual([
      {
        email: 'editor@kdrama.example',
        name: 'Mina Park',
        slug: 'mina-park',
        role: 'author',
        status: 'invited',
        password_hash: null,
      },
      {
        email: 'reporter2@wordpress.invalid',
        name: '김기자',
        slug: 'gimgija',
        role: 'author',
        status: 'invited',
        password_hash: null,
      },
    ]);
    expect(bts?.author_id).not.toBeNull();

    const tags = await t.db.selectFrom('tags').select(['slug', 'name']).orderBy('id').execute();
    expect(tags).toEqual([
      { slug: 'news', name: 'News' },
      { slug: '드라마', name: '드라마' },
      { slug: 'lee-jae-wook', name: 'Lee Jae-wook' },
      { slug: 'go-yoon-jung', name: 'Go Yoon-jung' },
    ]);
    const btsTags = await t.db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select('tags.slug')
      .where('article_id', '=', bts?.id ?? 0)
      .orderBy('position')
      .execute();
    expect(btsTags.map((r) => r.slug)).toEqual(['news', '드라마', 'lee-jae-wook']);

    const comments = await t.db
      .selectFrom('comments')
      .select([
        'id',
        'parent_id',
        'depth',
        'author_name',
        'status',
        'body',
        'created_at',
        'approved_at',
      ])
      .orderBy('id')
      .execute();
    const byName = new Map(comments.map((c) => [c.author_name, c]));
    expect(comments).toHaveLength(7);
    expect(byName.get('Soyeon')).toMatchObject({
      parent_id: null,
      depth: 0,
      status: 'approved',
      body: "Jang Uk is back!\n\nCan't wait & so excited.\n\nSecond paragraph.",
      created_at: '2022-12-20T10:00:00.000Z',
      approved_at: '2022-12-20T10:00:00.000Z',
    });
    expect(byName.get('Mina Park')).toMatchObject({
      parent_id: byName.get('Soyeon')?.id,
      depth: 1,
    });
    // Comment 3 comes before its parent 2 in the file; threads are kept all the same.
    expect(byName.get('민지')).toMatchObject({
      parent_id: byName.get('Mina Park')?.id,
      depth: 2,
      body: '저도요! 너무 기대돼요',
    });
    // The fourth level stays under the comment it answers.
    expect(byName.get('Deep reply')).toMatchObject({
      parent_id: byName.get('민지')?.id,
      depth: 3,
    });
    expect([
      byName.get('Held')?.status,
      byName.get('Cheap pills')?.status,
      byName.get('Gone')?.status,
    ]).toEqual(['pending', 'spam', 'trash']);

    const pages = await t.db
      .selectFrom('pages')
      .select(['slug', 'title', 'status', 'body'])
      .orderBy('id')
      .execute();
    expect(pages.map((p) => [p.slug, p.status])).toEqual([
      ['about', 'published'],
      ['schedule-2', 'published'],
      ['contact', 'published'],
    ]);
    expect(JSON.parse(pages[0]?.body ?? '')).toEqual([
      { type: 'paragraph', content: [{ text: 'We write about Korean dramas.' }] },
      { type: 'paragraph', content: [{ text: 'Since 2015.' }] },
    ]);

    const redirects = await t.db
      .selectFrom('redirects')
      .select(['from_path', 'to_path', 'status_code'])
      .orderBy('id')
      .execute();
    expect(redirects).toEqual(
      expect.arrayContaining([
        {
          from_path: '/2022/12/20/alchemy-of-souls-bts',
          to_path: '/news/alchemy-of-souls-bts',
          status_code: 301,
        },
        { from_path: '/?p=101', to_path: '/news/alchemy-of-souls-bts', status_code: 301 },
        {
          from_path: '/2022/12/10/환혼-첫-방송',
          to_path: '/news/환혼-첫-방송',
          status_code: 301,
        },
        {
          from_path: '/2023/01/05/go-yoon-jung-interview',
          to_path: '/news/go-yoon-jung-interview-2',
          status_code: 301,
        },
        { from_path: '/?page_id=110', to_path: '/about', status_code: 301 },
        { from_path: '/?page_id=111', to_path: '/schedule-2', status_code: 301 },
        { from_path: '/about/contact', to_path: '/contact', status_code: 301 },
      ]),
    );
    // /schedule is Deho's own page now: the old page's permalink is not taken over.
    expect(redirects.find((r) => r.from_path === '/schedule')).toBeUndefined();
    // Drafts and private posts had no public address; nothing points at them.
    expect(
      redirects.filter(
        (r) => r.to_path.startsWith('/news/casting') || r.to_path.startsWith('/news/newsroom'),
      ),
    ).toEqual([]);
  });

  it('changes nothing on a second import of the same file', async () => {
    await run();
    const before = await snapshot();
    const report = await run();
    expect(await snapshot()).toBe(before);
    expect(report.counts.articles).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(report.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(report.counts.users).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(report.counts.redirects).toEqual({ created: 0, updated: 0, unchanged: 15 });
  });

  it('updates what changed in WordPress since, without duplicates', async () => {
    await run();
    const changed = path.join(scratch, 'changed.xml');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(FIXTURE, 'utf8')
        .replace('She talks about the role.', 'She talks about the role, at length.'),
    );
    const report = await run({ file: changed });
    expect(report.counts.articles).toEqual({ created: 0, updated: 1, unchanged: 6 });
    const row = await t.db
      .selectFrom('articles')
      .select(['body', 'slug'])
      .where('slug', '=', 'go-yoon-jung-interview')
      .executeTakeFirstOrThrow();
    expect(row.body).toContain('at length');
    const revisions = await t.db.selectFrom('article_revisions').select('id').execute();
    expect(revisions).toHaveLength(8);
  });

  it('imports without an uploads folder, reporting the attachments it could not bring', async () => {
    const report = await run({ uploadsDir: undefined });
    expect(report.counts.media.created).toBe(0);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { item: 'attachment 201 "poster"', reason: 'no --uploads folder was given' },
      ]),
    );
    const bts = await t.db
      .selectFrom('articles')
      .select('body')
      .where('slug', '=', 'alchemy-of-souls-bts')
      .executeTakeFirstOrThrow();
    expect(bts.body).toContain(
      'https://kdrama.example/wp-content/uploads/2022/12/poster-300x200.png',
    );
  });

  it('suggests entity links, and applies the confident ones only with --link', async () => {
    await seedDemo({ db: t.db, clock });
    const mentions = async () => {
      const row = await t.db
        .selectFrom('articles')
        .select('body')
        .where('slug', '=', 'alchemy-of-souls-bts')
        .executeTakeFirstOrThrow();
      return (JSON.parse(row.body) as Block[])
        .flatMap((b) => ('content' in b ? b.content : []))
        .filter((s) => s.mention);
    };
    const plain = await run();
    expect(plain.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/Entity links: \d+ possible mention\(s\)/)]),
    );
    expect(await mentions()).toEqual([]);

    const other = await createTestDb();
    try {
      await migrateToLatest(other.db);
      await seedDemo({ db: other.db, clock });
      const linked = await importWordpress(other.db, clock, {
        file: FIXTURE,
        dataDir: other.dataDir,
        link: true,
      });
      expect(linked.notes).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/Entity links: \d+ confident mention\(s\) applied/),
        ]),
      );
      const row = await other.db
        .selectFrom('articles')
        .select(['id', 'body'])
        .where('slug', '=', 'alchemy-of-souls-bts')
        .executeTakeFirstOrThrow();
      const spans = (JSON.parse(row.body) as Block[]).flatMap((b) =>
        'content' in b ? b.content : [],
      );
      const show = spans.find((s) => s.mention?.type === 'show');
      expect(show?.text).toMatch(/Alchemy of Souls/);
      const links = await other.db
        .selectFrom('article_shows')
        .select(['show_id', 'source'])
        .where('article_id', '=', row.id)
        .execute();
      expect(links).toEqual([{ show_id: show?.mention?.id, source: 'linker' }]);
    } finally {
      await other.close();
    }
  });
});
