import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertArticle, movableClock } from './comment.test-support.js';

/*
 * Issue 17, item 5: a commenter's writes (post, edit, delete with the commenter cookie) refuse
 * requests that another site makes the browser send. A write whose Origin names another site is
 * refused, as on staff writes; the no-JavaScript edit and delete forms also carry a token bound
 * to the commenter cookie, which another site cannot read.
 */

const OWN = 'http://deho.test';
const FOREIGN = 'https://evil.example';
const FOREIGN_MESSAGE = 'Requests from other sites are not accepted here.';

const time = movableClock('2026-03-01T12:00:00.000Z');
let t: TestApp;
let article: { id: number; slug: string };
let ipCounter = 0;
const nextIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  article = await insertArticle(t.db, { slug: 'csrf-comments' });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  time.advance(60_000);
});

/** Posts a comment through the Content API; answers its id and the commenter cookie. */
async function postComment(text: string, cookie?: string): Promise<{ id: number; cookie: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/content/v1/articles/${article.id}/comments`,
    payload: { name: 'Reader', comment: text },
    remoteAddress: nextIp(),
    headers: { origin: OWN, ...(cookie !== undefined && { cookie }) },
  });
  expect(res.statusCode).toBe(201);
  return {
    id: res.json<{ comment: { id: number } }>().comment.id,
    cookie: cookie ?? String(res.headers['set-cookie']).split(';')[0] ?? '',
  };
}

async function stored(id: number) {
  return t.db
    .selectFrom('comments')
    .select(['body', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The hidden form token in a page's own-comment form (edit page or article page). */
function formTokenIn(html: string): string | undefined {
  return /<input type="hidden" name="form_token" value="([^"]+)"/.exec(html)?.[1];
}

function form(url: string, fields: Record<string, string>, headers: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
    remoteAddress: nextIp(),
  });
}

describe('a foreign Origin is refused on every commenter write', () => {
  /** Each write tries its own comment, so one route's failure cannot hide another's. */
  const WRITES: Record<
    string,
    (
      id: number,
      headers: Record<string, string>,
      token: string,
    ) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>
  > = {
    'form post': (_id, headers) =>
      form(`/news/${article.slug}/comments`, { name: 'X', comment: 'Forged post' }, headers),
    'form edit': (id, headers, token) =>
      form(
        `/news/${article.slug}/comments/${id}/edit`,
        { comment: 'Forged', form_token: token },
        headers,
      ),
    'form delete': (id, headers, token) =>
      form(`/news/${article.slug}/comments/${id}/delete`, { form_token: token }, headers),
    'API post': (_id, headers) =>
      t.app.inject({
        method: 'POST',
        url: `/api/content/v1/articles/${article.id}/comments`,
        payload: { name: 'X', comment: 'Forged API post' },
        headers,
        remoteAddress: nextIp(),
      }),
    'API edit': (id, headers) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/content/v1/comments/${id}`,
        payload: { comment: { body: 'Forged' } },
        headers,
      }),
    'API delete': (id, headers) =>
      t.app.inject({ method: 'DELETE', url: `/api/content/v1/comments/${id}`, headers }),
  };

  for (const [name, write] of Object.entries(WRITES)) {
    it(`${name}: 403 with a message, and nothing changes`, async () => {
      const { id, cookie } = await postComment(`Original text for ${name}`);
      const editPage = await t.app.inject({
        url: `/news/${article.slug}/comments/${id}/edit`,
        headers: { cookie },
      });
      const token = formTokenIn(editPage.body) ?? '';
      const before = await t.db.selectFrom('comments').select('id').execute();
      const answer = await write(id, { origin: FOREIGN, cookie }, token);
      expect(answer.statusCode).toBe(403);
      expect(answer.body).toContain(FOREIGN_MESSAGE);
      // HTML on the reader site, JSON on the Content API.
      expect(answer.headers['content-type']).toMatch(
        name.startsWith('API') ? /^application\/json/ : /^text\/html/,
      );
      expect(await stored(id)).toEqual({ body: `Original text for ${name}`, status: 'pending' });
      expect(await t.db.selectFrom('comments').select('id').execute()).toEqual(before);
    });
  }
});

describe('same-site writes keep working', () => {
  it('the no-JavaScript forms carry a token bound to the cookie, and work with it', async () => {
    const { id, cookie } = await postComment('Tpyo');
    const editPage = await t.app.inject({
      url: `/news/${article.slug}/comments/${id}/edit`,
      headers: { cookie },
    });
    const token = formTokenIn(editPage.body);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const edited = await form(
      `/news/${article.slug}/comments/${id}/edit`,
      { comment: 'Typo', form_token: token ?? '' },
      { origin: OWN, cookie },
    );
    expect(edited.statusCode).toBe(303);
    expect((await stored(id)).body).toBe('Typo');

    // The article page shows the delete form with the same token; a browser without Origin
    // (older ones send none on a same-site form post) is accepted.
    const page = await t.app.inject({ url: `/news/${article.slug}`, headers: { cookie } });
    expect(formTokenIn(page.body)).toBe(token);
    // Under no-referrer, browsers send `Origin: null` on the site's own form posts.
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const deleted = await form(
      `/news/${article.slug}/comments/${id}/delete`,
      { form_token: token ?? '' },
      { cookie },
    );
    expect(deleted.statusCode).toBe(303);
    expect((await stored(id)).status).toBe('trash');
  });

  it('the Content API edits and deletes from the own origin', async () => {
    const { id, cookie } = await postComment('Via the API');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/content/v1/comments/${id}`,
      payload: { comment: { body: 'Via the API, edited' } },
      headers: { origin: OWN, cookie },
    });
    expect(patched.statusCode).toBe(200);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/content/v1/comments/${id}`,
      headers: { origin: OWN, cookie },
    });
    expect(removed.statusCode).toBe(204);
    expect(await stored(id)).toEqual({ body: 'Via the API, edited', status: 'trash' });
  });
});

describe('the forms refuse a missing or foreign token', () => {
  it('answers 403 without the token, or with the token of another cookie, and changes nothing', async () => {
    const mine = await postComment('Mine');
    const theirs = await postComment('Theirs');
    const theirPage = await t.app.inject({
      url: `/news/${article.slug}/comments/${theirs.id}/edit`,
      headers: { cookie: theirs.cookie },
    });
    const theirToken = formTokenIn(theirPage.body) ?? '';
    expect(theirToken).not.toBe('');
    const attempts = [
      await form(
        `/news/${article.slug}/comments/${mine.id}/edit`,
        { comment: 'Forged' },
        { cookie: mine.cookie },
      ),
      await form(
        `/news/${article.slug}/comments/${mine.id}/edit`,
        { comment: 'Forged', form_token: theirToken },
        { cookie: mine.cookie },
      ),
      await form(`/news/${article.slug}/comments/${mine.id}/delete`, {}, { cookie: mine.cookie }),
      await t.app.inject({
        method: 'POST',
        url: `/news/${article.slug}/comments/${mine.id}/delete`,
        headers: { cookie: mine.cookie },
      }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    for (const attempt of attempts) expect(attempt.body).toContain('Open the comment again');
    expect(await stored(mine.id)).toEqual({ body: 'Mine', status: 'pending' });
  });
});
