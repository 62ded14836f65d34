import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, OWNER, seriousViolations } from './staff.js';

/*
 * Issue 19, "Settings": the Settings screen does its main task by keyboard in Chromium. The
 * site's title and the comment rules (closing age, edit window) are saved there, and the reader
 * pages show them at once: the new title in the header, comments closed on an older story.
 */

const OLD_STORY = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('the Settings screen in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin`);
    // The site is named at setup; the Settings screen renames it below.
    await completeSetup(owner.page, server.url, OWNER, '드라마 데스크');
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Replaces the value of a field by keyboard: focus, select all, type. */
  async function retype(selector: string, text: string) {
    await owner.page.focus(selector);
    await owner.page.keyboard.press('ControlOrMeta+A');
    await owner.page.keyboard.type(text);
  }

  it('saves the site title and the comment rules by keyboard; the reader pages follow', async () => {
    const { page } = owner;
    expect(await (await fetch(`${server.url}/`)).text()).toContain('드라마 데스크');
    // The demo story takes comments before the change.
    expect(await (await fetch(`${server.url}${OLD_STORY}`)).text()).toContain('name="comment"');

    await page.goto(`${server.url}/admin/settings`);
    await page.waitForSelector('#close_after_days');
    expect(await seriousViolations(page)).toEqual([]);

    await retype('#site_title', 'Deho Drama Desk');
    await page.keyboard.press('Enter');
    await page.getByText('Saved.', { exact: true }).waitFor();

    await retype('#close_after_days', '30');
    await retype('#edit_minutes', '10');
    await page.keyboard.press('Enter');
    await page.getByText('Comment settings saved.').waitFor();

    const saved = await adminFetch(page, 'GET', '/settings/comments');
    expect(saved.json).toMatchObject({
      settings: { comments_close_after_days: 30, comments_edit_minutes: 10 },
    });
    const story = await (await fetch(`${server.url}${OLD_STORY}`)).text();
    expect(story).toContain('Comments are closed for this article.');
    expect(story).not.toContain('name="comment"');
    expect(await (await fetch(`${server.url}/`)).text()).toContain('Deho Drama Desk');

    // The screen shows what was saved when it is opened again.
    await page.reload();
    await page.waitForSelector('#close_after_days');
    expect(await page.inputValue('#close_after_days')).toBe('30');
    expect(await page.inputValue('#edit_minutes')).toBe('10');
    expect(await page.inputValue('#site_title')).toBe('Deho Drama Desk');
  });

  it('refuses a value out of range, in the browser and in the API, and keeps the saved one', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/settings`);
    await page.waitForSelector('#close_after_days');
    // The browser's own check stops a negative number before it is sent.
    await retype('#close_after_days', '-3');
    await page.keyboard.press('Enter');
    expect(
      await page.$eval('#close_after_days', (input) => (input as HTMLInputElement).validity.valid),
    ).toBe(false);
    // Without the browser's check, the API says what is wrong and saves nothing.
    const refused = await adminFetch(page, 'PATCH', '/settings/comments', {
      settings: { comments_close_after_days: -3 },
    });
    expect(refused.status).toBe(400);
    const kept = await adminFetch(page, 'GET', '/settings/comments');
    expect(kept.json).toMatchObject({ settings: { comments_close_after_days: 30 } });
    expect(owner.pageErrors).toEqual([]);
    expect(await owner.cspViolations()).toEqual([]);
  });
});
