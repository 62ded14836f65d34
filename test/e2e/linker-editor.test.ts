import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, OWNER, seriousViolations } from './staff.js';

/*
 * The entity linker's suggestions in the article editor, in a real Chromium against the built
 * server with the demo data: the panel lists the names of the behind-the-scenes story, the
 * writer accepts Lee Jae-wook (from the keyboard) and rejects Arin, saves and reloads (both
 * kept), and the reader page links Lee Jae-wook once while his page lists the article.
 * `npm run build` first.
 */

const FIXTURE = fs.readFileSync(
  path.join(import.meta.dirname, '../fixtures/bts-article.txt'),
  'utf8',
);
const TITLE = `Linker in the editor ${Date.now()}`;

describe('the linker panel of the article editor in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let id: number;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    const { page } = owner;
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(`${server.url}/admin/setup`);
    await completeSetup(page, server.url, OWNER);
    const paragraphs = FIXTURE.split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '');
    const created = await adminFetch(page, 'POST', '/articles', {
      article: {
        title: TITLE,
        slug: 'linker-in-the-editor',
        status: 'published',
        body: paragraphs.map((text) => ({ type: 'paragraph', content: [{ text }] })),
      },
    });
    expect(created.status).toBe(201);
    id = (created.json as { article: { id: number } }).article.id;
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  const panel = (page: Page) => page.locator('section[aria-labelledby=linker-h]');

  it('suggests the names of the text, accepts one, rejects another, and keeps both', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/${id}`);
    const lee = panel(page).locator('li', { hasText: 'Lee Jae-wook' }).first();
    await lee.locator('button', { hasText: 'Accept' }).waitFor();
    // Once per entity, with its confidence, spellings and count.
    const leeText = await lee.innerText();
    expect(leeText).toMatch(/person, \d+%/);
    expect(leeText).toContain('Lee Jae Wook');
    expect(leeText).toMatch(/\d+ times/);
    expect(
      await panel(page)
        .locator('li', { hasText: /^Lee Jae-wook/ })
        .count(),
    ).toBe(1);
    const arin = panel(page).locator('li[data-entity]', { hasText: 'Arin' });
    await arin.locator('button', { hasText: 'Reject' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Accept from the keyboard.
    await page.focus('button[aria-label="Accept Lee Jae-wook"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('button[aria-label="Unlink Lee Jae-wook"]');
    await page.click('button[aria-label="Reject Arin"]');
    await page.waitForSelector('button[aria-label="Suggest Arin again"]', { state: 'attached' });
    expect(await page.locator('button[aria-label="Accept Arin"]').count()).toBe(0);

    // The accepted name is a mention in the text itself.
    await page.waitForSelector(
      '#body a.mention[data-mention-type=person]:has-text("Lee Jae-wook")',
    );
    await page.click('form.editor__main button[type=submit]');
    await page.waitForSelector('.notice:has-text("Saved.")');

    await page.reload();
    await page.waitForSelector('button[aria-label="Unlink Lee Jae-wook"]');
    await page.waitForSelector('button[aria-label="Suggest Arin again"]', { state: 'attached' });
    expect(await page.locator('button[aria-label="Accept Arin"]').count()).toBe(0);
    expect(await panel(page).locator('li[data-entity]', { hasText: 'Arin' }).count()).toBe(0);
    // Other names are still offered.
    expect(await page.locator('button[aria-label="Accept Go Yoon-jung"]').count()).toBe(1);

    const stored = await adminFetch(page, 'GET', `/articles/${id}`);
    const article = (
      stored.json as {
        article: {
          body: { content: { text: string; mention?: { type: string } }[] }[];
          people: { slug: string }[];
          rejected_mentions: { type: string }[];
        };
      }
    ).article;
    const mentions = article.body.flatMap((b) => b.content.filter((s) => s.mention));
    expect(mentions.map((s) => s.text)).toEqual(['Lee Jae-wook']);
    expect(article.people.map((p) => p.slug)).toEqual(['lee-jae-wook']);
    expect(article.rejected_mentions.map((r) => r.type)).toEqual(['person']);
    expect(owner.pageErrors).toEqual([]);
  });

  it('underlines suggested names in the text, and links or rejects one where it stands', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/${id}`);
    const goYoonJung = page
      .locator('#body .linker-suggestion', { hasText: 'Go Yoon-jung' })
      .first();
    await goYoonJung.waitFor();
    // Accepted and rejected names are not underlined.
    expect(await page.locator('#body .linker-suggestion', { hasText: 'Arin' }).count()).toBe(0);
    expect(await page.locator('#body a.mention .linker-suggestion').count()).toBe(0);
    await goYoonJung.click();
    const pop = page.getByRole('dialog', { name: 'Link Go Yoon-jung' });
    await pop.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await pop.getByRole('button', { name: 'Link here' }).click();
    await page.waitForSelector(
      '#body a.mention[data-mention-type=person]:has-text("Go Yoon-jung")',
    );
    await page.waitForSelector('button[aria-label="Unlink Go Yoon-jung"]');
    // Escape closes the offer without a change.
    const another = page.locator('#body .linker-suggestion').first();
    const name = (await another.innerText()).trim();
    await another.click();
    await page.locator('.linker-pop').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.linker-pop').waitFor({ state: 'detached' });
    expect(await page.locator('#body a.mention', { hasText: name }).count()).toBe(0);
    expect(owner.pageErrors).toEqual([]);
  });

  it('links every confident name with one click', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/${id}`);
    const all = page.locator('button', { hasText: /^Link all confident matches \(\d+\)$/ });
    await all.waitFor();
    const offered = Number(/\((\d+)\)/.exec(await all.innerText())?.[1]);
    expect(offered).toBeGreaterThan(1);
    const confident = await panel(page)
      .locator('li[data-entity]')
      .evaluateAll((items) =>
        items
          .filter((li) => {
            const percent = /, (\d+)%\)/.exec(li.textContent ?? '');
            return (
              percent !== null &&
              Number(percent[1]) >= 80 &&
              li.querySelector('button[aria-label^="Accept"]') !== null
            );
          })
          .map((li) => li.getAttribute('data-entity')),
      );
    expect(confident.length).toBe(offered);
    await all.click();
    await page.waitForSelector(`.notice:has-text("${offered} names are linked.")`);
    for (const key of confident) {
      const [type, entityId] = (key ?? '').split(':');
      await page.waitForSelector(
        `#body a.mention[data-mention-type="${type}"][data-mention-id="${entityId}"]`,
        { state: 'attached' },
      );
    }
    expect(owner.pageErrors).toEqual([]);
  });

  it('links the accepted person once on the reader page, and the person page lists it', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/news/linker-in-the-editor`);
    expect(await page.locator('.prose a[href="/people/lee-jae-wook"]').count()).toBe(1);
    expect(await page.locator('.prose a[href="/people/arin"]').count()).toBe(0);
    const prose = await page.locator('.prose').innerText();
    expect(prose.split('Lee Jae-wook').length - 1).toBeGreaterThan(3);
    // The link is on the first mention.
    const first = await page.locator('.prose p').first().innerText();
    expect(first).toContain('Lee Jae-wook');
    expect(await page.locator('.prose p').first().locator('a.mention').innerText()).toBe(
      'Lee Jae-wook',
    );

    await page.goto(`${server.url}/people/lee-jae-wook`);
    expect(await page.locator(`a:has-text("${TITLE}")`).count()).toBe(1);
  });
});
