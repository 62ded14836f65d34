import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import { createApiKey } from '../auth/index.js';
import { importWordpress } from './wordpress.import.js';

/*
 * Every address a WordPress site answered (issue 25): archives, feeds, attachment pages, uploads,
 * old slugs and the query forms on /, each 301 to its Deho equivalent or 410 where none exists.
 */

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');
const HANGUL_TAG = encodeURIComponent('환혼');

describe('old WordPress addresses beyond the permalinks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    await importWordpress(t.db, t.clock, {
      file: path.join(FIXTURES, 'hard-cases.xml'),
      dataDir: t.handle.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });
  });
  afterAll(async () => t.close());

  it.each([
    ['/category/reviews/', '/tags/reviews'],
    ['/category/reviews/kdrama-reviews/', '/tags/kdrama-reviews'],
    ['/category/reviews/page/2/', '/tags/reviews?page=2'],
    ['/category/reviews/feed/', '/tags/reviews/feed.xml'],
    ['/tag/%ed%99%98%ed%98%bc/', `/tags/${HANGUL_TAG}`],
    ['/feed/', '/feed.xml'],
    ['/feed/rss2/', '/feed.xml'],
    ['/feed/atom/', '/atom.xml'],
    ['/page/2/', '/?page=2'],
    ['/2023/01/15/tom-and-jerry-reunion/feed/', '/news/tom-and-jerry-reunion'],
    ['/2023/01/15/tom-jerry-reunion-draft/', '/news/tom-and-jerry-reunion'],
    ['/2023/01/15/tom-and-jerry-reunion/still/', '/media/2023/01/still.png'],
    ['/wp-content/uploads/2023/01/still.png', '/media/2023/01/still.png'],
    [
      '/2023/01/16/%ed%99%98%ed%98%bc-2%eb%b6%80-%eb%a6%ac%eb%b7%b0/',
      `/news/${encodeURIComponent('환혼-2부-리뷰')}`,
    ],
    ['/?feed=rss2', '/feed.xml'],
    ['/?feed=atom', '/atom.xml'],
    ['/?cat=2', '/tags/reviews'],
    [`/?tag=${HANGUL_TAG}`, `/tags/${HANGUL_TAG}`],
    ['/?attachment_id=50', '/media/2023/01/still.png'],
    ['/?s=jerry', '/search?q=jerry'],
    ['/?paged=2', '/?page=2'],
  ])('%s answers 301 → %s', async (url, location) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(location);
  });

  it.each([
    '/2023/',
    '/2023/01/',
    '/2023/01/15/',
    '/author/admin/',
    '/comments/feed/',
    '/category/uncategorized/',
    '/category/no-such-thing/',
    '/wp-content/uploads/2023/01/missing.png',
    '/?author=1',
    '/?cat=1',
    '/?m=202301',
    '/?feed=comments-rss2',
  ])('%s answers 410 Gone', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(410);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('leaves the home page, its paging and unknown addresses alone', async () => {
    expect((await t.app.inject('/')).statusCode).toBe(200);
    expect((await t.app.inject('/?utm_source=x')).statusCode).toBe(200);
    expect((await t.app.inject('/2023/01/15/never-was/')).statusCode).toBe(404);
  });
});

describe('an old category address after the tag was renamed in Deho', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    await importWordpress(t.db, t.clock, {
      file: path.join(FIXTURES, 'hard-cases.xml'),
      dataDir: t.handle.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });
  });
  afterAll(async () => t.close());

  it('follows the tag to its new slug instead of answering 410', async () => {
    const { key } = await createApiKey(t.db, t.clock, { name: 'desk', role: 'editor' });
    const tag = await t.db
      .selectFrom('tags')
      .select('id')
      .where('slug', '=', 'reviews')
      .executeTakeFirstOrThrow();
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/tags/${tag.id}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { tag: { slug: 'drama-reviews' } },
    });
    expect(renamed.statusCode).toBe(200);
    for (const [url, location] of [
      ['/category/reviews/', '/tags/drama-reviews'],
      ['/category/reviews/page/2/', '/tags/drama-reviews?page=2'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location, url).toBe(location);
    }
    // The category's id was recorded at import as /tags/reviews, which leads on to the new slug.
    const byId = await t.app.inject({ method: 'GET', url: '/?cat=2' });
    expect(byId.headers.location).toBe('/tags/reviews');
    const next = await t.app.inject({ method: 'GET', url: '/tags/reviews' });
    expect(next.statusCode).toBe(301);
    expect(next.headers.location).toBe('/tags/drama-reviews');
  });
});

describe('a site that never came from WordPress', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterAll(async () => t.close());

  it.each(['/2023/', '/author/admin/', '/category/reviews/', '/?author=1', '/?m=202301', '/feed/'])(
    '%s is not answered as an old WordPress address',
    async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).not.toBe(410);
      expect(res.statusCode).not.toBe(301);
    },
  );
});
