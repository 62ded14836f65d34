import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Challenge } from 'altcha-lib';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';
import { insertArticle, movableClock, solve } from './comment.test-support.js';
import { writeCommentSettings } from './comment.settings.js';

interface CommentJson {
  id: number;
  article_id: number;
  parent_id: number | null;
  name: string;
  body: string;
  body_html: string;
  status: string;
  created_at: string;
}

const time = movableClock('2026-03-01T12:00:00.000Z');
let t: TestApp;
let article: { id: number; slug: string };
let ipCounter = 0;
/** A fresh client address per post, so the per-address rate limit does not interfere. */
const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  article = await insertArticle(t.db, { slug: 'alchemy-comments' });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  time.advance(60_000);
});

/** A challenge as the island fetches it when the reader starts writing; they post `writingMs` later. */
async function challenge(writingMs = 5_000): Promise<Challenge> {
  const res = await t.app.inject({ method: 'GET', url: '/api/content/v1/comments/challenge' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  time.advance(writingMs);
  return res.json<{ challenge: Challenge }>().challenge;
}

function postJson(
  body: Record<string, unknown>,
  options: { ip?: string; cookie?: string; articleId?: number } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/content/v1/articles/${options.articleId ?? article.id}/comments`,
    payload: body,
    remoteAddress: options.ip ?? nextIp(),
    ...(options.cookie !== undefined && { headers: { cookie: options.cookie } }),
  });
}

function postForm(
  fields: Record<string, string>,
  options: { ip?: string; slug?: string; cookie?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: `/news/${options.slug ?? article.slug}/comments`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.cookie !== undefined && { cookie: options.cookie }),
    },
    payload: new URLSearchParams(fields).toString(),
    remoteAddress: options.ip ?? nextIp(),
  });
}

async function row(id: number) {
  return t.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function countRows(): Promise<number> {
  const r = await t.db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function approve(id: number) {
  await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', id).execute();
}

describe('POST /api/content/v1/articles/:id/comments', () => {
  it('stores a post without a solved challenge as pending and never shows the e-mail', async () => {
    const res = await postJson({ name: 'Mu-deok', comment: 'Jang Uk!', email: 'mu@example.com' });
    expect(res.statusCode).toBe(201);
    const { comment } = res.json<{ comment: CommentJson }>();
    expect(comment).toMatchObject({
      article_id: article.id,
      parent_id: null,
      name: 'Mu-deok',
      body: 'Jang Uk!',
      status: 'pending',
    });
    expect(Object.keys(comment).sort()).toEqual([
      'article_id',
      'body',
      'body_html',
      'created_at',
      'id',
      'name',
      'parent_id',
      'status',
    ]);
    expect(res.body).not.toContain('mu@example.com');
    const stored = await row(comment.id);
    expect(stored.held_reason).toBe('challenge_missing');
    expect(stored.author_email).toBe('mu@example.com');
    expect(res.headers['set-cookie']).toMatch(/deho_commenter=[\w-]{32};.*HttpOnly/i);
  });

  it('gives the commenter their comment as the page renders it, with Edit and Delete', async () => {
    const res = await postJson({ name: 'Dang-gu <b>', comment: 'Second <i>look</i>' });
    expect(res.statusCode).toBe(201);
    const { comment, html } = res.json<{ comment: CommentJson; html: string }>();
    expect(html).toMatch(
      new RegExp(`^<li id="comment-${comment.id}" class="comment comment--pending"`),
    );
    expect(html).toContain('Dang-gu &lt;b>');
    expect(html).toContain('Second &lt;i>look&lt;/i>');
    expect(html).not.toContain('<b>');
    expect(html).toContain(`href="/news/${article.slug}/comments/${comment.id}/edit"`);
    expect(html).toContain(`action="/news/${article.slug}/comments/${comment.id}/delete"`);
    // The token the delete form needs is the one bound to the cookie this answer sets.
    const token = /name="form_token" value="([0-9a-f]{64})"/.exec(html)?.[1];
    const cookie = /deho_commenter=[\w-]+/.exec(String(res.headers['set-cookie']))?.[0] ?? '';
    const deleted = await t.app.inject({
      method: 'POST',
      url: `/news/${article.slug}/comments/${comment.id}/delete`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ form_token: token ?? '' }).toString(),
    });
    expect(deleted.statusCode).toBe(303);
    expect((await row(comment.id)).status).not.toBe('pending');
  });

  it('approves a solved post by a commenter approved before, and lists it', async () => {
    const ip = nextIp();
    const first = await postJson({ name: 'Seo Yul', comment: 'First!' }, { ip });
    await approve(first.json<{ comment: CommentJson }>().comment.id);
    time.advance(20_000);
    const second = await postJson(
      { name: 'Seo Yul', comment: 'Second, solved.', altcha: await solve(await challenge()) },
      { ip },
    );
    expect(second.statusCode).toBe(201);
    const created = second.json<{ comment: CommentJson }>().comment;
    expect(created.status).toBe('approved');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/content/v1/articles/${article.id}/comments?limit=100`,
    });
    expect(list.statusCode).toBe(200);
    const body = list.json<{
      comments: CommentJson[];
      meta: { pagination: Record<string, number> };
    }>();
    expect(body.comments.map((c) => c.id)).toContain(created.id);
    expect(body.comments.every((c) => c.status === 'approved')).toBe(true);
    expect(body.meta.pagination).toMatchObject({ page: 1, limit: 100 });
    expect(list.body).not.toContain('@example.com');
  });

  it('holds a first-time commenter even with a solved challenge, unless the setting is off', async () => {
    const held = await postJson({
      name: 'Newcomer',
      comment: 'Hello',
      altcha: await solve(await challenge()),
    });
    expect(held.json<{ comment: CommentJson }>().comment.status).toBe('pending');
    expect((await row(held.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
      'first_comment',
    );
    await writeCommentSettings(t.db, new Date().toISOString(), { comments_hold_first_time: false });
    try {
      const open = await postJson({
        name: 'Newcomer 2',
        comment: 'Hello',
        altcha: await solve(await challenge()),
      });
      expect(open.json<{ comment: CommentJson }>().comment.status).toBe('approved');
    } finally {
      await writeCommentSettings(t.db, new Date().toISOString(), {
        comments_hold_first_time: true,
      });
    }
  });

  it('refuses a replayed challenge: the second post is held', async () => {
    await writeCommentSettings(t.db, new Date().toISOString(), { comments_hold_first_time: false });
    try {
      const altcha = await solve(await challenge());
      const a = await postJson({ name: 'Replay A', comment: 'one', altcha });
      const b = await postJson({ name: 'Replay B', comment: 'two', altcha });
      expect(a.json<{ comment: CommentJson }>().comment.status).toBe('approved');
      const second = b.json<{ comment: CommentJson }>().comment;
      expect(second.status).toBe('pending');
      expect((await row(second.id)).held_reason).toBe('challenge_replayed');
    } finally {
      await writeCommentSettings(t.db, new Date().toISOString(), {
        comments_hold_first_time: true,
      });
    }
  });

  it('holds a forged or expired challenge', async () => {
    const c = await challenge();
    const forged = await solve({
      ...c,
      parameters: { ...c.parameters, cost: 1 },
      signature: '00'.repeat(32),
    });
    const res = await postJson({ name: 'Forger', comment: 'x', altcha: forged });
    expect((await row(res.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
      'challenge_invalid',
    );
    const old = await solve(await challenge());
    time.advance(3 * 60 * 60 * 1000);
    const late = await postJson({ name: 'Late', comment: 'y', altcha: old });
    expect((await row(late.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
      'challenge_expired',
    );
  });

  it('marks a filled honeypot as spam but answers like a held comment', async () => {
    const res = await postJson({ name: 'Bot', comment: 'Buy now', website: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    const c = res.json<{ comment: CommentJson }>().comment;
    expect(c.status).toBe('pending');
    expect((await row(c.id)).status).toBe('spam');
  });

  it('holds comments with many links, moderation words; block words are spam', async () => {
    await writeCommentSettings(t.db, new Date().toISOString(), {
      comments_hold_first_time: false,
      comments_moderation_words: ['casino'],
      comments_block_words: ['viagra'],
    });
    try {
      const links = await postJson({
        name: 'L',
        comment: 'https://a.example and https://b.example',
        altcha: await solve(await challenge()),
      });
      expect((await row(links.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
        'links',
      );
      const one = await postJson({
        name: 'L1',
        comment: 'see https://a.example',
        altcha: await solve(await challenge()),
      });
      expect(one.json<{ comment: CommentJson }>().comment.status).toBe('approved');
      const word = await postJson({
        name: 'W',
        comment: 'Best CASINO here',
        altcha: await solve(await challenge()),
      });
      expect((await row(word.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
        'moderation_word',
      );
      const blocked = await postJson({
        name: 'B',
        comment: 'cheap Viagra',
        altcha: await solve(await challenge()),
      });
      expect((await row(blocked.json<{ comment: CommentJson }>().comment.id)).status).toBe('spam');
    } finally {
      await writeCommentSettings(t.db, new Date().toISOString(), {
        comments_hold_first_time: true,
        comments_moderation_words: [],
        comments_block_words: [],
      });
    }
  });

  it('holds a post sent back faster than the minimum time after its challenge was issued', async () => {
    await writeCommentSettings(t.db, new Date().toISOString(), { comments_hold_first_time: false });
    try {
      const fast = await postJson({
        name: 'Speedy',
        comment: 'fast',
        altcha: await solve(await challenge(0)),
      });
      expect((await row(fast.json<{ comment: CommentJson }>().comment.id)).held_reason).toBe(
        'too_fast',
      );
      const issued = await challenge(0);
      time.advance(5_000);
      const slow = await postJson({
        name: 'Patient',
        comment: 'slow',
        altcha: await solve(issued),
      });
      expect(slow.json<{ comment: CommentJson }>().comment.status).toBe('approved');
    } finally {
      await writeCommentSettings(t.db, new Date().toISOString(), {
        comments_hold_first_time: true,
      });
    }
  });
});

describe('bad input → clear 4xx, nothing stored', () => {
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    ['empty name', { name: '', comment: 'hi' }, 'name'],
    ['blank name', { name: '   \t ', comment: 'hi' }, 'name'],
    ['zero-width-only name', { name: '\u200B\u200C\u200D\uFEFF', comment: 'hi' }, 'name'],
    ['Hangul filler name', { name: '\u3164\u3164', comment: 'hi' }, 'name'],
    ['other default-ignorable name', { name: '\u115F\u1160\u2060\u180E', comment: 'hi' }, 'name'],
    ['name of 51 characters', { name: 'a'.repeat(51), comment: 'hi' }, 'name'],
    ['empty comment', { name: 'A', comment: '' }, 'comment'],
    ['zero-width-only comment', { name: 'A', comment: '\u200B \n\u200B' }, 'comment'],
    ['comment of 5001 characters', { name: 'A', comment: 'ㅋ'.repeat(5001) }, 'comment'],
    ['invalid email', { name: 'A', comment: 'hi', email: 'not-an-email' }, 'email'],
    ['email with spaces', { name: 'A', comment: 'hi', email: 'a b@example.com' }, 'email'],
    ['control character in comment', { name: 'A', comment: 'hi\u0000there' }, 'comment'],
    ['escape in name', { name: 'A\u001B[31m', comment: 'hi' }, 'name'],
    ['C1 control', { name: 'A', comment: 'x\u0085y' }, 'comment'],
    ['RTL override in name', { name: 'moc.elgoog\u202Eevil', comment: 'hi' }, 'name'],
    ['RTL override in comment', { name: 'A', comment: 'abc\u202Edef' }, 'comment'],
    ['bidi isolate in comment', { name: 'A', comment: 'abc\u2067def\u2069' }, 'comment'],
    ['missing parent', { name: 'A', comment: 'hi', parent_id: 999_999 }, 'parent_id'],
    ['missing name field', { comment: 'hi' }, 'name'],
    ['unknown field', { name: 'A', comment: 'hi', admin: true }, undefined],
    ['wrong type', { name: 'A', comment: { x: 1 } }, undefined],
  ];
  it.each(cases)('%s', async (_label, payload, property) => {
    const before = await countRows();
    const res = await postJson(payload);
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { code: string; message: string; property?: string } }>().error;
    expect(error.code).toBe('validation_failed');
    expect(error.message.length).toBeGreaterThan(5);
    if (property !== undefined) expect(error.property).toBe(property);
    expect(await countRows()).toBe(before);
  });

  it('refuses a parent on another article', async () => {
    const other = await insertArticle(t.db);
    const res = await postJson({ name: 'A', comment: 'parent elsewhere' }, { articleId: other.id });
    await approve(res.json<{ comment: CommentJson }>().comment.id);
    const before = await countRows();
    const bad = await postJson({
      name: 'B',
      comment: 'reply',
      parent_id: res.json<{ comment: CommentJson }>().comment.id,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { property: string } }>().error.property).toBe('parent_id');
    expect(await countRows()).toBe(before);
  });

  it('threads replies at any depth, each under the comment it answers', async () => {
    let parent: number | null = null;
    for (let level = 0; level < 7; level++) {
      const res = await postJson({
        name: `Level ${level}`,
        comment: `level ${level}`,
        parent_id: parent,
      });
      expect(res.statusCode).toBe(201);
      const id = res.json<{ comment: CommentJson }>().comment.id;
      await approve(id);
      expect(await row(id)).toMatchObject({ depth: level, parent_id: parent });
      parent = id;
    }
  });

  it('keeps a refused no-JS comment on the page that says why, with the way back', async () => {
    const closed = await insertArticle(t.db, { commentsEnabled: false });
    const typed = 'A long thought about <episode 16> that took ten minutes to write.';
    const refused = await postForm({ name: 'Mu-deok', comment: typed }, { slug: closed.slug });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Comments are closed');
    // The text is there to copy, escaped, and the article is one link away.
    expect(refused.body).toContain(
      'A long thought about &lt;episode 16> that took ten minutes to write.</textarea>',
    );
    expect(refused.body).toContain(`href="/news/${closed.slug}"`);
    expect(refused.body).not.toContain('<form class="comment-form"');

    // A mistake the reader can fix: the form again, filled in, posting to the same place.
    const tooLong = await postForm({ name: 'x'.repeat(60), comment: typed });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(`action="/news/${article.slug}/comments"`);
    expect(tooLong.body).toContain(`value="${'x'.repeat(60)}"`);
    expect(tooLong.body).toContain(
      'A long thought about &lt;episode 16> that took ten minutes to write.</textarea>',
    );
    expect(tooLong.body).toContain(`href="/news/${article.slug}#comments"`);
  });

  it('answers 403 comments_closed when comments are off, 404 for drafts and unknown ids', async () => {
    const closed = await insertArticle(t.db, { commentsEnabled: false });
    const before = await countRows();
    const res = await postJson({ name: 'A', comment: 'hi' }, { articleId: closed.id });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('comments_closed');
    const form = await postForm({ name: 'A', comment: 'hi' }, { slug: closed.slug });
    expect(form.statusCode).toBe(403);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    const draft = await insertArticle(t.db, { status: 'draft' });
    expect((await postJson({ name: 'A', comment: 'hi' }, { articleId: draft.id })).statusCode).toBe(
      404,
    );
    expect((await postJson({ name: 'A', comment: 'hi' }, { articleId: 987_654 })).statusCode).toBe(
      404,
    );
    expect((await postForm({ name: 'A', comment: 'hi' }, { slug: draft.slug })).statusCode).toBe(
      404,
    );
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/content/v1/articles/${draft.id}/comments` }))
        .statusCode,
    ).toBe(404);
    expect(await countRows()).toBe(before);
  });

  it('answers 413 to an oversized request body, JSON and form', async () => {
    const before = await countRows();
    const json = await postJson({ name: 'A', comment: 'x'.repeat(70_000) });
    expect(json.statusCode).toBe(413);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('payload_too_large');
    const form = await postForm({ name: 'A', comment: 'x'.repeat(70_000) });
    expect(form.statusCode).toBe(413);
    expect(form.body).toContain('That is too large');
    expect(await countRows()).toBe(before);
  });

  it('stores a double post once and returns the first comment', async () => {
    const ip = nextIp();
    const a = await postJson({ name: 'Twice', comment: 'Same words' }, { ip });
    const b = await postJson({ name: 'Twice', comment: 'Same words' }, { ip });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json<{ comment: CommentJson }>().comment.id).toBe(
      a.json<{ comment: CommentJson }>().comment.id,
    );
    const n = await t.db
      .selectFrom('comments')
      .select('id')
      .where('author_name', '=', 'Twice')
      .execute();
    expect(n).toHaveLength(1);
    const f1 = await postForm({ name: 'Twice form', comment: 'Same' }, { ip: nextIp() });
    const f2 = await postForm({ name: 'Twice form', comment: 'Same' }, { ip: nextIp() });
    expect(f1.statusCode).toBe(303);
    expect(f2.statusCode).toBe(303);
    expect(
      await t.db
        .selectFrom('comments')
        .select('id')
        .where('author_name', '=', 'Twice form')
        .execute(),
    ).toHaveLength(1);
  });

  it('rate-limits one client: 429 within 15 s (JSON and HTML), accepted after', async () => {
    const ip = nextIp();
    expect((await postJson({ name: 'Fast', comment: 'one' }, { ip })).statusCode).toBe(201);
    const json = await postJson({ name: 'Fast', comment: 'two' }, { ip });
    expect(json.statusCode).toBe(429);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    expect(json.headers['retry-after']).toBe('15');
    const html = await postForm({ name: 'Fast', comment: 'three' }, { ip });
    expect(html.statusCode).toBe(429);
    expect(html.body).toContain('Your comment was not posted');
    expect(html.body).toContain('15 seconds');
    expect(html.body).toContain('>three</textarea>');
    time.advance(16_000);
    expect((await postJson({ name: 'Fast', comment: 'four' }, { ip })).statusCode).toBe(201);
  });

  it('limits bursts of one client on one article', async () => {
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      expect((await postJson({ name: 'Burst', comment: `n${i}` }, { ip })).statusCode).toBe(201);
      time.advance(16_000);
    }
    expect((await postJson({ name: 'Burst', comment: 'n5' }, { ip })).statusCode).toBe(429);
  });

  it('limits one client to 30 comments an hour over all articles', async () => {
    const ip = nextIp();
    const other = await insertArticle(t.db, { slug: 'alchemy-hourly' });
    const ids = [article.id, other.id];
    // Five on each of two articles per round (the burst limit), three rounds 10.5 minutes apart.
    for (let round = 0; round < 3; round++) {
      for (const articleId of ids) {
        for (let i = 0; i < 5; i++) {
          const res = await postJson(
            { name: 'Hourly', comment: `r${round} a${articleId} n${i}` },
            { ip, articleId },
          );
          expect(res.statusCode, res.body).toBe(201);
          time.advance(16_000);
        }
      }
      time.advance(630_000);
    }
    const limited = await postJson({ name: 'Hourly', comment: 'one more' }, { ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { message: string } }>().error.message).toContain('last hour');
    time.advance(60 * 60 * 1000);
    expect((await postJson({ name: 'Hourly', comment: 'later' }, { ip })).statusCode).toBe(201);
  });

  it('keys rate limits on X-Forwarded-For only when DEHO_TRUST_PROXY=1', async () => {
    for (const trust of ['0', '1']) {
      const app = await buildTestApp({
        demo: false,
        now: time.clock,
        env: { DEHO_TRUST_PROXY: trust },
      });
      try {
        const a = await insertArticle(app.db);
        const send = (xff: string, comment: string) =>
          app.app.inject({
            method: 'POST',
            url: `/api/content/v1/articles/${a.id}/comments`,
            payload: { name: 'Proxy', comment },
            headers: { 'x-forwarded-for': xff },
            remoteAddress: '127.0.0.1',
          });
        expect((await send('203.0.113.1', 'one')).statusCode).toBe(201);
        expect((await send('203.0.113.2', 'two')).statusCode).toBe(trust === '1' ? 201 : 429);
      } finally {
        await app.close();
      }
    }
  });
});

describe('form post without JavaScript', () => {
  it('303s to the pending notice, and to #comment-N once the commenter is trusted', async () => {
    const ip = nextIp();
    const res = await postForm(
      { name: 'Jang Uk', comment: 'Plain form, no JS.', email: '', parent_id: '', website: '' },
      { ip },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/news/${article.slug}?comment=pending#comments`);
    const stored = await t.db
      .selectFrom('comments')
      .selectAll()
      .where('author_name', '=', 'Jang Uk')
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('pending');
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';

    const { loadCommentsSection, CommentsSection } = await import('./index.js');
    const { renderToString } = await import('preact-render-to-string');
    const { h } = await import('preact');
    const { comment_count: approvedCount } = await t.db
      .selectFrom('articles')
      .select('comment_count')
      .where('id', '=', article.id)
      .executeTakeFirstOrThrow();
    const render = async (token?: string, notice?: 'pending') =>
      renderToString(
        h(CommentsSection, {
          model: await loadCommentsSection(t.db, {
            articleId: article.id,
            articleSlug: article.slug,
            commentsEnabled: true,
            publishedAt: null,
            approvedCount,
            now: time.clock(),
            token,
            notice,
          }),
        }),
      );
    const token = cookie.split('=')[1];
    const own = await render(token, 'pending');
    expect(own).toContain('Plain form, no JS.');
    expect(own).toContain('awaiting moderation');
    expect(own).toContain('Awaiting moderation — only you can see this comment');
    expect(await render()).not.toContain('Plain form, no JS.');

    await approve(stored.id);
    const visible = await render();
    expect(visible).toContain(`id="comment-${stored.id}"`);
    expect(visible).toContain('Plain form, no JS.');
    expect(visible).not.toContain('@');

    time.advance(20_000);
    const c = await challenge();
    const trusted = await postForm(
      { name: 'Jang Uk', comment: 'Now trusted.', altcha: await solve(c) },
      { ip, cookie },
    );
    expect(trusted.statusCode).toBe(303);
    const id = (
      await t.db
        .selectFrom('comments')
        .select('id')
        .where('body', '=', 'Now trusted.')
        .executeTakeFirstOrThrow()
    ).id;
    expect(trusted.headers.location).toBe(`/news/${article.slug}#comment-${id}`);
  });

  it('shows a readable HTML page for a validation error', async () => {
    const res = await postForm({ name: '\u200B', comment: 'hi' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('invisible characters');
  });
});

describe('commenter edits and deletes own comment within the edit window (15 minutes by default)', () => {
  it('edits and deletes with the cookie, not without, not after 15 minutes', async () => {
    const res = await postJson({ name: 'Editor', comment: 'Tpyo' });
    const id = res.json<{ comment: CommentJson }>().comment.id;
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const edit = (body: string, withCookie: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/content/v1/comments/${id}`,
        payload: { comment: { body } },
        ...(withCookie && { headers: { cookie } }),
      });
    expect((await edit('Hijack', false)).statusCode).toBe(404);
    const ok = await edit('Typo', true);
    expect(ok.statusCode).toBe(200);
    expect((await row(id)).body).toBe('Typo');
    const page = await t.app.inject({
      method: 'GET',
      url: `/news/${article.slug}/comments/${id}/edit`,
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Typo');
    time.advance(16 * 60 * 1000);
    expect((await edit('Too late', true)).statusCode).toBe(403);
    const res2 = await postJson({ name: 'Deleter', comment: 'Oops' }, { cookie });
    const id2 = res2.json<{ comment: CommentJson }>().comment.id;
    // The delete form carries the token bound to the cookie (comments.csrf.test.ts).
    const formToken = /name="form_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const del = await t.app.inject({
      method: 'POST',
      url: `/news/${article.slug}/comments/${id2}/delete`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ form_token: formToken }).toString(),
    });
    expect(del.statusCode).toBe(303);
    expect((await row(id2)).status).toBe('trash');
  });
});

describe('the site’s comment rules: closing after some days, and the edit window', () => {
  /** An article published `daysAgo` days before the test clock's now. */
  async function publishedDaysAgo(daysAgo: number) {
    const at = new Date(time.clock().getTime() - daysAgo * 86_400_000).toISOString();
    const slug = `rules-${daysAgo}-${Math.random().toString(36).slice(2, 8)}`;
    const { id } = await t.db
      .insertInto('articles')
      .values({
        slug,
        title: `Rules ${slug}`,
        status: 'published',
        published_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, slug };
  }

  it('closes comments the set number of days after publication, on the API, the form and the page', async () => {
    await writeCommentSettings(t.db, time.clock().toISOString(), { comments_close_after_days: 30 });
    try {
      const young = await publishedDaysAgo(29);
      const old = await publishedDaysAgo(31);
      expect(
        (await postJson({ name: 'Mina', comment: 'Still open' }, { articleId: young.id }))
          .statusCode,
      ).toBe(201);
      const before = await countRows();
      const refused = await postJson({ name: 'Mina', comment: 'Too late' }, { articleId: old.id });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ error: { message: string } }>().error.message).toBe(
        'Comments on this article closed 30 days after it was published.',
      );
      const form = await postForm({ name: 'Mina', comment: 'Too late' }, { slug: old.slug });
      expect(form.statusCode).toBe(403);
      expect(await countRows()).toBe(before);
      const page = await t.app.inject(`/news/${old.slug}`);
      expect(page.body).toContain('Comments are closed for this article.');
      expect(page.body).not.toContain('name="comment"');
      const open = await t.app.inject(`/news/${young.slug}`);
      expect(open.body).toContain('name="comment"');
    } finally {
      await writeCommentSettings(t.db, time.clock().toISOString(), {
        comments_close_after_days: 0,
      });
    }
  });

  it('refreshes pages kept in the cache when the closing age changes through the Admin API', async () => {
    const { key } = await createApiKey(t.db, time.clock, { name: 'rules', role: 'admin' });
    const old = await publishedDaysAgo(40);
    expect((await t.app.inject(`/news/${old.slug}`)).body).toContain('name="comment"');
    const kept = await t.app.inject(`/news/${old.slug}`);
    expect(kept.headers['x-cache']).toBe('hit');
    const patch = (days: number) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/admin/v1/settings/comments',
        headers: { authorization: `Bearer ${key}` },
        payload: { settings: { comments_close_after_days: days } },
      });
    try {
      expect((await patch(30)).statusCode).toBe(200);
      const page = await t.app.inject(`/news/${old.slug}`);
      expect(page.body).toContain('Comments are closed for this article.');
    } finally {
      expect((await patch(0)).statusCode).toBe(200);
    }
    expect((await t.app.inject(`/news/${old.slug}`)).body).toContain('name="comment"');
  });

  it('lets a commenter change a comment for the minutes the site sets, and says so', async () => {
    await writeCommentSettings(t.db, time.clock().toISOString(), { comments_edit_minutes: 60 });
    try {
      const res = await postJson({ name: 'Editor', comment: 'First take' });
      const id = res.json<{ comment: CommentJson }>().comment.id;
      const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
      const edit = (body: string) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/content/v1/comments/${id}`,
          payload: { comment: { body } },
          headers: { cookie },
        });
      time.advance(30 * 60 * 1000);
      expect((await edit('Second take')).statusCode).toBe(200);
      time.advance(31 * 60 * 1000);
      const late = await edit('Third take');
      expect(late.statusCode).toBe(403);
      expect(late.json<{ error: { message: string } }>().error.message).toBe(
        'You can change your own comment for 60 minutes after posting it, from the same browser.',
      );
      await writeCommentSettings(t.db, time.clock().toISOString(), { comments_edit_minutes: 0 });
      const fresh = await postJson({ name: 'Editor', comment: 'Final' }, { cookie });
      const freshId = fresh.json<{ comment: CommentJson }>().comment.id;
      const never = await t.app.inject({
        method: 'PATCH',
        url: `/api/content/v1/comments/${freshId}`,
        payload: { comment: { body: 'Changed' } },
        headers: { cookie },
      });
      expect(never.statusCode).toBe(403);
      expect((await row(freshId)).body).toBe('Final');
    } finally {
      await writeCommentSettings(t.db, time.clock().toISOString(), { comments_edit_minutes: 15 });
    }
  });
});

describe('concurrency', () => {
  it('stores 50 concurrent posts exactly once each', async () => {
    const target = await insertArticle(t.db);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(
          { name: `Poster ${i}`, comment: `Concurrent comment ${i}` },
          { ip: `192.0.2.${i + 1}`, articleId: target.id },
        ),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const rows = await t.db
      .selectFrom('comments')
      .select(['id', 'body'])
      .where('article_id', '=', target.id)
      .execute();
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.body)).size).toBe(50);
    expect(new Set(responses.map((r) => r.json<{ comment: CommentJson }>().comment.id))).toEqual(
      new Set(rows.map((r) => r.id)),
    );
    // The same post 10 times at once: one row.
    const same = await Promise.all(
      Array.from({ length: 10 }, () =>
        postJson({ name: 'Echo', comment: 'Echo' }, { ip: '198.51.100.7', articleId: target.id }),
      ),
    );
    expect(same.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(
      await t.db.selectFrom('comments').select('id').where('author_name', '=', 'Echo').execute(),
    ).toHaveLength(1);
  });
});
