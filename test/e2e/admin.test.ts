import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import {
  adminFetch,
  completeSetup,
  inviteColleague,
  OWNER,
  seriousViolations,
  signIn,
} from './staff.js';

/*
 * The newsroom in a real Chromium (issue 6, "Must show"): first-run setup, sign-in, an article
 * with a video and an air-time block scheduled a few seconds ahead that then appears on the
 * front page, a contributor who cannot publish, a moderator approving a comment, the sign-in
 * limit, and axe-core on the admin screens.
 */

describe('the admin app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;

  beforeAll(async () => {
    server = await startServer({ env: { DEHO_JOB_INTERVAL_MS: '1000' } });
    browser = await launchChromium();
    owner = await watchedPage(browser);
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('sets up the owner on first run, signs out and in again', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(`${server.url}/admin/setup`);
    expect(await seriousViolations(page)).toEqual([]);
    await completeSetup(page, server.url, OWNER);
    await page.click('text=Log out');
    await page.waitForURL(`${server.url}/admin/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, server.url, OWNER);
    await page.waitForSelector('table.list tbody tr');
    expect(await seriousViolations(page)).toEqual([]);
    // Setup is closed now.
    await page.goto(`${server.url}/admin/setup`);
    await page.waitForURL(`${server.url}/admin/login`);
    await signIn(page, server.url, OWNER);
  });

  it('writes an article with a video and an air-time block, schedules it, and it goes live', async () => {
    const { page } = owner;
    const episodes = (await (
      await fetch(`${server.url}/api/content/v1/episodes?from=2000-01-01&to=2100-01-01&limit=5`)
    ).json()) as {
      episodes: { id: number; air_instant: string; show: { title: string } }[];
    };
    const episode = episodes.episodes[0];
    if (episode === undefined) throw new Error('the demo has no episodes');
    const title = `Scheduled scoop ${Date.now()}`;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', title);
    await page.click('#body');
    await page.keyboard.type('The cast gathered for the first script reading.');
    await page.click('.editor-toolbar button:has-text("Video")');
    await page.fill('#editor-video-url', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await page.click('button:has-text("Add video")');
    await page.waitForSelector('#body figure[data-video-id]');
    await page.click('#body p:has-text("script reading")');
    await page.keyboard.press('Control+End');
    await page.click('.editor-toolbar button:has-text("Air time")');
    await page.fill('#airtime-show', episode.show.title);
    await page.click(`.picker-results button:has-text("${episode.show.title}")`);
    await page.click(`.picker-results button[data-episode-id="${episode.id}"]`);
    await page.waitForSelector(`#body [data-episode-id="${episode.id}"]`);
    expect(await seriousViolations(page)).toEqual([]);
    const at = await page.evaluate(() => {
      const d = new Date(Date.now() + 5_000);
      const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 19);
      return local;
    });
    await page.fill('#schedule-at', at);
    await page.click('button:has-text("Schedule")');
    await page.waitForSelector('[data-testid=status]:has-text("scheduled")');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await adminFetch(page, 'GET', `/articles/${id}`);
    const body = (stored.json as { article: { body: { type: string }[] } }).article.body.map(
      (b) => b.type,
    );
    expect(body).toEqual(['paragraph', 'video', 'airtime']);
    expect((await (await fetch(`${server.url}/`)).text()).includes(title)).toBe(false);
    let live = false;
    for (let i = 0; i < 40 && !live; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      live = (await (await fetch(`${server.url}/`)).text()).includes(title);
    }
    expect(live).toBe(true);
  });

  it('lets a contributor write but not publish, and the API refuses it too', async () => {
    const cora = await inviteColleague(browser, owner.page, server.url, {
      name: 'Cora Contributor',
      email: 'cora@example.com',
      role: 'contributor',
      password: 'cora password 1',
    });
    try {
      await cora.page.goto(`${server.url}/admin/articles/new`);
      await cora.page.waitForSelector('#title');
      expect(await cora.page.locator('text=Publish now').count()).toBe(0);
      expect(await cora.page.locator('text=an editor publishes them').count()).toBe(1);
      const refused = await adminFetch(cora.page, 'POST', '/articles', {
        article: { title: 'Sneaky', status: 'published' },
      });
      expect(refused.status).toBe(403);
      const draft = await adminFetch(cora.page, 'POST', '/articles', {
        article: { title: 'Honest draft' },
      });
      expect(draft.status).toBe(201);
    } finally {
      await cora.close();
    }
  });

  it('lets a moderator approve a pending comment, which then appears on the article', async () => {
    const list = (await (await fetch(`${server.url}/api/content/v1/articles?limit=1`)).json()) as {
      articles: { id: number; slug: string }[];
    };
    const article = list.articles[0];
    if (article === undefined) throw new Error('no published article');
    const text = `Held comment ${Date.now()}`;
    const posted = await fetch(`${server.url}/api/content/v1/articles/${article.id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Reader Kim', comment: text }),
    });
    expect(((await posted.json()) as { comment: { status: string } }).comment.status).toBe(
      'pending',
    );
    const min = await inviteColleague(browser, owner.page, server.url, {
      name: 'Min Moderator',
      email: 'min@example.com',
      role: 'moderator',
      password: 'min password 12',
    });
    try {
      await min.page.goto(`${server.url}/admin/comments`);
      const item = min.page.locator('.queue__item', { hasText: text });
      await item.waitFor();
      expect(await seriousViolations(min.page)).toEqual([]);
      await item.locator('input[type=checkbox]').check();
      await min.page.keyboard.press('Escape');
      await min.page.locator('body').click({ position: { x: 1, y: 1 } });
      await min.page.keyboard.press('a');
      await min.page.waitForSelector('text=1 comment approved.');
      const html = await (await fetch(`${server.url}/news/${article.slug}`)).text();
      expect(html).toContain(text);
    } finally {
      await min.close();
    }
  });

  it('shows the other admin screens without serious axe violations', async () => {
    for (const path of ['/admin/users', '/admin/api-keys', '/admin/settings', '/admin/account']) {
      await owner.page.goto(`${server.url}${path}`);
      await owner.page.waitForSelector('#main h1');
      await owner.page.waitForLoadState('networkidle');
      expect(await seriousViolations(owner.page), path).toEqual([]);
    }
    expect(await owner.cspViolations()).toEqual([]);
    expect(owner.pageErrors).toEqual([]);
  });

  it('stops wrong passwords at the limit with a clear message', async () => {
    const guest = await watchedPage(browser);
    try {
      await guest.page.goto(`${server.url}/admin/login`);
      for (let i = 0; i < 6; i++) {
        await guest.page.fill('#email', OWNER.email);
        await guest.page.fill('#password', `wrong guess ${i}`);
        await guest.page.click('button[type=submit]');
        await guest.page.waitForSelector('.notice--error');
        await guest.page.waitForFunction(
          () => !document.querySelector<HTMLButtonElement>('button[type=submit]')?.disabled,
        );
      }
      expect(await guest.page.textContent('.notice--error')).toMatch(/Too many failed sign-ins/);
    } finally {
      await guest.close();
    }
  });
});
