import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage } from './browser.js';

/*
 * The comments block sits on the article's axis (issue 21): at a desktop width it used to start
 * at the page's left margin while the centred article column started some 200 px further right.
 */

const SLUG = 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('comments block on the article column, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const width of [1366, 390]) {
    it(`starts and ends the comments where the article does at ${width} px`, async () => {
      const watched = await watchedPage(browser, { viewport: { width, height: 900 } });
      try {
        const { page } = watched;
        const response = await page.goto(`${server.url}/news/${SLUG}`);
        expect(response?.status()).toBe(200);
        const article = await page.locator('article.article').boundingBox();
        const comments = await page.locator('section.comments').boundingBox();
        expect(article).not.toBeNull();
        expect(comments).not.toBeNull();
        if (article === null || comments === null) return;
        expect(Math.round(comments.x)).toBe(Math.round(article.x));
        expect(Math.round(comments.width)).toBe(Math.round(article.width));
      } finally {
        await watched.close();
      }
    });
  }
});
