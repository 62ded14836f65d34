import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createArticle, paragraph } from './index.js';

/* "Related news" under an article: most links shared first, then newest; never drafts. */
describe('related articles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-11-26T12:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  const story = (title: string, tags: string[], publishedAt: string, status = 'published') =>
    createArticle(t.db, t.clock, {
      title,
      body: [paragraph(`${title}.`)],
      status: status as 'published',
      publishedAt,
      tags: tags.map((name) => ({ name })),
    });

  it('ranks by shared links, then recency, and leaves out drafts and the article itself', async () => {
    const subject = await story(
      'Finale week',
      ['Finale', 'Ratings', 'Cast'],
      '2026-11-20T00:00:00Z',
    );
    await story('Shares one, newest', ['Finale'], '2026-11-25T00:00:00Z');
    await story('Shares three', ['Finale', 'Ratings', 'Cast'], '2026-10-01T00:00:00Z');
    await story('Shares two', ['Ratings', 'Cast'], '2026-09-01T00:00:00Z');
    await story('Shares one, older', ['Cast'], '2026-08-01T00:00:00Z');
    await story(
      'Shares three, draft',
      ['Finale', 'Ratings', 'Cast'],
      '2026-11-01T00:00:00Z',
      'draft',
    );
    await story('Shares nothing', ['Weather'], '2026-11-26T00:00:00Z');

    const { slug } = await t.db
      .selectFrom('articles')
      .select('slug')
      .where('id', '=', subject)
      .executeTakeFirstOrThrow();
    const html = (await t.app.inject(`/news/${slug}`)).body;
    const related = html.slice(html.indexOf('Related news'));
    const order = ['Shares three', 'Shares two', 'Shares one, newest', 'Shares one, older'].map(
      (title) => related.indexOf(`>${title}<`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(related).not.toContain('draft');
    expect(related).not.toContain('Shares nothing');
    expect(related).not.toContain('>Finale week<');
  });
});
