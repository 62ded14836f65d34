import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';
import { insertArticle, movableClock } from './comment.test-support.js';

/*
 * "(edited)" means the text changed after it was posted (issue 19): approving a held comment,
 * marking it spam and back, or any other status change is not an edit; the commenter's own
 * change of text and a moderator's correction are, and keep the time of that edit.
 */
const time = movableClock('2026-03-03T12:00:00.000Z');
let t: TestApp;
let key: string;
let article: { id: number; slug: string };

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  key = (await createApiKey(t.db, time.clock, { name: 'moderator', role: 'moderator' })).key;
  article = await insertArticle(t.db);
});
afterAll(async () => {
  await t.close();
});

async function post(name: string, comment: string, address: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/content/v1/articles/${article.id}/comments`,
    payload: { name, comment },
    remoteAddress: address,
  });
  expect(res.statusCode).toBe(201);
  return res;
}

async function moderate(id: number, comment: { status?: string; body?: string }) {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/admin/v1/comments/${id}`,
    headers: { authorization: `Bearer ${key}` },
    payload: { comment },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ comment: { edited_at: string | null; updated_at: string } }>().comment;
}

/** The rendered comment with this text, from the article page. */
async function renderedComment(text: string): Promise<string> {
  const html = (await t.app.inject({ url: `/news/${article.slug}` })).body;
  const at = html.indexOf(text);
  expect(at).toBeGreaterThan(-1);
  const start = html.lastIndexOf('<li', at);
  return html.slice(start, html.indexOf('</li>', at));
}

describe('the "(edited)" label', () => {
  it('is not shown on a held comment a moderator approved later', async () => {
    const res = await post('First Timer', 'My very first comment here.', '10.0.0.1');
    const id = res.json<{ comment: { id: number; status: string } }>().comment.id;
    expect(res.json<{ comment: { status: string } }>().comment.status).toBe('pending');
    time.advance(60 * 60 * 1000);
    const approved = await moderate(id, { status: 'approved' });
    expect(await renderedComment('My very first comment here.')).not.toContain('(edited)');
    expect(approved.edited_at).toBeNull();
  });

  it('is not shown after spam and back either', async () => {
    const res = await post('Second Timer', 'Another honest comment.', '10.0.0.2');
    const id = res.json<{ comment: { id: number } }>().comment.id;
    time.advance(60 * 1000);
    await moderate(id, { status: 'spam' });
    time.advance(60 * 1000);
    await moderate(id, { status: 'approved' });
    expect(await renderedComment('Another honest comment.')).not.toContain('(edited)');
  });

  it('is shown when a moderator changed the text, with the time of that edit', async () => {
    const res = await post('Third Timer', 'Teh typo comment.', '10.0.0.3');
    const id = res.json<{ comment: { id: number } }>().comment.id;
    time.advance(5 * 60 * 1000);
    const editedAt = time.clock().toISOString();
    const corrected = await moderate(id, { body: 'The typo comment.', status: 'approved' });
    expect(corrected.edited_at).toBe(editedAt);
    time.advance(5 * 60 * 1000);
    // A later status change keeps the time of the text's own edit.
    expect((await moderate(id, { status: 'approved' })).edited_at).toBe(editedAt);
    expect(await renderedComment('The typo comment.')).toContain('(edited)');
  });

  it('is not set when a moderator sends the same text back', async () => {
    const res = await post('Fourth Timer', 'Unchanged words.', '10.0.0.4');
    const id = res.json<{ comment: { id: number } }>().comment.id;
    time.advance(60 * 1000);
    expect(
      (await moderate(id, { body: 'Unchanged words.', status: 'approved' })).edited_at,
    ).toBeNull();
  });
});
