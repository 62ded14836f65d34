import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpSink } from '../../src/features/comments/notify.test-support.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';

/*
 * Reply notifications in a real Chromium against the built server and a real SMTP server: a
 * reader ticks "Email me when someone replies" (the comments island posts it as JSON), a reply
 * is approved by a moderator, the mail arrives, and its unsubscribe link opens a page whose
 * button unsubscribes.
 */

const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('reply notifications in the browser', () => {
  let smtp: SmtpSink;
  let server: RunningServer;
  let browser: Browser;
  let reader: Watched;
  let replier: Watched;
  let key: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({
      // Behind a "proxy", so that the two readers post from two addresses (rate limits).
      env: { DEHO_SMTP_URL: smtp.url, DEHO_JOB_INTERVAL_MS: '200', DEHO_TRUST_PROXY: '1' },
    });
    const out = execFileSync(
      process.execPath,
      [path.resolve('dist/cli.js'), 'apikey', 'create', '--name', 'e2e', '--role', 'moderator'],
      { env: { ...process.env, DEHO_DATA_DIR: server.dataDir }, encoding: 'utf8' },
    );
    key = out.trim().split('\n').at(-1) ?? '';
    browser = await launchChromium();
    // Two browsers: a reply from the reader's own browser (same cookie) is never mailed.
    reader = await watchedPage(browser, { extraHTTPHeaders: { 'x-forwarded-for': '10.3.0.1' } });
    replier = await watchedPage(browser, { extraHTTPHeaders: { 'x-forwarded-for': '10.3.0.2' } });
  });

  afterAll(async () => {
    await reader?.close();
    await replier?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  async function approve(text: string): Promise<number> {
    const list = await fetch(`${server.url}/api/admin/v1/comments?status=pending&limit=100`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const { comments } = (await list.json()) as { comments: { id: number; body: string }[] };
    const id = comments.find((c) => c.body === text)?.id;
    if (id === undefined) throw new Error(`no pending comment "${text}"`);
    const res = await fetch(`${server.url}/api/admin/v1/comments/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ comment: { status: 'approved' } }),
    });
    expect(res.status).toBe(200);
    return id;
  }

  async function postThroughForm(
    who: Watched,
    fields: { name: string; comment: string; email?: string },
  ) {
    const form = who.page.locator('form[data-comments-form]');
    await form.getByLabel('Comment', { exact: true }).fill(fields.comment);
    await form.getByLabel('Name').fill(fields.name);
    if (fields.email !== undefined) {
      await form.getByLabel('Email (never shown)').fill(fields.email);
      await form.getByLabel('Email me when someone replies').check();
    }
    await form.getByRole('button', { name: 'Post comment' }).click();
    await who.page.waitForSelector(`#comments li.comment >> text=${fields.comment}`);
  }

  it('mails the reader about an approved reply; the link’s button unsubscribes', async () => {
    const { page } = reader;
    await page.goto(`${server.url}${ARTICLE}#comments`);
    const box = page.getByLabel('Email me when someone replies');
    expect(await box.isChecked()).toBe(false);

    await postThroughForm(reader, {
      name: 'Browser Reader',
      comment: 'Posted from Chromium, mail me.',
      email: 'browser@example.com',
    });
    const parentId = await approve('Posted from Chromium, mail me.');

    await replier.page.goto(`${server.url}${ARTICLE}?replyto=${parentId}#comment-form`);
    await postThroughForm(replier, { name: 'Replying Reader', comment: 'A reply from Chromium.' });
    const replyId = await approve('A reply from Chromium.');

    await smtp.waitFor(1, 10_000);
    const mail = smtp.mails[0];
    expect(mail?.to).toEqual(['browser@example.com']);
    expect(mail?.text).toContain('Replying Reader replied to your comment');
    expect(mail?.text).toContain(`${ARTICLE}#comment-${replyId}`);
    const link = /^<(.+)>$/.exec(mail?.headers.get('list-unsubscribe') ?? '')?.[1] ?? '';
    const unsubscribe = new URL(link);

    await page.goto(`${server.url}${unsubscribe.pathname}${unsubscribe.search}`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    for (const who of [reader, replier]) {
      expect(who.pageErrors).toEqual([]);
      expect(who.consoleErrors).toEqual([]);
    }
  });
});
