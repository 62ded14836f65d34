import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/poll.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { isLocal, launchChromium, watchedPage, type Watched } from './browser.js';

/*
 * The share box of an article in a real Chromium: plain links that ask nothing of the share
 * services until a click, and a "Copy link" button a keyboard reaches and presses.
 */

const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('share box of an article in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let reader: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    reader = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  });

  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.stop();
  });

  it('copies the article’s address from the keyboard, with no request to any share service', async () => {
    const { page } = reader;
    const response = await page.goto(`${server.url}${ARTICLE}`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('networkidle');

    const box = page.locator('section.share');
    const links = await box
      .locator('a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).textContent ?? ''));
    expect(links).toEqual(['X', 'Facebook', 'LINE', 'WhatsApp']);
    const copy = box.getByRole('button', { name: 'Copy link' });
    await copy.waitFor({ state: 'visible' });

    // Tab from the top of the page until the button has the focus.
    let reached = false;
    for (let presses = 0; presses < 300 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await copy.evaluate((button) => document.activeElement === button);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await until(async () => (await box.locator('[data-share-status]').textContent()) !== '');
    expect(await box.locator('[data-share-status]').textContent()).toBe('Link copied.');
    const address = await box.getAttribute('data-share-url');
    expect(address).toMatch(new RegExp(`${ARTICLE}$`));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

    // Announced to screen readers as it changes.
    expect(await box.locator('[data-share-status]').getAttribute('role')).toBe('status');

    expect(reader.requests.filter((url) => !isLocal(url))).toEqual([]);
    expect(reader.pageErrors).toEqual([]);
    expect(reader.consoleErrors).toEqual([]);
  });
});
