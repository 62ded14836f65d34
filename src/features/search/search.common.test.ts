import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { createApiKey } from '../auth/index.js';

/*
 * An article query leaves out terms found in nearly every article (search.common.ts, SQLite)
 * and English function words: what it finds must not change where such a term is in every
 * article, and a term in only some of them must still be required.
 */

describe.each(DIALECTS)('search: terms in every article (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, demo: false, now: new Date('2026-11-26T12:00:00Z') });
    const auth = {
      authorization: `Bearer ${(await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' })).key}`,
    };
    // Every article says "drama" and "the"; half say "episode"; a few say "finale".
    for (let i = 1; i <= 20; i++) {
      const words = [
        `Story ${i}`,
        'the drama',
        i % 2 === 0 ? 'episode' : 'chapter',
        i % 5 === 0 ? 'finale' : 'preview',
      ];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: auth,
        payload: {
          article: {
            title: `Story ${i}`,
            slug: `story-${i}`,
            html: `<p>${words.join(', ')}.</p>`,
            status: 'published',
          },
        },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const found = async (q: string) => {
    const res = await t.app.inject(
      `/api/content/v1/search?type=articles&limit=50&q=${encodeURIComponent(q)}`,
    );
    expect(res.statusCode).toBe(200);
    const answer = res.json<{ articles: { slug: string }[] }>();
    return answer.articles.map((a) => a.slug).sort();
  };

  it('finds the same articles with or without a term every article has', async () => {
    const finale = ['story-10', 'story-15', 'story-20', 'story-5'];
    expect(await found('finale')).toEqual(finale);
    expect(await found('drama finale')).toEqual(finale);
    expect(await found('the finale')).toEqual(finale);
  });

  it('still requires a term only some articles have', async () => {
    expect(await found('episode finale')).toEqual(['story-10', 'story-20']);
    expect(await found('drama episode finale')).toEqual(['story-10', 'story-20']);
  });

  it('searches for a term every article has when it is all there is', async () => {
    expect(await found('drama')).toHaveLength(20);
    expect(await found('the')).toHaveLength(20);
  });
});
