import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, OWNER } from './staff.js';

/*
 * Nothing typed while the server works is lost (issue #18): an image upload and a video lookup
 * are each held by the test until it has typed, added blocks and filled in fields; then they
 * are let through, the article is published, and every character and block is on the page.
 * The requests are held by a deferred the test releases, not by a sleep.
 */

interface Held {
  /** Resolves when the request has reached the browser's network layer and is held there. */
  arrived: Promise<void>;
  /** Lets the held request through to the server. */
  release(): Promise<void>;
}

/** Holds the next `method` request to `pattern` until the test lets it through. */
async function hold(page: Page, pattern: string, method: string): Promise<Held> {
  let arrive!: (route: Route) => void;
  const route = new Promise<Route>((resolve) => (arrive = resolve));
  let taken = false;
  await page.route(pattern, async (r) => {
    if (taken || r.request().method() !== method) return r.fallback();
    taken = true;
    arrive(r);
  });
  return {
    arrived: route.then(() => undefined),
    async release() {
      await (await route).continue();
      await page.unroute(pattern);
    },
  };
}

interface StoredBlock {
  type: string;
  content?: { text: string }[];
  alt?: string;
  credit?: string;
  caption?: { text: string }[];
}

describe('the editor while the server works', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let photo: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-inflight-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    const setup = await owner.page.request.post(`${server.url}/api/admin/v1/setup`, {
      data: { user: OWNER },
    });
    expect(setup.status()).toBe(201);
    photo = path.join(scratch, 'still.jpg');
    fs.writeFileSync(
      photo,
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#306ab0' } })
        .jpeg()
        .toBuffer(),
    );
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps what is typed during an upload and a video lookup, up to the published page', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Nothing lost in flight');
    await page.click('#body');
    await page.keyboard.type('First words.');

    // The upload starts, and is held.
    const upload = await hold(page, '**/api/admin/v1/media', 'POST');
    await page.setInputFiles('#editor-image-file', photo);
    await upload.arrived;
    await page.waitForSelector('.editor-placeholder:has-text("Uploading")');
    await page.keyboard.type(' Typed during the upload.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('## A heading typed during the upload');
    await page.keyboard.press('Enter');
    await page.keyboard.type('More text.');
    await upload.release();
    await page.waitForSelector('#body figure img[src^="/media/"]');
    await page.waitForSelector('.editor-placeholder', { state: 'detached' });

    // The video lookup starts from the end of the text, and is held.
    await page.click('#body p:has-text("More text.")');
    await page.keyboard.press('End');
    const lookup = await hold(page, '**/api/admin/v1/videos', 'POST');
    await page.click('.editor-toolbar button:has-text("Video")');
    await page.fill('#editor-video-url', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await page.click('button:has-text("Add video")');
    await lookup.arrived;
    await page.waitForSelector('.editor-placeholder:has-text("video")');
    await page.click('#body p:has-text("More text.")');
    await page.keyboard.press('End');
    await page.keyboard.type(' Typed during the lookup.');
    await page.fill('#body figure [data-attr=alt]', 'Alt text typed during the lookup');
    await page.fill('#body figure [data-attr=credit]', 'Photo: tvN');
    await page.click('#body figure figcaption');
    await page.keyboard.type('A caption typed during the lookup');
    // An air-time block, added while the lookup is still held.
    await page.click('#body h2');
    await page.keyboard.press('End');
    await page.click('.editor-toolbar button:has-text("Air time")');
    await page.fill('#airtime-show', '환혼');
    await page.click('.picker-results button:has-text("Alchemy of Souls")');
    await page.locator('.picker-results button:has-text("Episode 1 ")').first().click();
    await page.waitForSelector('#body .editor-airtime');
    await lookup.release();
    await page.waitForSelector('#body figure[data-video-id]');
    await page.waitForSelector('.editor-placeholder', { state: 'detached' });

    await page.click('button:has-text("Publish now")');
    await page.waitForSelector('[data-testid=status]:has-text("published")');
    await page.waitForSelector('[role=status]:has-text("Published.") a:has-text("View article")');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await adminFetch(page, 'GET', `/articles/${id}`);
    const body = (stored.json as { article: { body: StoredBlock[] } }).article.body;
    const texts = body.map((b) => (b.content ?? []).map((s) => s.text).join(''));
    expect(body.map((b) => b.type).sort(), JSON.stringify(body)).toEqual(
      ['airtime', 'heading', 'image', 'paragraph', 'paragraph', 'video'].sort(),
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        'First words. Typed during the upload.',
        'A heading typed during the upload',
        'More text. Typed during the lookup.',
      ]),
    );
    const image = body.find((b) => b.type === 'image');
    expect(image).toMatchObject({
      alt: 'Alt text typed during the lookup',
      credit: 'Photo: tvN',
      caption: [{ text: 'A caption typed during the lookup' }],
    });

    const reader = await fetch(`${server.url}/news/nothing-lost-in-flight`);
    const html = await reader.text();
    expect(reader.status).toBe(200);
    for (const expected of [
      'First words. Typed during the upload.',
      'A heading typed during the upload</h2>',
      'More text. Typed during the lookup.',
      'alt="Alt text typed during the lookup"',
      'A caption typed during the lookup<span class="figure__credit">Photo: tvN</span>',
      'youtube',
      'airtime',
    ]) {
      expect(html).toContain(expected);
    }
    expect(html).not.toContain('<p></p>');
    expect(owner.pageErrors).toEqual([]);
  });
});
