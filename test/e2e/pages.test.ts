import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { isLocal, launchChromium, watchedPage } from './browser.js';

/* The reader pages around the article, in a real Chromium: front page, a show, 404, small phones. */

const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
const SHOW = '/shows/alchemy-of-souls';

/** Sat/Sun 21:10 KST (12:10 UTC) for each listed date. */
const at2110Kst = (dates: string[]) => dates.map((date) => `${date}T12:10:00Z`);

/** Part 1: 18 June – 28 August 2022, weekend of 13–14 August off (specials in the slot). */
const PART_1 = at2110Kst([
  '2022-06-18',
  '2022-06-19',
  '2022-06-25',
  '2022-06-26',
  '2022-07-02',
  '2022-07-03',
  '2022-07-09',
  '2022-07-10',
  '2022-07-16',
  '2022-07-17',
  '2022-07-23',
  '2022-07-24',
  '2022-07-30',
  '2022-07-31',
  '2022-08-06',
  '2022-08-07',
  '2022-08-20',
  '2022-08-21',
  '2022-08-27',
  '2022-08-28',
]);
/** Part 2, "Light and Shadow": 10 December 2022 – 8 January 2023. */
const PART_2 = at2110Kst([
  '2022-12-10',
  '2022-12-11',
  '2022-12-17',
  '2022-12-18',
  '2022-12-24',
  '2022-12-25',
  '2022-12-31',
  '2023-01-01',
  '2023-01-07',
  '2023-01-08',
]);

describe('reader pages in Chromium', () => {
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

  it('renders the front page with article cards and no request outside 127.0.0.1', async () => {
    const watched = await watchedPage(browser);
    try {
      const { page } = watched;
      const response = await page.goto(`${server.url}/`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');

      const cards = page.locator('main .card');
      expect(await cards.count()).toBeGreaterThanOrEqual(5);
      const first = cards.first();
      expect(await first.locator('img').count()).toBe(1);
      expect(await first.locator('a[href^="/news/"]').count()).toBeGreaterThan(0);
      const links = await page
        .locator('main .card a[href^="/news/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toContain(ARTICLE);

      expect(watched.requests.filter((url) => !isLocal(url))).toEqual([]);
      expect(watched.badResponses).toEqual([]);
      expect(watched.consoleErrors).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
      expect(await watched.cspViolations()).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('lists the 30 episodes of Alchemy of Souls, numbered per part, at their true instants', async () => {
    const watched = await watchedPage(browser);
    try {
      const { page } = watched;
      const response = await page.goto(`${server.url}${SHOW}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);

      // One ordered list per part; each item has a label ("Episode 9", or "Special: …" for the
      // specials aired in the slot on 13–14 August 2022) and its instant as <time datetime>.
      const lists = page.locator('main ol.ep-list');
      expect(await lists.count()).toBe(2);
      const parts = await Promise.all(
        [0, 1].map((i) =>
          lists
            .nth(i)
            .locator(':scope > li')
            .evaluateAll((items) =>
              items.map((li) => ({
                label: (li.querySelector('.ep-item__label')?.textContent ?? '')
                  .replace(/\s+/g, ' ')
                  .trim(),
                datetime: li.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
              })),
            ),
        ),
      );
      const numbered = parts.map((items) =>
        items.filter((item) => /^Episode \d+$/.test(item.label)),
      );
      for (const [i, expected] of [PART_1, PART_2].entries()) {
        const episodes = numbered[i] ?? [];
        expect(episodes.map((e) => e.label)).toEqual(expected.map((_, n) => `Episode ${n + 1}`));
        expect(episodes.map((e) => e.datetime)).toEqual(expected);
      }
      expect(numbered.flat()).toHaveLength(30);
      // Every listed item, special or not, carries its instant.
      expect(parts.flat().every((item) => item.datetime !== null)).toBe(true);
      const specials = (parts[0] ?? []).filter((item) => !/^Episode \d+$/.test(item.label));
      expect(specials.map((item) => item.datetime)).toEqual(
        at2110Kst(['2022-08-13', '2022-08-14']),
      );

      expect(watched.requests.filter((url) => !isLocal(url))).toEqual([]);
      expect(watched.consoleErrors).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('answers an unknown URL with the 404 page and status 404', async () => {
    const watched = await watchedPage(browser);
    try {
      const { page } = watched;
      for (const path of ['/news/no-such-story', '/shows/no-such-show', '/no/such/page']) {
        const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
        expect(response?.status(), path).toBe(404);
        expect(response?.headers()['content-type'], path).toMatch(/^text\/html/);
        expect(await page.locator('h1').textContent(), path).toMatch(/not found/i);
        expect(await page.locator('main a[href="/"]').count(), path).toBeGreaterThan(0);
      }
      // The 404 itself is the only error a reader's console sees.
      const unexpected = watched.consoleErrors.filter(({ text }) => !/status of 404/.test(text));
      expect(unexpected).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('is usable at 320 px wide: no horizontal scroll', async () => {
    const watched = await watchedPage(browser, {
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    try {
      const { page } = watched;
      for (const path of ['/', ARTICLE, SHOW, '/no/such/page']) {
        await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(width.client, path).toBe(320);
        expect(width.scroll, path).toBeLessThanOrEqual(320);
        expect(await page.locator('h1').first().isVisible(), path).toBe(true);
      }
    } finally {
      await watched.close();
    }
  });
});
