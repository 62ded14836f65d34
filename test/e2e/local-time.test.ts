import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTime } from '../../src/views/components/local-time.js';
import { launchChromium, watchedPage } from './browser.js';

/*
 * The reader-time island in a real Chromium (issue 21): it writes the reader's time with the
 * site's own formatter, in the page's language whatever the browser's, and says nothing when the
 * reader's clock already reads the time the page shows. The island is bundled from src/client.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const AIR_INSTANT = '2023-01-07T12:10:00Z';

async function bundle(name: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'client', `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('reader-time island in Chromium', () => {
  let browser: Browser;
  let island: string;
  beforeAll(async () => {
    browser = await launchChromium();
    island = await bundle('local-time');
  });
  afterAll(async () => {
    await browser.close();
  });

  /** The island's line next to 21:10 KST for a reader in `timezoneId` with `locale`. */
  async function readerLine(timezoneId: string, locale: string) {
    const watched = await watchedPage(browser, { timezoneId, locale });
    try {
      const { page } = watched;
      const time = renderToString(LocalTime({ instant: AIR_INSTANT, zone: 'Asia/Seoul' }));
      await page.setContent(`<!doctype html><html lang="en"><body><p>${time}</p></body></html>`);
      await page.addScriptTag({ type: 'module', content: island });
      await page.waitForFunction(() => document.readyState === 'complete');
      // A module script runs before the load event: by now the island has done its work.
      const slot = page.locator('[data-local-time-reader]');
      const line = { hidden: await slot.isHidden(), text: (await slot.textContent()) ?? '' };
      expect(watched.pageErrors).toEqual([]);
      return line;
    } finally {
      await watched.close();
    }
  }

  it('writes the reader’s time in English with the site’s formatter, for a ko-KR browser in New York', async () => {
    expect(await readerLine('America/New_York', 'ko-KR')).toEqual({
      hidden: false,
      text: ' · Saturday 7 January 2023, 07:10 EST your time',
    });
  });

  it('says nothing more to a reader in Korea', async () => {
    expect(await readerLine('Asia/Seoul', 'ko-KR')).toEqual({ hidden: true, text: '' });
  });

  it('says nothing more to a reader in Japan, whose clock reads the same', async () => {
    expect(await readerLine('Asia/Tokyo', 'ja-JP')).toEqual({ hidden: true, text: '' });
  });
});
