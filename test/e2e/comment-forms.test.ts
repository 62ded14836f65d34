import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';

/*
 * Issue 17, item 5, in a real browser without JavaScript: the own-comment edit and delete forms
 * carry their CSRF token (bound to the commenter cookie) and keep working as plain HTML forms.
 */

const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('own-comment forms without JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  let reader: Watched;

  beforeAll(async () => {
    // Each reader from an address of their own (behind a proxy): one address may post once in
    // 15 seconds, and both tests post.
    server = await startServer({ env: { DEHO_TRUST_PROXY: '1' } });
    browser = await launchChromium();
    reader = await watchedPage(browser, {
      javaScriptEnabled: false,
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.10' },
    });
  });
  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.stop();
  });

  it('posts, edits and deletes one’s own comment with the forms alone', async () => {
    const { page } = reader;
    await page.goto(server.url + ARTICLE);
    const form = page.locator('form[data-comments-form]');
    await form.getByLabel('Comment', { exact: true }).fill('Frist comment');
    await form.getByLabel('Name').fill('No-JS reader');
    await form.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForSelector('#comments li.comment >> text=Frist comment');

    const mine = page.locator('#comments li.comment', { hasText: 'Frist comment' });
    expect(await mine.locator('input[name="form_token"]').getAttribute('value')).toMatch(
      /^[0-9a-f]{64}$/,
    );
    await mine.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Comment').fill('First comment');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('#comments li.comment >> text=First comment');
    expect(page.url()).toContain('comment=edited');

    await page
      .locator('#comments li.comment', { hasText: 'First comment' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.waitForSelector('text=Your comment has been deleted.');
    expect(await page.locator('#comments li.comment', { hasText: 'First comment' }).count()).toBe(
      0,
    );
    expect(reader.badResponses).toEqual([]);
  });

  it('with JavaScript, shows a new comment with its Edit and Delete at once, and both work', async () => {
    const scripted = await watchedPage(browser, {
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.20' },
    });
    try {
      const { page } = scripted;
      await page.goto(server.url + ARTICLE);
      const form = page.locator('form[data-comments-form]');
      await form.getByLabel('Comment', { exact: true }).fill('Posted without a reload');
      await form.getByLabel('Name').fill('Scripted reader');
      await form.getByRole('button', { name: 'Post comment' }).click();
      const mine = page.locator('#comments li.comment', { hasText: 'Posted without a reload' });
      await mine.waitFor();
      // Still the same page: the island put the comment in, as the server renders it.
      expect(page.url()).toBe(server.url + ARTICLE);
      expect(await mine.locator('input[name="form_token"]').getAttribute('value')).toMatch(
        /^[0-9a-f]{64}$/,
      );
      await mine.getByRole('link', { name: 'Edit' }).click();
      await page.getByLabel('Comment').fill('Posted, then edited');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('#comments li.comment >> text=Posted, then edited');
      await page
        .locator('#comments li.comment', { hasText: 'Posted, then edited' })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page.waitForSelector('text=Your comment has been deleted.');
      expect(scripted.badResponses).toEqual([]);
    } finally {
      await scripted.close();
    }
  });
});
