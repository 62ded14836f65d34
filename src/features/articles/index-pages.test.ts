import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';
import { createArticle, paragraph } from './index.js';

/*
 * /tags, /authors/:slug, the bylines that lead there, and the share links of article pages.
 * The demo's articles are by Han Da-eun, whose account has a bio.
 */

const NOW = new Date('2026-11-30T03:00:00Z');
const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

const headingLinks = (html: string) =>
  [...html.matchAll(/<h[23] class="(?:index-list|card)__title"><a href="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );

describe('tags index, author pages, bylines and share links', () => {
  let t: TestApp;
  let authorId: number;

  beforeAll(async () => {
    // No page cache: the tests add articles straight through the service, which drops nothing.
    t = await buildTestApp({ now: NOW, env: { DEHO_PAGE_CACHE: '0' } });
    authorId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('slug', '=', 'han-da-eun')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the tags of published news by name, with counts and Hangul addresses', async () => {
    await t.db.transaction().execute((trx) =>
      createArticle(trx, t.clock, {
        title: '드라마 소식',
        body: [paragraph('짧은 소식.')],
        status: 'published',
        publishedAt: '2026-11-29T00:00:00.000Z',
        tags: [{ name: '드라마' }],
      }),
    );
    await t.db.transaction().execute((trx) =>
      createArticle(trx, t.clock, {
        title: 'A draft about a secret',
        body: [paragraph('x')],
        status: 'draft',
        tags: [{ name: 'Unannounced secret' }],
      }),
    );
    const res = await t.app.inject('/tags');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Tags</h1>');
    const tags = headingLinks(res.body);
    expect(tags).toContain('/tags/alchemy-of-souls');
    expect(tags).toContain('/tags/드라마');
    // A tag only a draft carries is not shown to readers.
    expect(res.body).not.toContain('Unannounced secret');
    expect(res.body).toMatch(
      /<a href="\/tags\/드라마">드라마<\/a><\/h2><p class="meta">1 article<\/p>/,
    );
    expect((await t.app.inject('/tags/%EB%93%9C%EB%9D%BC%EB%A7%88')).statusCode).toBe(200);
  });

  it('shows an author’s bio and articles, newest first', async () => {
    const res = await t.app.inject('/authors/han-da-eun');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="author-heading">Han Da-eun</h1>');
    expect(res.body).toContain('Covers Korean dramas and the people who make them');
    expect(res.body).toContain(
      '<link rel="canonical" href="http://deho.test/authors/han-da-eun"/>',
    );
    const articles = headingLinks(res.body);
    expect(articles).toContain(ARTICLE);
    const dates = [...res.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('links every byline to the author page: article page and cards', async () => {
    const article = await t.app.inject(ARTICLE);
    expect(article.body).toContain(
      '<p class="meta byline"><span>By <a href="/authors/han-da-eun" rel="author">Han Da-eun</a></span>',
    );
    const home = (await t.app.inject('/')).body;
    expect(home).toContain('By <a href="/authors/han-da-eun">Han Da-eun</a> · <time');
    const tag = (await t.app.inject('/tags/alchemy-of-souls')).body;
    expect(tag).toContain('By <a href="/authors/han-da-eun">Han Da-eun</a>');
  });

  it('has no page for unknown slugs or for staff who never published', async () => {
    const stamp = NOW.toISOString();
    await t.db
      .insertInto('users')
      .values({
        email: 'moderator@deho.invalid',
        name: 'Quiet Moderator',
        slug: 'quiet-moderator',
        role: 'moderator',
        password_hash: null,
        bio: 'Never wrote a line.',
        totp_secret: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    for (const path of [
      '/authors/quiet-moderator',
      '/authors/nobody',
      '/authors/Han-Da-Eun',
      '/authors/%3Cscript%3E',
      '/authors/a_b',
    ]) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
    }
  });

  it('pages an author’s articles and a long tags index; hostile page numbers never 500', async () => {
    for (let i = 0; i < 14; i++) {
      await t.db.transaction().execute((trx) =>
        createArticle(trx, t.clock, {
          title: `Index test story ${i}`,
          body: [paragraph('More news.')],
          status: 'published',
          publishedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(),
          authorId,
          tags: Array.from({ length: 3 }, (_, j) => ({ name: `Index tag ${i * 3 + j}` })),
        }),
      );
    }
    const first = (await t.app.inject('/authors/han-da-eun')).body;
    expect(first).toContain('<a rel="next" href="/authors/han-da-eun?page=2">Older →</a>');
    const second = await t.app.inject('/authors/han-da-eun?page=2');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('<a rel="prev" href="/authors/han-da-eun">← Newer</a>');
    expect((await t.app.inject('/authors/han-da-eun?page=50')).statusCode).toBe(404);

    const tags = (await t.app.inject('/tags')).body;
    expect(headingLinks(tags)).toHaveLength(30);
    expect(tags).toContain('<a rel="next" href="/tags?page=2">Next →</a>');
    expect((await t.app.inject('/tags?page=2')).statusCode).toBe(200);

    for (const path of ['/tags', '/authors/han-da-eun']) {
      for (const query of ['?page=-1', '?page=0', '?page=abc', '?page=%3Cscript%3E']) {
        const res = await t.app.inject(path + query);
        expect(res.statusCode, path + query).toBe(400);
        expect(res.body, path + query).toMatch(/page must be/);
        expect(res.body, path + query).not.toContain('<script>');
      }
    }
  });

  it('offers plain share links and a hidden copy button on article pages', async () => {
    const html = (await t.app.inject(ARTICLE)).body;
    const url = encodeURIComponent(`http://deho.test${ARTICLE}`);
    expect(html).toContain('<h2 id="share-heading" class="label">Share</h2>');
    for (const href of [
      `https://x.com/intent/post?text=`,
      `https://www.facebook.com/sharer/sharer.php?u=${url}`,
      `https://social-plugins.line.me/lineit/share?url=${url}`,
      `https://wa.me/?text=`,
    ]) {
      expect(html).toContain(`href="${href}`);
    }
    expect(html).toContain(`&amp;url=${url}"`);
    // The buttons wait for the island; the island is this site's own file.
    expect(html).toMatch(/<li hidden data-share-copy="true"><button type="button"/);
    expect(html).toMatch(/<script type="module" src="\/assets\/share\.js\?v=/);
    // Links, not embeds: nothing on the page loads from the services.
    expect(html).not.toMatch(
      /<(?:script|img|iframe|link)\b[^>]*(?:x\.com|facebook|line\.me|wa\.me)/,
    );
  });
});

describe('author page in the page cache', () => {
  let t: TestApp;
  let key: string;
  let authorId: number;

  beforeAll(async () => {
    t = await buildTestApp({ now: NOW });
    key = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
    authorId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('slug', '=', 'han-da-eun')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('renders the author page afresh when an admin changes the bio', async () => {
    const before = await t.app.inject('/authors/han-da-eun');
    expect(before.headers['surrogate-key']).toContain(`author:${authorId}`);
    expect((await t.app.inject('/authors/han-da-eun')).headers['x-cache']).toBe('hit');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/users/${authorId}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { user: { bio: 'Writes about <b>dramas</b> & their casts.' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      user: { bio: 'Writes about <b>dramas</b> & their casts.' },
    });
    const after = await t.app.inject('/authors/han-da-eun');
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body).toMatch(
      /Writes about &lt;b(?:>|&gt;)dramas&lt;\/b(?:>|&gt;) &amp; their casts\./,
    );
    expect(after.body).not.toContain('<b>dramas');
    // An empty bio removes it.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/users/${authorId}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { user: { bio: '  ' } },
    });
    expect((await t.app.inject('/authors/han-da-eun')).body).not.toContain('author-bio');
  });
});
