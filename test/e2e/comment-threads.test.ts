import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage } from './browser.js';

/*
 * Reply threads of any depth in a real browser: a thread six levels deep shows five nested and
 * the sixth beside the fifth, naming whom it answers; a reader answering the deepest reply with
 * the island sees their reply where the server puts it after a reload.
 */

const SLUG = 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
const ARTICLE = `/news/${SLUG}`;

describe('deep reply threads', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ env: { DEHO_TRUST_PROXY: '1' } });
    // A discussion written before the page is first asked for (so no cached copy is older).
    const db = new SQLite(path.join(server.dataDir, 'deho.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const article = db.prepare('select id from articles where slug = ?').get(SLUG) as {
        id: number;
      };
      const insert = db.prepare(
        "insert into comments (article_id, parent_id, depth, author_name, body, status, approved_at, created_at, updated_at) values (?, ?, ?, ?, ?, 'approved', ?, ?, ?)",
      );
      let parent: number | null = null;
      for (let level = 0; level < 6; level++) {
        const at = new Date(Date.UTC(2026, 0, 1, 0, level)).toISOString();
        const row = insert.run(
          article.id,
          parent,
          level,
          `Level ${level}`,
          `Said at level ${level}.`,
          at,
          at,
          at,
        );
        parent = Number(row.lastInsertRowid);
      }
    } finally {
      db.close();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('nests five levels, lists the sixth beside the fifth, and puts a new deep reply there too', async () => {
    const reader = await watchedPage(browser, {
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.30' },
    });
    try {
      const { page } = reader;
      await page.goto(server.url + ARTICLE);
      const item = (name: string) => page.locator('#comments li.comment', { hasText: name }).last();
      const levelOf = (name: string) =>
        item(name).evaluate((li) => {
          let level = -1;
          for (let up = li.parentElement; up !== null; up = up.parentElement)
            if (up.tagName === 'OL') level++;
          return level;
        });
      expect(await levelOf('Said at level 4.')).toBe(4);
      expect(await levelOf('Said at level 5.')).toBe(4);
      await expect
        .poll(() => item('Said at level 5.').locator('.comment__in-reply-to').textContent())
        .toContain('in reply to Level 4');

      // Answer the deepest reply with the island (no reload).
      await item('Said at level 5.').getByRole('link', { name: 'Reply' }).first().click();
      const form = page.locator('form[data-comments-form]');
      await form.getByLabel('Comment', { exact: true }).fill('Answering the sixth level');
      await form.getByLabel('Name').fill('Deep reader');
      await form.getByRole('button', { name: 'Post comment' }).click();
      // The innermost item with the text (its ancestors' items contain it too).
      const mine = item('Answering the sixth level');
      await mine.waitFor();
      expect(page.url()).toBe(server.url + ARTICLE);
      const placed = await mine.evaluate((li) => ({
        previous: li.previousElementSibling?.querySelector('.comment__body')?.textContent ?? '',
        inReplyTo: li.querySelector('.comment__in-reply-to')?.textContent ?? '',
      }));
      expect(placed.previous).toContain('Said at level 5.');
      expect(placed.inReplyTo).toContain('in reply to Level 5');
      expect(await levelOf('Answering the sixth level')).toBe(4);

      // The server puts it in the same place.
      await page.reload();
      expect(await levelOf('Answering the sixth level')).toBe(4);
      const after = await item('Answering the sixth level').evaluate(
        (li) => li.previousElementSibling?.querySelector('.comment__body')?.textContent ?? '',
      );
      expect(after).toContain('Said at level 5.');
      expect(reader.badResponses).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
