import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * Issue 18: "Preview is the live page". A preview link renders the article through the reader
 * page's own view: the same <article> markup as the live page (byline, date, feature image,
 * tags, "In this story"), with a banner outside it, for a draft as for a published article.
 */
const BASE = '/api/admin/v1';

/** The <article> element of a page, whole. */
function articleElement(html: string): string {
  const start = html.indexOf('<article class="article"');
  const end = html.indexOf('</article>', start);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, end + '</article>'.length);
}

describe('article preview links', () => {
  let t: TestApp;
  let key = '';

  beforeAll(async () => {
    t = await buildTestApp();
    key = (await createApiKey(t.db, t.clock, { name: 'desk', role: 'editor' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `${BASE}${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload }),
    });
  const previewOf = async (id: number) => {
    const res = await api('POST', `/articles/${id}/preview`);
    expect(res.statusCode, res.body).toBe(201);
    const url = new URL(res.json<{ preview: { url: string } }>().preview.url);
    const page = await t.app.inject(url.pathname);
    expect(page.statusCode).toBe(200);
    return page;
  };

  it('renders a published article with the same article markup as its live page', async () => {
    const rich = await t.db
      .selectFrom('articles')
      .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
      .select(['articles.id', 'articles.slug'])
      .where('articles.status', '=', 'published')
      .where('articles.feature_image_id', 'is not', null)
      .orderBy('articles.id')
      .executeTakeFirstOrThrow();
    const live = await t.app.inject(`/news/${rich.slug}`);
    expect(live.statusCode).toBe(200);
    const preview = await previewOf(rich.id);
    expect(articleElement(preview.body)).toBe(articleElement(live.body));
    expect(articleElement(live.body)).toContain('class="meta byline"');
    expect(preview.body).toContain('Readers cannot see this page.');
    expect(preview.headers['x-robots-tag']).toBe('noindex');
    expect(preview.headers['cache-control']).toBe('no-store');
  });

  it('renders a draft with its tags, its date to come and the reader page’s footer', async () => {
    const created = await api('POST', '/articles', {
      article: {
        title: 'Lovely Runner cast reunite for a fan meeting',
        dek: 'Byeon Woo-seok and Kim Hye-yoon meet fans in Seoul.',
        tags: ['Fan meetings', '선재 업고 튀어'],
        body: [{ type: 'paragraph', content: [{ text: 'Tickets go on sale on Friday.' }] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ article: { id: number } }>().article.id;
    const html = (await previewOf(id)).body;
    const article = articleElement(html);
    expect(article).toContain('Lovely Runner cast reunite for a fan meeting');
    expect(article).toContain('href="/tags/fan-meetings"');
    expect(article).toContain('선재 업고 튀어');
    expect(article).toContain('class="article__footer"');
    expect(html).toContain('Preview of a draft article.');
    // A draft has no comments yet, and the preview says so instead of offering a form.
    expect(html).not.toContain('<form');
  });
});
