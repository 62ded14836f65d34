import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/features/dramas/drama.service.js';
import { SchedulePage } from '../../src/features/dramas/schedule-views.js';
import { renderDocument } from '../../src/views/render.js';
import { startServer } from '../helpers/server.js';
import { launchChromium, watchedPage } from './browser.js';

/*
 * The /schedule islands in a real Chromium with the reader in Auckland (issue 4, "Must show"):
 * Saturday 7 January 2023, 21:10 KST is Sunday 8 January, 01:10 NZDT, so the regrouped page must
 * put that episode under Sunday. The page is the server's own view, loaded with setContent; the
 * islands are bundled from src/client with esbuild, so this needs neither a build nor a server.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

function schedule(): Schedule {
  const days = Array.from({ length: 14 }, (_, i) => ({
    date: new Date(Date.UTC(2023, 0, 2 + i)).toISOString().slice(0, 10),
    episodes: [] as Schedule['days'][number]['episodes'],
  }));
  const episode = {
    id: 29,
    number: 9,
    kind: 'regular' as const,
    title: null,
    airInstant: '2023-01-07T12:10:00.000Z',
    zone: 'Asia/Seoul',
    show: { id: 1, slug: 'alchemy-of-souls', title: 'Alchemy of Souls' },
    part: { number: 2, title: 'Part 2', subtitle: 'Light and Shadow' },
  };
  days[5]?.episodes.push(episode); // Saturday 7 January in KST
  return {
    from: '2023-01-01T15:00:00.000Z',
    to: '2023-01-15T15:00:00.000Z',
    days,
    edges: [],
    now: '2023-01-02T03:00:00.000Z',
  };
}

describe('/schedule in Chromium (Pacific/Auckland)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('moves the Saturday 21:10 KST episode under Sunday, at 01:10 reader time', async () => {
    const html = renderDocument(
      SchedulePage({
        site: {
          title: 'Deho',
          description: 'K-drama news',
          baseUrl: 'http://127.0.0.1',
          zone: 'Asia/Seoul',
        },
        schedule: schedule(),
        today: '2023-01-02',
      }),
    );
    // Without JavaScript the episode sits under the KST day, Saturday.
    expect(html).toMatch(/data-schedule-day="2023-01-07"[\s\S]*Alchemy of Souls/);
    expect(html).not.toContain('data-schedule-day="2023-01-08"');

    const watched = await watchedPage(browser, {
      timezoneId: 'Pacific/Auckland',
      locale: 'en-NZ',
      javaScriptEnabled: true,
    });
    try {
      const { page } = watched;
      await page.setContent(html.replace(/<script[^>]*><\/script>/g, ''));
      await page.addScriptTag({ type: 'module', content: await bundle('local-time') });
      await page.addScriptTag({ type: 'module', content: await bundle('schedule') });
      await page.waitForSelector('[data-schedule][data-schedule-zone="Pacific/Auckland"]');

      const sunday = page.locator('[data-schedule-day="2023-01-08"]');
      await expect.poll(() => sunday.locator('li[data-instant]').count()).toBe(1);
      expect(await sunday.locator('h3').innerText()).toMatch(/Sunday,? 8 January/);
      // Only the day with an episode is listed; the reader's empty next week says so once.
      expect(await page.locator('[data-schedule-day]').count()).toBe(1);
      expect(await page.getByText('No episodes air this week.').count()).toBe(1);
      expect(await page.getByText('Nothing airs').count()).toBe(0);
      const item = sunday.locator('li[data-instant]');
      expect(await item.innerText()).toContain('Alchemy of Souls');
      expect(await item.locator('time').getAttribute('datetime')).toBe('2023-01-07T12:10:00Z');
      expect(await item.locator('time').innerText()).toContain(
        'Saturday 7 January 2023, 21:10 KST',
      );
      expect(await item.locator('[data-local-time-reader]').innerText()).toMatch(/1:10/);
      expect(await page.locator('[data-schedule-day="2023-01-07"] li[data-instant]').count()).toBe(
        0,
      );
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('on the real server, puts every episode under the reader’s own day, across midnight', async () => {
    const server = await startServer();
    const watched = await watchedPage(browser, { timezoneId: 'Pacific/Auckland', locale: 'en-NZ' });
    try {
      const { page } = watched;
      await page.goto(`${server.url}/schedule`);
      await page.waitForSelector('[data-schedule][data-schedule-zone="Pacific/Auckland"]');
      // The demo's invented show airs Wednesday and Thursday at 20:50 KST: 00:50 the next day in
      // Auckland (NZDT, UTC+13) or 23:50 the same day (NZST, UTC+12).
      const placed = await page.$$eval('li[data-instant]', (items) =>
        items.map((item) => ({
          instant: item.getAttribute('data-instant') ?? '',
          day: item.closest<HTMLElement>('[data-schedule-day]')?.dataset.scheduleDay ?? '',
        })),
      );
      expect(placed.length).toBeGreaterThan(0);
      const dayIn = (zone: string, instant: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(instant));
      for (const { instant, day } of placed)
        expect(day, instant).toBe(dayIn('Pacific/Auckland', instant));
      expect(
        placed.some(
          ({ instant }) => dayIn('Pacific/Auckland', instant) !== dayIn('Asia/Seoul', instant),
        ),
      ).toBe(true);
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.close();
      await server.stop();
    }
  });
});
