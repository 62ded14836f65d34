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
    server = await startServer();
    browser = await launchChromium();
    reader = await watchedPage(browser, { javaScriptEnabled: false });
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
});
