import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { seriousViolations, signIn } from './staff.js';

/*
 * The media library in a real Chromium: upload through the file input on /admin/media, write
 * the alt text and place the focal point, put the image in an article from the editor's library
 * picker, and see the reader page show it as <picture> in a format the browser chose. axe-core
 * checks the library screen.
 */

const OWNER = { name: 'Mina Media', email: 'media@example.com', password: 'media password 1' };

describe('the media library in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let photo: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-media-e2e-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    const setup = await fetch(`${server.url}/api/admin/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: OWNER }),
    });
    expect(setup.status).toBe(201);
    photo = path.join(scratch, 'fan-meeting.jpg');
    fs.writeFileSync(
      photo,
      await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#b0306a' } })
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

  it('uploads with the file input, sets alt text and focal point, and passes axe', async () => {
    const { page } = owner;
    await signIn(page, server.url, OWNER);
    await page.click('nav[aria-label=Admin] >> text=Media');
    await page.waitForURL(`${server.url}/admin/media`);
    // The demo's artwork is in the library already.
    await page.waitForSelector('.media-grid__item');
    expect(await seriousViolations(page)).toEqual([]);

    await page.setInputFiles('#media-file', photo);
    await page.waitForSelector('#media-editor-heading:has-text("fan-meeting.jpg")');
    await page.waitForSelector('.media-grid__item[aria-pressed=true]');
    await page.fill('#media-alt', 'Fans waving light sticks at the fan meeting');
    const box = await page.locator('.focal img').boundingBox();
    if (box === null) throw new Error('the focal picker shows no image');
    await page.click('.focal img', { position: { x: box.width * 0.32, y: box.height * 0.78 } });
    expect(Number(await page.inputValue('#media-focal-x'))).toBeCloseTo(32, -0.5);
    expect(Number(await page.inputValue('#media-focal-y'))).toBeCloseTo(78, -0.5);
    await page.click('button:has-text("Save")');
    await page.waitForSelector('text=Saved.');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('puts the image in an article from the library, and the page shows <picture>', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Fan meeting in pictures');
    await page.click('#body');
    await page.keyboard.type('The fans came early.');
    await page.click('.editor-toolbar button:has-text("Image from library")');
    await page.click('.media-grid__item:has-text("fan-meeting.jpg")');
    await page.waitForSelector('#body figure img[src^="/media/"]');
    await page.click('button:has-text("Publish now")');
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    await page.waitForSelector('[data-testid=status]:has-text("published")');

    const reader = await watchedPage(browser);
    try {
      await reader.page.goto(`${server.url}/news/fan-meeting-in-pictures`);
      const img = reader.page.locator('.prose picture img');
      await img.scrollIntoViewIfNeeded();
      expect(await img.getAttribute('alt')).toBe('Fans waving light sticks at the fan meeting');
      expect(await img.getAttribute('width')).toBe('1200');
      expect(await img.getAttribute('height')).toBe('800');
      expect(await img.getAttribute('loading')).toBe('lazy');
      expect(await img.getAttribute('class')).toBe('fx-30 fy-80');
      expect(await reader.page.locator('.prose picture source').count()).toBe(2);
      await reader.page.waitForFunction(() => {
        const el = document.querySelector<HTMLImageElement>('.prose picture img');
        return el !== null && el.complete && el.naturalWidth > 0;
      });
      // Chromium picks AVIF, the first source it supports.
      const chosen = await img.evaluate((el: HTMLImageElement) => el.currentSrc);
      expect(chosen).toMatch(/\/media\/\d+\/\d+\.avif$/);
      const position = await img.evaluate((el) => getComputedStyle(el).objectPosition);
      expect(position).toBe('30% 80%');
      expect(await reader.cspViolations()).toEqual([]);
      expect(reader.badResponses).toEqual([]);
    } finally {
      await reader.close();
    }
    expect(await owner.cspViolations()).toEqual([]);
  });
});
