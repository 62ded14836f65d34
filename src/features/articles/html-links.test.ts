import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { createApiKey } from '../auth/index.js';

interface Found {
  type: string;
  id: number;
  name: string;
  text: string;
  confidence: number;
}
interface Answer {
  article: {
    id: number;
    body: { type: string; content?: { text: string; mention?: unknown }[] }[];
  };
  links?: { linked: Found[]; suggestions: Found[] };
}

describe.each(DIALECTS)('Admin API: an article written as HTML gets its links (%s)', (dialect) => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await buildTestApp({ dialect, now: new Date('2026-11-26T12:00:00Z') });
    auth = {
      authorization: `Bearer ${(await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' })).key}`,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const write = async (method: 'POST' | 'PATCH', url: string, article: Record<string, unknown>) => {
    const res = await t.app.inject({ method, url, headers: auth, payload: { article } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<Answer>();
  };
  const mentioned = (answer: Answer) =>
    answer.article.body.flatMap((b) =>
      (b.content ?? []).filter((s) => s.mention).map((s) => s.text),
    );
  const HTML = '<p>Lee Jae-wook and Go Yoon-jung return in Alchemy of Souls.</p>';

  it('links confident mentions on create and lists what was linked', async () => {
    const answer = await write('POST', '/api/admin/v1/articles', { title: 'Reunion', html: HTML });
    expect(mentioned(answer)).toEqual(['Lee Jae-wook', 'Go Yoon-jung', 'Alchemy of Souls']);
    expect(answer.links?.linked.map((l) => [l.type, l.text])).toEqual([
      ['person', 'Lee Jae-wook'],
      ['person', 'Go Yoon-jung'],
      ['show', 'Alchemy of Souls'],
    ]);
    expect(answer.links?.suggestions).toEqual([]);
  });

  it('links nothing when the request says "link": false', async () => {
    const answer = await write('POST', '/api/admin/v1/articles', {
      title: 'Reunion, unlinked',
      html: HTML,
      link: false,
    });
    expect(mentioned(answer)).toEqual([]);
    expect(answer.links).toBeUndefined();
  });

  it('links on update from HTML too', async () => {
    const created = await write('POST', '/api/admin/v1/articles', {
      title: 'Later',
      html: '<p>Soon.</p>',
    });
    const answer = await write('PATCH', `/api/admin/v1/articles/${created.article.id}`, {
      html: HTML,
    });
    expect(mentioned(answer)).toEqual(['Lee Jae-wook', 'Go Yoon-jung', 'Alchemy of Souls']);
    expect(answer.links?.linked).toHaveLength(3);
  });
});
