import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, OWNER, seriousViolations } from './staff.js';
import { until } from '../helpers/poll.js';

/*
 * Issue 19, "Must show": a tag merged on the Tags screen leaves its old URL redirecting to the
 * tag it went into; a webhook created on its screen delivers, and a delivery is sent again
 * from the screen with its status and response shown. Both screens by keyboard, and axe.
 */

describe('tags and webhooks screens in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let receiver: http.Server;
  let receiverUrl = '';
  const received: string[] = [];

  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(body);
        response.writeHead(200, { 'content-type': 'text/plain' }).end(`got it #${received.length}`);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startServer({ env: { DEHO_OUTBOUND_ALLOW: '127.0.0.1' } });
    browser = await launchChromium();
    owner = await watchedPage(browser);
    owner.page.on('dialog', (dialog) => void dialog.accept());
    await owner.page.goto(`${server.url}/admin`);
    await completeSetup(owner.page, server.url, OWNER);
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('merges a tag by keyboard; the old tag URL redirects to the tag kept', async () => {
    const { page } = owner;
    for (const [title, tags] of [
      ['Casting call one', ['Casting News']],
      ['Casting call two', ['Casting', '드라마']],
    ] as const) {
      const res = await adminFetch(page, 'POST', '/articles', {
        article: { title, html: '<p>Text.</p>', status: 'published', tags },
      });
      expect(res.status).toBe(201);
    }
    await page.goto(`${server.url}/admin/tags`);
    await page.getByLabel('Name or slug contains').fill('casting');
    const edit = page.getByRole('button', { name: 'Edit Casting News' });
    await edit.waitFor();
    await edit.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Tag to keep', { exact: true }).waitFor();
    await page.waitForSelector('#merge-into option:has-text("Casting (1)")', { state: 'attached' });
    await page.getByLabel('Tag to keep', { exact: true }).selectOption({ label: 'Casting (1)' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Merge “Casting News” into it' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('/tags/casting-news now redirects to /tags/casting').waitFor();
    const old = await fetch(`${server.url}/tags/casting-news`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/tags/casting');
    const reader = await watchedPage(browser);
    try {
      await reader.page.goto(`${server.url}/tags/casting-news`);
      expect(new URL(reader.page.url()).pathname).toBe('/tags/casting');
      expect(await reader.page.textContent('main')).toContain('Casting call one');
      // The Hangul tag has its own page at its Unicode address.
      const hangul = await reader.page.goto(`${server.url}/tags/${encodeURIComponent('드라마')}`);
      expect(hangul?.status()).toBe(200);
    } finally {
      await reader.close();
    }
  });

  it('makes a tag on the Tags screen by keyboard, before any article carries it', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/tags`);
    await page.getByText('New tag', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Name', { exact: true }).fill('예능 Variety');
    await page.getByLabel('Description (optional)').fill('Weekend shows.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Make the tag' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Tag “예능 Variety” made at /tags/예능-variety.').waitFor();
    await page.getByRole('button', { name: 'Edit 예능 Variety' }).waitFor();
    // The same name again is refused in words, and nothing is made twice.
    await page.getByLabel('Name', { exact: true }).fill('예능 variety');
    await page.keyboard.press('Enter');
    await page.getByText('already has the address /tags/예능-variety').waitFor();
    expect(await page.getByRole('button', { name: /^Edit 예능/ }).count()).toBe(1);
  });

  it('creates a webhook, shows its delivery and response, and redelivers it', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/webhooks`);
    await page.getByLabel('Address (URL)').fill(receiverUrl);
    await page.getByLabel('Name (optional)').fill('Test relay');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/\S{16,}/);
    await page.getByRole('button', { name: 'Send a test ping' }).click();
    const row = page.locator('tr[data-delivery-id]').first();
    await row.waitFor();
    const refresh = page.getByRole('button', { name: 'Refresh' });
    // The worker delivers in the background: refresh the list, waiting for its answer each time.
    const waitForStatus = (status: string, responseText: string) =>
      until(async () => {
        const text = (await row.textContent()) ?? '';
        if (text.includes(status) && text.includes(responseText)) return true;
        await Promise.all([
          page.waitForResponse((res) => res.url().includes('/deliveries')),
          refresh.click(),
        ]);
        return false;
      });
    await waitForStatus('succeeded', 'got it #1');
    expect(await row.textContent()).toContain('HTTP 200');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Redeliver ping' }).click();
    await page.getByText('is queued again').waitFor();
    await waitForStatus('succeeded', 'got it #2');
    expect(received).toHaveLength(2);
    expect(received[0]).toBe(received[1]);
    expect(owner.pageErrors).toEqual([]);
    expect(await owner.cspViolations()).toEqual([]);
  });
});
