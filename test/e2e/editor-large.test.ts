import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, OWNER, signIn } from './staff.js';

/*
 * A 5,000-word article in the editor: it loads, typing in the middle lands where it is typed
 * and is saved. Input-to-paint latency is measured (keydown to the frame after it is drawn)
 * and printed for docs/benchmarks.md; it is not asserted, as a loaded machine would miss any
 * fixed bound.
 */

const WORDS = 5_000;

function bigBody() {
  const sentence =
    'Lee Jae-wook and Go Yoon-jung return as Jang Uk and Jin Bu-yeon in the second part of the drama';
  const perParagraph = 50;
  const paragraphs = [];
  for (let i = 0; i < WORDS / perParagraph; i++) {
    const words = `${sentence} ${sentence} ${sentence}`.split(' ').slice(0, perParagraph - 2);
    paragraphs.push({
      type: 'paragraph',
      content: [{ text: `${words.join(' ')} ` }, { text: `paragraph ${i}.`, marks: ['bold'] }],
    });
  }
  return paragraphs;
}

describe('a 5,000-word article in the editor', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;

  beforeAll(async () => {
    server = await startServer({ env: { DEHO_DEMO: '0' } });
    browser = await launchChromium();
    owner = await watchedPage(browser);
    const setup = await owner.page.request.post(`${server.url}/api/admin/v1/setup`, {
      data: { user: OWNER },
    });
    expect(setup.status()).toBe(201);
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('types in the middle of it, and saves what was typed', async () => {
    const { page } = owner;
    await signIn(page, server.url, OWNER);
    const created = await adminFetch(page, 'POST', '/articles', {
      article: { title: 'A long read', body: bigBody() },
    });
    expect(created.status).toBe(201);
    const id = (created.json as { article: { id: number } }).article.id;
    await page.goto(`${server.url}/admin/articles/${id}`);
    await page.waitForSelector('#body p:has-text("paragraph 99.")');
    expect(await page.locator('#body p').count()).toBe(100);

    await page.click('#body p:has-text("paragraph 50.")');
    await page.keyboard.press('End');
    await page.evaluate(() => {
      const samples: number[] = [];
      (window as unknown as { latency: number[] }).latency = samples;
      document.getElementById('body')?.addEventListener('keydown', (event) => {
        const start = event.timeStamp;
        // The callback after the next frame runs once that frame has been painted.
        requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - start)));
      });
    });
    const typed = ' Typed into the middle of a long read.';
    await page.keyboard.type(typed);
    await page.waitForFunction(
      (n) => (window as unknown as { latency: number[] }).latency.length >= n,
      typed.length,
    );
    const samples = (
      await page.evaluate(() => (window as unknown as { latency: number[] }).latency)
    ).sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
    console.log(
      `input-to-paint over ${samples.length} keys, ${WORDS} words: median ${at(0.5)?.toFixed(1)} ms, p95 ${at(0.95)?.toFixed(1)} ms, max ${samples.at(-1)?.toFixed(1)} ms`,
    );

    await page.click('button[type=submit]:has-text("Save")');
    await page.waitForSelector('.notice:has-text("Saved.")');
    const stored = await adminFetch(page, 'GET', `/articles/${id}`);
    const body = (stored.json as { article: { body: { content: { text: string }[] }[] } }).article
      .body;
    expect(body).toHaveLength(100);
    expect(body[50]?.content.map((s) => s.text).join('')).toContain(typed);
    expect(owner.pageErrors).toEqual([]);
  });
});
