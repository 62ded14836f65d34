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

  it('pastes a news page as structure, and takes Markdown shortcuts and undo', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Pasted from the web');
    await page.click('#body');
    await page.keyboard.type('Intro.');
    await page.keyboard.press('Enter');
    // What a browser puts on the clipboard when a reader copies part of a news page.
    const html = [
      '<meta charset="utf-8"><div class="td-post-content" style="color:#222">',
      '<h2 class="entry-title" style="font-size:30px">Alchemy of Souls Part 2 goes behind the scenes</h2>',
      '<p><span style="font-family:Verdana">The cast of <a href="https://example.com/aos" target="_blank" rel="nofollow" onclick="track()">Alchemy of Souls</a> share</span> <strong>a new clip</strong>.</p>',
      '<script>window.pwned = true</script><div class="ad-slot"><iframe src="https://ads.example.com/x"></iframe></div>',
      '<ul><li>Lee Jae-wook</li><li><em>Go Yoon-jung</em></li></ul>',
      '<blockquote><p>We trained for months.</p><cite>Lee Jae-wook</cite></blockquote>',
      '<p>Watch the full video here!</p></div>',
    ].join('');
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'fallback');
      document
        .getElementById('body')
        ?.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
    }, html);
    await page.waitForSelector('#body h2:has-text("behind the scenes")');
    expect(await page.innerHTML('#body')).not.toContain('style=');
    expect(await page.locator('#body ul li').count()).toBe(2);
    expect(await page.innerText('#body a[href="https://example.com/aos"]')).toBe(
      'Alchemy of Souls',
    );
    expect(await page.innerText('#body strong')).toBe('a new clip');
    expect(await page.locator('#body iframe, #body script').count()).toBe(0);
    expect(await page.evaluate(() => 'pwned' in window)).toBe(false);

    // Markdown shortcuts at the end; undo takes the last typing back, redo brings it again.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('### Small heading');
    await page.keyboard.press('Enter');
    await page.keyboard.type('> Quoted');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1. first');
    await page.waitForSelector('#body h3:has-text("Small heading")');
    await page.waitForSelector('#body blockquote:has-text("Quoted")');
    await page.waitForSelector('#body ol li:has-text("first")');
    await page.keyboard.press('Control+z');
    await page.waitForSelector('#body ol li:has-text("first")', { state: 'detached' });
    await page.keyboard.press('Control+Shift+z');
    await page.waitForSelector('#body ol li:has-text("first")');

    await page.click('button[type=submit]:has-text("Save")');
    await page.waitForSelector('.notice:has-text("Saved.")');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await adminFetch(page, 'GET', `/articles/${id}`);
    const body = (stored.json as { article: { body: StoredBlock[] } }).article.body;
    expect(body.slice(0, 6).map((b) => b.type)).toEqual([
      'paragraph',
      'heading',
      'paragraph',
      'list',
      'quote',
      'paragraph',
    ]);
    expect(body[2]?.content).toEqual([
      { text: 'The cast of ' },
      { text: 'Alchemy of Souls', href: 'https://example.com/aos' },
      { text: ' share ' },
      { text: 'a new clip', marks: ['bold'] },
      { text: '.' },
    ]);
  });

  it('shows a long headline whole in the title box, however many lines it takes', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill(
      '#title',
      'Lee Jae-wook and Go Yoon-jung talk about the kiss scene, the finale and what comes next for the cast of Alchemy of Souls',
    );
    const hidden = await page.$eval(
      '#title',
      (box) =>
        (box as HTMLTextAreaElement).scrollHeight - (box as HTMLTextAreaElement).clientHeight,
    );
    expect(hidden).toBeLessThanOrEqual(1);
  });

  // Last: it closes the tab, as a crash would.
  it('keeps changes made offline in the browser, and restores them after a crash', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Written offline');
    await page.click('#body');
    await page.keyboard.type('Online words.');
    await page.waitForSelector('[data-testid=save-state]:has-text("Saved to the server")');
    const url = page.url();
    expect(url).toMatch(/\/admin\/articles\/\d+$/);
    const id = Number(new URL(url).pathname.split('/').pop());

    const context = page.context();
    await context.setOffline(true);
    await page.keyboard.type(' Offline words.');
    await page.waitForSelector('[data-testid=save-state]:has-text("kept in this browser")');
    await page.waitForSelector('[data-testid=save-state]:has-text("Not saved to the server")');
    await page.close();
    await context.setOffline(false);

    const tab = await context.newPage();
    await tab.goto(url);
    await tab.waitForSelector('[data-testid=local-copy]:has-text("server does not have")');
    const before = await adminFetch(tab, 'GET', `/articles/${id}`);
    expect(JSON.stringify(before.json)).not.toContain('Offline words.');
    await tab.click('button:has-text("Restore them")');
    await tab.waitForSelector('[data-testid=save-state]:has-text("Saved to the server")');
    const after = await adminFetch(tab, 'GET', `/articles/${id}`);
    expect(JSON.stringify(after.json)).toContain('Online words. Offline words.');
    // Once the server has it, the copy is gone: a reload offers nothing.
    await tab.reload();
    await tab.waitForSelector('#body:has-text("Offline words.")');
    expect(await tab.locator('[data-testid=local-copy]').count()).toBe(0);

    // Kept again, then left aside: once the writer saves what is on screen, the offer is gone.
    await context.setOffline(true);
    await tab.click('#body');
    await tab.keyboard.press('End');
    await tab.keyboard.type(' Second offline words.');
    await tab.waitForSelector('[data-testid=save-state]:has-text("Not saved to the server")');
    await tab.close();
    await context.setOffline(false);
    const third = await context.newPage();
    await third.goto(url);
    await third.waitForSelector('[data-testid=local-copy]:has-text("server does not have")');
    await third.click('#body');
    await third.keyboard.press('End');
    await third.keyboard.type(' Typed after the crash.');
    await third.click('button[type=submit]:has-text("Save")');
    await third.waitForSelector('.notice:has-text("Saved.")');
    await third.locator('[data-testid=local-copy]').waitFor({ state: 'detached' });
  });
});
