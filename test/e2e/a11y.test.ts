import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';

/*
 * axe-core on the reader pages in a real Chromium against the built server, in the light and the
 * dark colour scheme: no serious or critical violation anywhere a reader goes, including the
 * article page with its comments, the form opened as a reply, and an error in it.
 */

const AXE = 'node_modules/axe-core/axe.min.js';
const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
}

/** Serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the site's CSP rightly refuses inline scripts.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(
    async () => await (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run(),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}: ${n.failureSummary ?? ''}`,
      ),
    );
}

describe.each(['light', 'dark'] as const)('reader pages with axe-core (%s scheme)', (scheme) => {
  let server: RunningServer;
  let browser: Browser;
  let reader: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    reader = await watchedPage(browser, { colorScheme: scheme });
  });

  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.stop();
  });

  async function open(path: string, status = 200): Promise<void> {
    const response = await reader.page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBe(status);
    await reader.page.waitForLoadState('networkidle');
  }

  it('finds no serious violation on the pages readers browse', async () => {
    await open('/events');
    const event = await reader.page
      .locator('main a[href^="/events/"]')
      .first()
      .getAttribute('href');
    expect(event).toMatch(/^\/events\/[a-z0-9-]+$/);
    const pages = [
      '/',
      ARTICLE,
      '/shows/alchemy-of-souls',
      '/people/lee-jae-wook',
      '/groups/oh-my-girl',
      '/tags/alchemy-of-souls',
      '/schedule',
      '/search?q=lee+jae+wook',
      '/events',
      event ?? '',
      '/shows',
      '/shows?status=finished&network=tvn',
      '/people',
      '/groups',
      '/tags',
      '/authors/han-da-eun',
    ];
    const found: string[] = [];
    for (const path of pages) {
      await open(path);
      found.push(...(await seriousViolations(reader.page)).map((line) => `${path}: ${line}`));
    }
    await open('/no-such-page-here', 404);
    found.push(...(await seriousViolations(reader.page)).map((line) => `404: ${line}`));
    expect(found).toEqual([]);
    expect(reader.pageErrors).toEqual([]);
  });

  it('finds none with comments shown and an error in the comment form', async () => {
    await open(`${ARTICLE}#comments`);
    // The demo article has comments; replying moves the form under the first of them.
    expect(await reader.page.locator('#comments li.comment').count()).toBeGreaterThan(0);
    await reader.page.locator('#comments a[data-reply-to]').first().click();
    const form = reader.page.locator('form[data-comments-form]');
    await reader.page.waitForSelector('form[data-comments-form] a[data-cancel-reply]');
    // A comment the server refuses (over 5,000 characters): the form keeps it and says why.
    await form.getByLabel('Comment', { exact: true }).fill('Too long. '.repeat(600));
    await form.getByLabel('Name', { exact: true }).fill(`Reader ${scheme}`);
    await form.getByRole('button', { name: 'Post comment' }).click();
    await reader.page.waitForSelector('[data-comment-status][data-kind="error"]');
    expect(await reader.page.textContent('[data-comment-status]')).not.toBe('');

    expect(await seriousViolations(reader.page)).toEqual([]);
    expect(reader.pageErrors).toEqual([]);
  });
});
