import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Challenge } from 'altcha-lib';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';
import { writeCommentSettings } from './comment.settings.js';
import { insertArticle, movableClock, solve } from './comment.test-support.js';
import { sendDueMails, type MailRun } from './mail-outbox.js';
import { startSmtp, type ReceivedMail, type SmtpSink } from './notify.test-support.js';
import { emailHash } from './notify.token.js';

/*
 * Reply notifications end to end: the real app, a real SQLite file, a real SMTP server on a
 * local port. The outbox job's own loop is slowed to its longest interval so that each test
 * decides when mails go out (`drain`); the last describe lets the loop send on its own.
 */

const time = movableClock('2026-04-01T12:00:00.000Z');
let t: TestApp;
let smtp: SmtpSink;
let article: { id: number; slug: string };
let adminKey: string;
let ipCounter = 0;
const nextIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({
    demo: false,
    now: time.clock,
    env: { DEHO_SMTP_URL: smtp.url, DEHO_JOB_INTERVAL_MS: '30000' },
  });
  article = await insertArticle(t.db, { slug: 'alchemy-of-souls-returns' });
  adminKey = (await createApiKey(t.db, time.clock, { name: 'mod', role: 'moderator' })).key;
  // Solved posts are approved at once (no first-comment hold), so replies show straight away.
  await writeCommentSettings(t.db, time.clock().toISOString(), {
    comments_hold_first_time: false,
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => {
  time.advance(60_000);
});

function drain(): Promise<MailRun> {
  return sendDueMails({ db: t.db, dialect: t.handle.dialect, clock: t.clock, config: t.config });
}

async function solved(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/api/content/v1/comments/challenge' });
  const { challenge } = res.json<{ challenge: Challenge }>();
  time.advance(5_000);
  return solve(challenge);
}

interface Posted {
  id: number;
  status: string;
}

/** Posts through the JSON API; `held` skips the challenge, so the post waits for moderation. */
async function post(
  body: {
    name: string;
    comment: string;
    email?: string;
    parent_id?: number;
    notify_replies?: boolean;
  },
  options: { held?: boolean; cookie?: string } = {},
): Promise<Posted> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/content/v1/articles/${article.id}/comments`,
    payload: { ...body, ...(options.held !== true && { altcha: await solved() }) },
    remoteAddress: nextIp(),
    ...(options.cookie !== undefined && { headers: { cookie: options.cookie } }),
  });
  expect(res.statusCode).toBe(201);
  expect(res.body).not.toContain('@example.com');
  return res.json<{ comment: Posted }>().comment;
}

function moderate(id: number, status: string) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/admin/v1/comments/${id}`,
    headers: { authorization: `Bearer ${adminKey}` },
    payload: { comment: { status } },
  });
}

/** The unsubscribe URL from a mail's List-Unsubscribe header, as a path for inject(). */
function unsubscribePath(mail: ReceivedMail): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  const match = /^<http:\/\/deho\.test(\/comments\/unsubscribe\?token=[A-Za-z0-9_.-]+)>$/.exec(
    header,
  );
  if (match?.[1] === undefined) throw new Error(`no unsubscribe URL in "${header}"`);
  return match[1];
}

async function outboxRow(commentId: number) {
  return t.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('comment_id', '=', commentId)
    .executeTakeFirst();
}

describe('reply notification mails', () => {
  it('mails the parent’s author once when a reply shows at once, with the reply as plain text', async () => {
    const parent = await post({
      name: 'Mu-deok',
      comment: 'Jang Uk will be fine.',
      email: 'mu@example.com',
      notify_replies: true,
    });
    expect(parent.status).toBe('approved');
    const before = smtp.mails.length;
    const hostile =
      '<script>alert("x")</script> <b>not bold</b> &amp; ||Naksu is alive|| see https://example.org/a?b=1&c=2';
    const reply = await post({
      name: 'Seo Yul',
      comment: hostile,
      email: 'yul@example.com',
      parent_id: parent.id,
    });
    expect(reply.status).toBe('approved');
    expect(await drain()).toMatchObject({ sent: 1, retrying: 0 });
    expect(smtp.mails.length).toBe(before + 1);
    const mail = smtp.mails.at(-1) as ReceivedMail;
    expect(mail.to).toEqual(['mu@example.com']);
    expect(mail.headers.get('to')).toBe('mu@example.com');
    expect(mail.subject).toBe('New reply to your comment on “Article alchemy-of-souls-returns”');
    expect(mail.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/i);
    expect(mail.raw).not.toMatch(/text\/html/i);
    expect(mail.text).toContain('Hello Mu-deok,');
    expect(mail.text).toContain(
      'Seo Yul replied to your comment on “Article alchemy-of-souls-returns”',
    );
    // Exactly as typed, never markup — except the spoiler, which stays hidden.
    expect(mail.text).toContain(
      '<script>alert("x")</script> <b>not bold</b> &amp; [spoiler hidden] see https://example.org/a?b=1&c=2',
    );
    expect(mail.text).not.toContain('Naksu is alive');
    expect(mail.text).toContain(`http://deho.test/news/${article.slug}#comment-${reply.id}`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const path = unsubscribePath(mail);
    expect(mail.text).toContain(`http://deho.test${path}`);
    expect(path).not.toContain('mu%40example');
    expect(path).not.toContain('mu@example');

    // Approving it again (moderator PATCH) and further runs send nothing more.
    expect((await moderate(reply.id, 'approved')).statusCode).toBe(200);
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(smtp.mails.length).toBe(before + 1);
    expect((await outboxRow(reply.id))?.status).toBe('sent');
  });

  it('sends nothing for a held reply until a moderator approves it, then once', async () => {
    const parent = await post({
      name: 'Jin Cho-yeon',
      comment: 'Where is my brother?',
      email: 'cho@example.com',
      notify_replies: true,
    });
    const held = await post(
      { name: 'Park Dang-gu', comment: 'With the princess.', parent_id: parent.id },
      { held: true },
    );
    expect(held.status).toBe('pending');
    const before = smtp.mails.length;
    await drain();
    expect(smtp.mails.length).toBe(before);
    expect(await outboxRow(held.id)).toBeUndefined();

    // Spam and trash never notify either.
    expect((await moderate(held.id, 'spam')).statusCode).toBe(200);
    expect((await moderate(held.id, 'trash')).statusCode).toBe(200);
    await drain();
    expect(smtp.mails.length).toBe(before);

    expect((await moderate(held.id, 'approved')).statusCode).toBe(200);
    await drain();
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)?.to).toEqual(['cho@example.com']);
    expect(smtp.mails.at(-1)?.text).toContain(`#comment-${held.id}`);

    // Back to pending and approved again: still the one mail.
    expect((await moderate(held.id, 'pending')).statusCode).toBe(200);
    expect((await moderate(held.id, 'approved')).statusCode).toBe(200);
    await drain();
    expect(smtp.mails.length).toBe(before + 1);

    // The bulk "approve" of moderation notifies too.
    const second = await post(
      { name: 'Go Won', comment: 'Held as well.', parent_id: parent.id },
      { held: true },
    );
    const bulk = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/comments/bulk',
      headers: { authorization: `Bearer ${adminKey}` },
      payload: { ids: [second.id], action: 'approve' },
    });
    expect(bulk.statusCode).toBe(200);
    await drain();
    expect(smtp.mails.length).toBe(before + 2);
    expect(smtp.mails.at(-1)?.text).toContain(`#comment-${second.id}`);
  });

  it('never mails about one’s own reply, without the box ticked, or without an address', async () => {
    const own = await post({
      name: 'Jang Uk',
      comment: 'A thought.',
      email: 'uk@example.com',
      notify_replies: true,
    });
    const notTicked = await post({ name: 'Naksu', comment: 'Quiet.', email: 'nak@example.com' });
    const noAddress = await post({ name: 'Bu-yeon', comment: 'No mail.', notify_replies: true });
    const before = smtp.mails.length;
    await post({
      name: 'Jang Uk',
      comment: 'Answering myself.',
      email: 'UK@Example.com',
      parent_id: own.id,
    });
    await post({ name: 'Seo Yul', comment: 'To Naksu.', parent_id: notTicked.id });
    await post({ name: 'Seo Yul', comment: 'To Bu-yeon.', parent_id: noAddress.id });
    await drain();
    expect(smtp.mails.length).toBe(before);
    const queued = await t.db
      .selectFrom('mail_outbox')
      .select('recipient')
      .where('recipient', 'in', ['uk@example.com', 'nak@example.com'])
      .execute();
    expect(queued).toEqual([]);

    // The no-JS form: the box posts as a field; unticked, it is absent.
    const form = await t.app.inject({
      method: 'POST',
      url: `/news/${article.slug}/comments`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        name: 'Form Reader',
        comment: 'Posted without JavaScript.',
        email: 'form@example.com',
        notify_replies: '1',
        altcha: await solved(),
      }).toString(),
      remoteAddress: nextIp(),
    });
    expect(form.statusCode).toBe(303);
    const formId = Number(/#comment-(\d+)$/.exec(form.headers.location ?? '')?.[1]);
    await post({ name: 'Seo Yul', comment: 'To the form.', parent_id: formId });
    await drain();
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)?.to).toEqual(['form@example.com']);
  });

  it('offers the box on the article page, unticked', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/news/${article.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<input type="checkbox" name="notify_replies" value="1"[^>]*\/?>/);
    expect(page.body).not.toMatch(/name="notify_replies"[^>]*checked/);
    expect(page.body).toContain('Email me when someone replies');
  });

  it('unsubscribes by one-click POST only; a GET shows a button; forged tokens get 400', async () => {
    const parent = await post({
      name: 'Hwang',
      comment: 'Mail me.',
      email: 'hwang@example.com',
      notify_replies: true,
    });
    const other = await post({
      name: 'Hwang',
      comment: 'Mail me here too.',
      email: 'hwang@example.com',
      notify_replies: true,
    });
    await post({ name: 'Arin', comment: 'First reply.', parent_id: parent.id });
    await drain();
    const mail = smtp.mails.at(-1) as ReceivedMail;
    expect(mail.to).toEqual(['hwang@example.com']);
    const path = unsubscribePath(mail);

    // A GET (a mail scanner, or the reader opening the link) only shows the confirm button.
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<form method="post" action="/comments/unsubscribe?token=');
    expect(page.body).toContain('noindex');
    const before = smtp.mails.length;
    await post({ name: 'Arin', comment: 'Second reply.', parent_id: parent.id });
    await drain();
    expect(smtp.mails.length).toBe(before + 1);

    // Forged, tampered, truncated or missing tokens are refused, on GET and POST alike.
    const token = path.split('token=')[1] ?? '';
    const [hash, mac] = token.split('.') as [string, string];
    const forged = [
      `${emailHash('hwang@example.com')}.${'A'.repeat(43)}`,
      `${emailHash('someone@example.com')}.${mac}`,
      `${hash}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      token.slice(0, -2),
      '',
    ];
    for (const bad of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url: `/comments/unsubscribe?token=${bad}` });
        expect(res.statusCode, `${method} ${bad}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/text\/html/);
      }
    }
    const noToken = await t.app.inject({ method: 'POST', url: '/comments/unsubscribe' });
    expect(noToken.statusCode).toBe(400);
    expect(
      await t.db.selectFrom('mail_unsubscribes').selectAll().execute(),
      'nothing was unsubscribed yet',
    ).toEqual([]);

    // A reply queued but not yet sent when the reader unsubscribes is dropped.
    const queued = await post({ name: 'Arin', comment: 'Queued reply.', parent_id: other.id });
    expect((await outboxRow(queued.id))?.status).toBe('pending');

    // The one-click POST of RFC 8058, as a mail client sends it: multipart, no cookies.
    const boundary = 'FORMBOUNDARY';
    const oneClick = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('You are unsubscribed');
    expect((await outboxRow(queued.id))?.status).toBe('cancelled');
    const stored = await t.db.selectFrom('mail_unsubscribes').selectAll().execute();
    expect(stored.map((r) => r.email_hash)).toEqual([emailHash('hwang@example.com')]);
    expect(JSON.stringify(stored)).not.toContain('hwang');

    // The confirm page's own form (urlencoded, empty) works too, and again is harmless.
    const again = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(again.statusCode).toBe(200);

    const after = smtp.mails.length;
    await post({ name: 'Arin', comment: 'Third reply.', parent_id: parent.id });
    await post({ name: 'Arin', comment: 'Fourth reply.', parent_id: other.id });
    const later = await post({
      name: 'Hwang',
      comment: 'A new comment, box ticked again.',
      email: 'Hwang@Example.com',
      notify_replies: true,
    });
    await post({ name: 'Arin', comment: 'Fifth reply.', parent_id: later.id });
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(smtp.mails.length).toBe(after);
  });
});

describe('delivery when the SMTP server is away', () => {
  it('keeps the mail queued, retries with backoff, and delivers it once the server is back', async () => {
    const parent = await post({
      name: 'Lee',
      comment: 'Tell me.',
      email: 'lee@example.com',
      notify_replies: true,
    });
    const port = smtp.port;
    await smtp.close();
    const reply = await post({ name: 'Go', comment: 'Telling you.', parent_id: parent.id });

    const first = await drain();
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    const waiting = await outboxRow(reply.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting?.last_error).toBeTruthy();
    expect(Date.parse(waiting?.next_attempt_at ?? '') - time.clock().getTime()).toBe(60_000);

    // Not due yet: nothing is tried.
    expect(await drain()).toMatchObject({ sent: 0, retrying: 0 });
    time.advance(61_000);
    expect(await drain()).toMatchObject({ retrying: 1 });
    expect(await outboxRow(reply.id)).toMatchObject({ status: 'pending', attempts: 2 });

    smtp = await startSmtp(port);
    time.advance(60_000);
    expect(await drain()).toMatchObject({ sent: 0 });
    time.advance(61_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(smtp.mails.map((m) => m.to)).toEqual([['lee@example.com']]);
    expect(await outboxRow(reply.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(smtp.mails.length).toBe(1);
  });

  it('gives up after the last attempt and logs it', async () => {
    const parent = await post({
      name: 'Shin',
      comment: 'Mail me.',
      email: 'shin@example.com',
      notify_replies: true,
    });
    const port = smtp.port;
    await smtp.close();
    const reply = await post({ name: 'Yoo', comment: 'Reply.', parent_id: parent.id });
    const logged: string[] = [];
    const log = {
      info: () => undefined,
      warn: (_o: unknown, message: string) => logged.push(`warn ${message}`),
      error: (_o: unknown, message: string) => logged.push(`error ${message}`),
    };
    const policy = { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 1_000, leaseMs: 60_000 };
    const deps = { db: t.db, dialect: t.handle.dialect, clock: t.clock, config: t.config, log };
    expect(await sendDueMails(deps, policy)).toMatchObject({ retrying: 1 });
    time.advance(1_000);
    expect(await sendDueMails(deps, policy)).toMatchObject({ failed: 1 });
    expect(await outboxRow(reply.id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(logged).toEqual([
      'warn notification mail not sent; will retry',
      'error gave up sending a notification mail',
    ]);
    smtp = await startSmtp(port);
    time.advance(3_600_000);
    expect(await sendDueMails(deps, policy)).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.mails).toEqual([]);
  });
});

describe('the outbox job of the app', () => {
  it('sends queued mails on its own, without DEHO_SMTP_URL queues nothing', async () => {
    const sink = await startSmtp();
    const clock = movableClock('2026-04-02T12:00:00.000Z');
    const app = await buildTestApp({
      demo: false,
      now: clock.clock,
      env: { DEHO_SMTP_URL: sink.url, DEHO_JOB_INTERVAL_MS: '200' },
    });
    const quiet = await buildTestApp({ demo: false, now: clock.clock });
    try {
      for (const a of [app, quiet]) {
        const { id } = await insertArticle(a.db, { slug: 'job-article' });
        const parent = await a.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${id}/comments`,
          payload: { name: 'A', comment: 'Parent', email: 'a@example.com', notify_replies: true },
          remoteAddress: '10.8.0.1',
        });
        const parentId = parent.json<{ comment: { id: number } }>().comment.id;
        await a.db.updateTable('comments').set({ status: 'approved' }).execute();
        const reply = await a.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${id}/comments`,
          payload: { name: 'B', comment: 'Reply', parent_id: parentId },
          remoteAddress: '10.8.0.2',
        });
        const replyId = reply.json<{ comment: { id: number } }>().comment.id;
        const approved = await a.app.inject({
          method: 'PATCH',
          url: `/api/admin/v1/comments/${replyId}`,
          headers: {
            authorization: `Bearer ${(await createApiKey(a.db, clock.clock, { name: 'm', role: 'moderator' })).key}`,
          },
          payload: { comment: { status: 'approved' } },
        });
        expect(approved.statusCode).toBe(200);
      }
      await sink.waitFor(1);
      expect(sink.mails[0]?.to).toEqual(['a@example.com']);
      const none = await quiet.db.selectFrom('mail_outbox').selectAll().execute();
      expect(none).toEqual([]);
    } finally {
      await app.close();
      await quiet.close();
      await sink.close();
    }
  });
});
