import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/features/dramas/drama.service.js';
import { SchedulePage } from '../../src/features/dramas/schedule-views.js';
import { renderDocument } from '../../src/views/render.js';
import { launchChromium, watchedPage } from './browser.js';

/*
 * Issue 20: /schedule is the reader's own this week and next. Episodes just outside the KST
 * window come hidden with the page; the island shows those in the reader's window.
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

const episode = (id: number, airInstant: string) => ({
  id,
  number: id,
  kind: 'regular' as const,
  title: null,
  airInstant,
  zone: 'Asia/Seoul',
  show: { id: 1, slug: 'alchemy-of-souls', title: 'Alchemy of Souls' },
  part: { number: 1, title: 'Part 1', subtitle: null },
});

/** Two KST weeks from `monday` (YYYY-MM-DD, KST), no episodes in them, the given edges. */
function schedule(monday: string, now: string, edges: ReturnType<typeof episode>[]): Schedule {
  const start = Date.parse(`${monday}T00:00:00Z`);
  const days = Array.from({ length: 14 }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    episodes: [] as Schedule['days'][number]['episodes'],
  }));
  const from = new Date(start - 9 * 3_600_000).toISOString();
  const to = new Date(start + 14 * 86_400_000 - 9 * 3_600_000).toISOString();
  return { from, to, days, edges, now };
}

async function regrouped(browser: Browser, zone: string, data: Schedule) {
  const html = renderDocument(
    SchedulePage({
      site: {
        title: 'Deho',
        description: 'K-drama news',
        baseUrl: 'http://127.0.0.1',
        zone: 'Asia/Seoul',
      },
      schedule: data,
      today: data.days[0]?.date ?? '',
    }),
  );
  const watched = await watchedPage(browser, { timezoneId: zone, locale: 'en-US' });
  try {
    const { page } = watched;
    await page.setContent(html.replace(/<script[^>]*><\/script>/g, ''));
    await page.addScriptTag({ type: 'module', content: await bundle('schedule') });
    await page.waitForSelector(`[data-schedule][data-schedule-zone="${zone}"]`);
    const days = await page.$$eval('[data-schedule-day]', (sections) =>
      sections.map((s) => ({
        day: s.getAttribute('data-schedule-day') ?? '',
        instants: [...s.querySelectorAll('li[data-instant]')].map((li) =>
          li.getAttribute('data-instant'),
        ),
      })),
    );
    expect(watched.pageErrors).toEqual([]);
    return days;
  } finally {
    await watched.close();
  }
}

describe('/schedule edges in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('Los Angeles: Sunday 20 December lists the episode at 15:00 PST (Monday 08:00 KST)', async () => {
    // Monday 7 December, 20:00 PST; the KST window ends Monday 21 December 00:00 KST.
    const days = await regrouped(
      browser,
      'America/Los_Angeles',
      schedule('2026-12-07', '2026-12-08T04:00:00.000Z', [episode(1, '2026-12-20T23:00:00.000Z')]),
    );
    // Only the day with an episode is listed (empty days are left out).
    expect(days).toEqual([{ day: '2026-12-20', instants: ['2026-12-20T23:00:00.000Z'] }]);
  });

  it('Auckland: the week starts on its own Monday and keeps Sunday 21:10 KST (Monday 01:10 NZDT)', async () => {
    // Monday 14 December, 08:00 NZDT; the KST window starts Monday 14 December 00:00 KST.
    const days = await regrouped(
      browser,
      'Pacific/Auckland',
      schedule('2026-12-14', '2026-12-13T19:00:00.000Z', [episode(2, '2026-12-13T12:10:00.000Z')]),
    );
    expect(days).toEqual([{ day: '2026-12-14', instants: ['2026-12-13T12:10:00.000Z'] }]);
  });
});
