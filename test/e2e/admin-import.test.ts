import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { completeSetup, OWNER, seriousViolations } from './staff.js';

/*
 * Issue 19, "Must show": a WordPress export uploaded in the browser shows its progress as the
 * server reads it, then the report; the imported post is on the site. By keyboard, with axe.
 */

const FIXTURE = 'test/fixtures/wordpress/export.xml';

describe('the WordPress upload in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin`);
    await completeSetup(owner.page, server.url, OWNER);
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('uploads an export, shows progress and the report', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/import`);
    await page.getByRole('heading', { name: 'Import from WordPress' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Every status line the page announces, as it announces it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=import-status]')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('WordPress export file (.xml)').setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Import' }).focus();
    await page.keyboard.press('Enter');
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const statuses = await page.evaluate(
      () => (window as unknown as { __statuses: string[] }).__statuses,
    );
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses[statuses.length - 1]).toMatch(/^Read (\S+) MB of \1 MB, [1-9]\d* items\.$/);
    const progress = page.locator('#import-progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    const articles = report.locator('tr', { hasText: 'articles' });
    expect(Number(await articles.locator('td').first().textContent())).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(owner.pageErrors).toEqual([]);
    // The owner may download the whole site.
    const download = await page.evaluate(async () => {
      const res = await fetch('/api/admin/v1/export');
      return { status: res.status, disposition: res.headers.get('content-disposition') };
    });
    expect(download.status).toBe(200);
    expect(download.disposition).toMatch(/attachment/);
    expect(await page.getByRole('link', { name: 'Download the export' }).count()).toBe(1);
  });
});
