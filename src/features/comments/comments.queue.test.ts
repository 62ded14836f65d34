import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey, createUser } from '../auth/index.js';
import { insertArticle, movableClock } from './comment.test-support.js';

/*
 * The moderation queue through the Admin API (issue 19): each comment names its article and the
 * comment it answers, filters by reason, the counts for the navigation, and a staff reply that
 * is published at once with the staff badge.
 */
const time = movableClock('2026-03-03T12:00:00.000Z');
const BASE = '/api/admin/v1';
let t: TestApp;
let key: string;
let session: { cookie: string; csrf: string };
let article: { id: number; slug: string };

interface QueueComment {
  id: number;
  url: string;
  held_reason: string | null;
  status: string;
  staff: boolean;
  article: { id: number; title: string; url: string };
  parent: { id: number; name: string; excerpt: string } | null;
}

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  key = (await createApiKey(t.db, time.clock, { name: 'moderator', role: 'moderator' })).key;
  await createUser(t.db, time.clock, {
    email: 'min@example.com',
    name: 'Min Moderator',
    role: 'moderator',
    password: 'min password 12',
  });
  const signIn = await t.app.inject({
    method: 'POST',
    url: `${BASE}/session`,
    payload: { email: 'min@example.com', password: 'min password 12' },
  });
  session = {
    cookie: String(signIn.headers['set-cookie']).split(';')[0] ?? '',
    csrf: signIn.json<{ session: { csrfToken: string } }>().session.csrfToken,
  };
  article = await insertArticle(t.db, { slug: 'queue-article' });
});
afterAll(async () => {
  await t.close();
});

const asKey = () => ({ authorization: `Bearer ${key}` });
const asSession = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });

async function post(name: string, comment: string, address: string, parentId?: number) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/content/v1/articles/${article.id}/comments`,
    payload: { name, comment, ...(parentId !== undefined && { parent_id: parentId }) },
    remoteAddress: address,
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ comment: { id: number } }>().comment.id;
}

async function queue(query: string): Promise<QueueComment[]> {
  const res = await t.app.inject({ url: `${BASE}/comments?${query}`, headers: asKey() });
  expect(res.statusCode).toBe(200);
  return res.json<{ comments: QueueComment[] }>().comments;
}

describe('the moderation queue', () => {
  let first: number;
  let linky: number;

  it('names the article, links to the comment in place, and says why it was held', async () => {
    first = await post('Hana', 'A long first comment about the finale. '.repeat(8), '10.1.0.1');
    time.advance(60_000);
    linky = await post('Spammy', 'See https://a.example and https://b.example', '10.1.0.2');
    const rows = await queue('status=pending');
    expect(rows.map((r) => r.id)).toEqual([linky, first]);
    const row = rows[1];
    expect(row?.article).toEqual({
      id: article.id,
      title: 'Article queue-article',
      url: 'http://deho.test/news/queue-article',
    });
    expect(row?.url).toBe(`http://deho.test/news/queue-article#comment-${first}`);
    // No challenge solved is the first reason any comment through the API without one is held.
    expect(row?.held_reason).toBe('challenge_missing');
    expect(row?.parent).toBeNull();
  });

  it('filters by reason, article and status, and counts what waits', async () => {
    expect((await queue('reason=challenge')).map((r) => r.id).sort()).toEqual(
      [first, linky].sort(),
    );
    expect(await queue('reason=links')).toEqual([]);
    expect(await queue('reason=first_comment&status=pending')).toEqual([]);
    const other = await insertArticle(t.db);
    expect(await queue(`article_id=${other.id}`)).toEqual([]);
    expect((await queue(`article_id=${article.id}`)).length).toBe(2);
    const bad = await t.app.inject({ url: `${BASE}/comments?reason=mood`, headers: asKey() });
    expect(bad.statusCode).toBe(400);
    const counts = await t.app.inject({ url: `${BASE}/comments/counts`, headers: asKey() });
    expect(counts.json()).toEqual({ counts: { pending: 2, spam: 0 } });
  });

  it('publishes a staff reply at once, approving the held comment it answers', async () => {
    const byKey = await t.app.inject({
      method: 'POST',
      url: `${BASE}/comments/${first}/replies`,
      headers: asKey(),
      payload: { comment: { body: 'Thanks!' } },
    });
    expect(byKey.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/comments/${first}/replies`,
      headers: asSession(),
      payload: { comment: { body: 'Thank you for watching, Hana.' } },
    });
    expect(res.statusCode).toBe(201);
    const reply = res.json<{ comment: QueueComment & { name: string } }>().comment;
    expect(reply).toMatchObject({ status: 'approved', staff: true, name: 'Min Moderator' });
    expect(reply.parent?.id).toBe(first);
    expect(reply.parent?.excerpt.endsWith('…')).toBe(true);
    expect(reply.parent?.excerpt.length).toBeLessThanOrEqual(141);
    const html = (await t.app.inject({ url: `/news/${article.slug}` })).body;
    expect(html).toContain('Thank you for watching, Hana.');
    expect(html).toContain('comment__badge');
    expect(html).toContain('A long first comment about the finale.');
    const counts = await t.app.inject({ url: `${BASE}/comments/counts`, headers: asKey() });
    expect(counts.json()).toEqual({ counts: { pending: 1, spam: 0 } });
  });

  it('hangs a staff reply under the comment it answers, however deep', async () => {
    let parent = first;
    for (let depth = 1; depth <= 3; depth++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/comments/${parent}/replies`,
        headers: asSession(),
        payload: { comment: { body: `Staff at depth ${depth}.` } },
      });
      expect(res.statusCode).toBe(201);
      const reply = res.json<{ comment: QueueComment & { depth: number } }>().comment;
      expect(reply.parent?.id).toBe(parent);
      expect(reply.depth).toBe(depth);
      parent = reply.id;
    }
  });

  it('refuses a reply to spam and an empty reply with a clear 4xx', async () => {
    await t.app.inject({
      method: 'POST',
      url: `${BASE}/comments/bulk`,
      headers: asKey(),
      payload: { ids: [linky], action: 'spam' },
    });
    const toSpam = await t.app.inject({
      method: 'POST',
      url: `${BASE}/comments/${linky}/replies`,
      headers: asSession(),
      payload: { comment: { body: 'Hello' } },
    });
    expect(toSpam.statusCode).toBe(403);
    const empty = await t.app.inject({
      method: 'POST',
      url: `${BASE}/comments/${first}/replies`,
      headers: asSession(),
      payload: { comment: { body: '   ' } },
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('comment settings through the Admin API', () => {
  it('reads and changes the word lists, links threshold and first-comment rule (admins only)', async () => {
    const admin = (await createApiKey(t.db, time.clock, { name: 'admin', role: 'admin' })).key;
    const headers = { authorization: `Bearer ${admin}` };
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `${BASE}/settings/comments`,
      headers,
      payload: {
        settings: {
          comments_link_threshold: 1,
          comments_hold_first_time: false,
          comments_block_words: [' cheap pills ', 'cheap pills', ''],
        },
      },
    });
    expect(patch.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `${BASE}/settings/comments`,
      headers,
      payload: {
        settings: {
          comments_link_threshold: 1,
          comments_hold_first_time: false,
          comments_block_words: [' cheap pills ', 'cheap pills'],
        },
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      settings: {
        comments_hold_first_time: false,
        comments_link_threshold: 1,
        comments_moderation_words: [],
        comments_block_words: ['cheap pills'],
        comments_min_seconds: 3,
        comments_close_after_days: 0,
        comments_edit_minutes: 15,
      },
    });
    // Days and minutes are whole numbers in range; a refused change writes nothing.
    for (const bad of [
      { comments_close_after_days: -1 },
      { comments_close_after_days: 1.5 },
      { comments_close_after_days: '30' },
      { comments_close_after_days: 100_000 },
      { comments_edit_minutes: -5 },
      { comments_edit_minutes: null },
      { comments_edit_minutes: 1e9 },
    ]) {
      const refused = await t.app.inject({
        method: 'PATCH',
        url: `${BASE}/settings/comments`,
        headers,
        payload: { settings: bad },
      });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const after = await t.app.inject({ url: `${BASE}/settings/comments`, headers });
    expect(after.json<{ settings: Record<string, unknown> }>().settings).toMatchObject({
      comments_close_after_days: 0,
      comments_edit_minutes: 15,
    });
    const moderator = await t.app.inject({ url: `${BASE}/settings/comments`, headers: asKey() });
    expect(moderator.statusCode).toBe(403);
  });
});
