import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, inviteColleague, OWNER, seriousViolations } from './staff.js';

/*
 * Issue 19, "Must show": a moderator approves, marks as spam and replies from the queue, by
 * mouse and by keyboard; the reader page then shows the approved comment without "(edited)" and
 * the staff reply with its badge; the navigation counts what still waits.
 */

describe('the moderation queue in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let min: Watched;
  let article: { id: number; slug: string };
  const stamp = Date.now();
  const text = (who: string) => `${who} says the finale was perfect (${stamp}).`;
  const ids = new Map<string, number>();

  /** A reader's comment from its own address; without a solved challenge it is held. */
  async function postComment(who: string, address: string): Promise<void> {
    const res = await fetch(`${server.url}/api/content/v1/articles/${article.id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ name: who, comment: text(who) }),
    });
    const body = (await res.json()) as { comment: { id: number; status: string } };
    expect(body.comment.status).toBe('pending');
    ids.set(who, body.comment.id);
  }

  /** The comment's status as the Admin API has it (a reader's view cannot tell spam from held). */
  async function statusOf(who: string): Promise<string> {
    const res = await adminFetch(min.page, 'GET', `/comments/${ids.get(who)}`);
    return (res.json as { comment: { status: string } }).comment.status;
  }

  const row = (page: Page, who: string) => page.locator('.queue__item', { hasText: text(who) });

  beforeAll(async () => {
    server = await startServer({ env: { DEHO_TRUST_PROXY: '1' } });
    browser = await launchChromium();
    const list = (await (await fetch(`${server.url}/api/content/v1/articles?limit=1`)).json()) as {
      articles: { id: number; slug: string }[];
    };
    article = list.articles[0] ?? { id: 0, slug: '' };
    // Posted first, so that approval comes well after posting ("(edited)" used to compare them).
    for (const [i, who] of ['Ana', 'Bo', 'Cy', 'Dee', 'Eun', 'Fay'].entries()) {
      await postComment(who, `10.20.0.${i + 1}`);
    }
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin`);
    await completeSetup(owner.page, server.url, OWNER);
    min = await inviteColleague(browser, owner.page, server.url, {
      name: 'Min Moderator',
      email: 'min@example.com',
      role: 'moderator',
      password: 'min password 12',
    });
  });
  afterAll(async () => {
    await min?.close();
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows where each comment is, why it was held, and counts it in the navigation', async () => {
    const { page } = min;
    await page.goto(`${server.url}/admin/comments?article=${article.id}`);
    await row(page, 'Ana').waitFor();
    const ana = row(page, 'Ana');
    expect(await ana.getByRole('link').first().getAttribute('href')).toBe(
      `${server.url}/news/${article.slug}#comment-${ids.get('Ana')}`,
    );
    expect(await ana.textContent()).toContain('Held: No challenge solved');
    expect(Number(await page.getByTestId('pending-count').textContent())).toBeGreaterThanOrEqual(6);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('approves, spams and replies by mouse', async () => {
    const { page } = min;
    const before = Number(await page.getByTestId('pending-count').textContent());
    await row(page, 'Ana').getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('1 comment approved.').waitFor();
    await row(page, 'Bo').getByRole('button', { name: 'Spam', exact: true }).click();
    await page.getByText('1 comment marked as spam.').waitFor();
    await row(page, 'Cy').getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByLabel('Reply as staff to Cy').fill(`Glad you liked it, Cy! (${stamp})`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await page.getByText('Your reply to Cy is published, and their comment approved.').waitFor();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=pending-count]')?.textContent) === n,
      before - 3,
    );
    await row(page, 'Ana').waitFor({ state: 'detached' });
    expect(await statusOf('Ana')).toBe('approved');
    expect(await statusOf('Bo')).toBe('spam');
    expect(await statusOf('Cy')).toBe('approved');
  });

  it('approves, spams and replies by keyboard', async () => {
    const { page } = min;
    // Newest first: Fay, Eun, Dee. k moves up to the first row and focuses it.
    await row(page, 'Fay').waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('k');
    await page.waitForFunction(() => document.activeElement?.classList.contains('queue__item'));
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Fay');
    await page.keyboard.press('r');
    const reply = page.getByLabel('Reply as staff to Fay');
    await reply.waitFor();
    expect(await reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(`Thanks for watching, Fay! (${stamp})`);
    await page.keyboard.press('Control+Enter');
    await page.getByText('Your reply to Fay is published, and their comment approved.').waitFor();
    await row(page, 'Fay').waitFor({ state: 'detached' });
    // The first row is current again: Eun.
    await page.keyboard.press('s');
    await page.getByText('1 comment marked as spam.').waitFor();
    await row(page, 'Eun').waitFor({ state: 'detached' });
    await page.keyboard.press('a');
    await page.getByText('1 comment approved.').waitFor();
    await row(page, 'Dee').waitFor({ state: 'detached' });
    expect(await statusOf('Dee')).toBe('approved');
    expect(await statusOf('Eun')).toBe('spam');
    expect(await statusOf('Fay')).toBe('approved');
    expect(min.pageErrors).toEqual([]);
    expect(await min.cspViolations()).toEqual([]);
  });

  it('shows readers the approved comments without "(edited)" and the staff replies with a badge', async () => {
    const reader = await watchedPage(browser);
    try {
      await reader.page.goto(`${server.url}/news/${article.slug}`);
      for (const who of ['Ana', 'Cy', 'Dee', 'Fay']) {
        const item = reader.page.locator(`#comment-${ids.get(who)}`);
        await item.waitFor();
        expect(await item.locator('> article .comment__edited').count(), who).toBe(0);
      }
      // The innermost comment holding the reply's text is the reply, under Cy's comment.
      const staffReply = reader.page
        .locator(`#comment-${ids.get('Cy')} li.comment`, { hasText: `Glad you liked it, Cy!` })
        .last();
      expect(await staffReply.locator('> article .comment__badge').textContent()).toBe('Staff');
      expect(await staffReply.locator('> article .comment__author').textContent()).toBe(
        'Min Moderator',
      );
      const fayReply = reader.page
        .locator(`#comment-${ids.get('Fay')} li.comment`, { hasText: 'Thanks for watching, Fay!' })
        .last();
      expect(await fayReply.locator('> article .comment__badge').textContent()).toBe('Staff');
      expect(await reader.page.locator('body').textContent()).not.toContain(text('Bo'));
    } finally {
      await reader.close();
    }
  });
});
