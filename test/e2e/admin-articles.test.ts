import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, OWNER } from './staff.js';

/*
 * The newsroom's article list and editor in a real Chromium: filters kept in the URL (bookmark,
 * reload), the no-results and loading states; bold and a link that survive autosave and a
 * reload; a save that overlaps typing; and two tabs editing the same draft.
 */

interface Span {
  text: string;
  marks?: string[];
  href?: string;
}

async function paragraph(page: Page, id: number): Promise<Span[]> {
  const res = await adminFetch(page, 'GET', `/articles/${id}`);
  const article = (res.json as { article: { body: { content?: Span[] }[] } }).article;
  return article.body[0]?.content ?? [];
}

/** Selects the first occurrence of `words` in the article text, as a writer does with the mouse. */
async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    const body = document.getElementById('body');
    if (body === null) throw new Error('no editor');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(words) ?? -1;
      if (at < 0) continue;
      body.focus();
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return;
    }
    throw new Error(`"${words}" is not in the text`);
  }, words);
  // ProseMirror reads the DOM selection on selectionchange; wait until it has.
  await page.waitForFunction(() => (getSelection()?.toString() ?? '') !== '');
}

/** Puts the cursor at the end of the article text. */
async function toEnd(page: Page): Promise<void> {
  await page.click('#body');
  await page.keyboard.press('Control+End');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling (autosave runs on its own timer). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('the article list and editor in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let tab: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    tab = await watchedPage(browser);
    const setup = await tab.page.request.post(`${server.url}/api/admin/v1/setup`, {
      data: { user: OWNER },
    });
    expect(setup.status()).toBe(201);
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await server?.stop();
  });

  it('filters the list by status, tag, author, show and words, kept in the URL', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/admin/articles`);
    await page.waitForSelector('table.list tbody tr');
    const make = async (article: Record<string, unknown>) =>
      expect((await adminFetch(page, 'POST', '/articles', { article })).status).toBe(201);
    await make({ title: 'Filter Alpha draft', tags: ['Filterable'] });
    await make({ title: 'Filter Beta published', status: 'published', tags: ['Filterable'] });
    await make({ title: 'Gamma elsewhere' });
    const rows = () => page.locator('table.list tbody tr td:first-child').allInnerTexts();

    await page.reload();
    await page.waitForSelector('text=Filter Beta published');
    await page.selectOption('#filter-status', 'draft');
    await page.waitForURL(/status=draft/);
    await page.waitForSelector('text=Filter Beta published', { state: 'detached' });
    expect(await rows()).toEqual(expect.arrayContaining(['Filter Alpha draft', 'Gamma elsewhere']));

    await page.fill('#filter-tag', 'filterab');
    await page.click('.picker-results button:has-text("Filterable")');
    await page.waitForURL(/tag=\d+/);
    await page.waitForSelector('text=Gamma elsewhere', { state: 'detached' });
    expect(await rows()).toEqual(['Filter Alpha draft']);
    await page.waitForSelector('[data-testid=filter-tag-chosen]:has-text("Filterable")');

    await page.fill('#filter-q', 'zzz nothing');
    await page.waitForURL(/q=zzz/);
    await page.waitForSelector('[data-testid=no-results]:has-text("No articles match")');

    // A bookmark: the same URL, loaded afresh, shows the same filters and the same (empty) list.
    const bookmarked = page.url();
    await page.goto('about:blank');
    await page.goto(bookmarked);
    await page.waitForSelector('[data-testid=no-results]');
    expect(await page.inputValue('#filter-status')).toBe('draft');
    expect(await page.inputValue('#filter-q')).toBe('zzz nothing');
    await page.waitForSelector('[data-testid=filter-tag-chosen]:has-text("Filterable")');

    await page.click('button:has-text("Clear the filters")');
    await page.waitForSelector('text=Filter Beta published');
    expect(new URL(page.url()).search).toBe('');

    // Only the owner's articles (the demo's have other authors).
    const me = (await adminFetch(page, 'GET', '/session')).json as {
      session: { user: { id: number } };
    };
    await page.selectOption('#filter-author', String(me.session.user.id));
    await page.waitForURL(new RegExp(`author_id=${me.session.user.id}`));
    await page.waitForSelector('[data-testid=list-status]:has-text("3 articles")');
    expect((await rows()).sort()).toEqual(
      ['Filter Alpha draft', 'Filter Beta published', 'Gamma elsewhere'].sort(),
    );

    // The show picker searches shows; the demo's articles about it are listed, none of ours.
    await page.goto(`${server.url}/admin/articles`);
    await page.fill('#filter-show', 'alchemy');
    await page.click('.picker-results button:has-text("Alchemy of Souls")');
    await page.waitForURL(/show_id=\d+/);
    await page.waitForSelector('[data-testid=filter-show-chosen]');
    await page.waitForSelector('table.list tbody tr');
    expect(await rows()).not.toContain('Filter Beta published');

    // While the API answers, the list says so.
    await page.route('**/api/admin/v1/articles?*', async (route) => {
      await sleep(800);
      await route.continue();
    });
    await page.selectOption('#filter-status', 'published');
    await page.waitForSelector('[data-testid=list-status]:has-text("Loading")');
    await page.waitForSelector('[data-testid=list-status]:has-text("article")');
    await page.unroute('**/api/admin/v1/articles?*');
    expect(tab.pageErrors).toEqual([]);
  });

  it('keeps bold and a link through autosave and a reload, and while typing on', async () => {
    const { page } = tab;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Marks survive autosave');
    const text = 'Lee Jae-wook is back in a new drama.';
    await page.click('#body');
    await page.keyboard.type(text);
    await selectWords(page, 'back');
    await page.click('.editor-toolbar button:has-text("Bold")');
    await page.waitForSelector('#body strong:has-text("back")');
    await selectWords(page, 'new drama');
    await page.keyboard.press('Control+k');
    await page.fill('#editor-link-href', 'https://example.com/drama');
    await page.click('button:has-text("Apply link")');
    await page.waitForSelector('#body a[href="https://example.com/drama"]');
    // An address as the browser's bar shows it gets https://; a script URL is refused in words.
    await selectWords(page, 'Lee Jae-wook');
    await page.keyboard.press('Control+k');
    await page.fill('#editor-link-href', 'javascript:alert(1)');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#editor-link-href-error:has-text("https://")');
    await page.fill('#editor-link-href', 'example.com/lee-jae-wook');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#body a[href="https://example.com/lee-jae-wook"]');
    // Typing on after formatting: the marks stay where they are.
    await toEnd(page);
    await page.keyboard.type(' Filming starts soon.');
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await eventually(
      async () => (await paragraph(page, id)).some((s) => s.text.includes('soon.')),
      'the autosave',
    );
    expect(await paragraph(page, id)).toEqual([
      { text: 'Lee Jae-wook', href: 'https://example.com/lee-jae-wook' },
      { text: ' is ' },
      { text: 'back', marks: ['bold'] },
      { text: ' in a ' },
      { text: 'new drama', href: 'https://example.com/drama' },
      { text: '. Filming starts soon.' },
    ]);

    await page.reload();
    await page.waitForSelector('#body strong');
    expect(await page.innerText('#body')).toBe(`${text} Filming starts soon.`);
    expect(await page.innerText('#body strong')).toBe('back');
    expect(await page.innerText('#body a[href="https://example.com/drama"]')).toBe('new drama');
  });

  it('sends text typed during a slow save in the next save, never loses it', async () => {
    const { page } = tab;
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    let held = 0;
    await page.route(`**/api/admin/v1/articles/${id}`, async (route) => {
      if (route.request().method() === 'PATCH') {
        held++;
        await sleep(2_500);
      }
      await route.continue();
    });
    const typeAtEnd = async (words: string) => {
      await toEnd(page);
      await page.keyboard.type(words);
    };
    const savedText = async () => (await paragraph(page, id)).map((s) => s.text).join('');

    // Typed late in a save's flight: that save ends before the next autosave is due, and must
    // not mark the newer words as saved.
    await typeAtEnd(' One.');
    await eventually(() => Promise.resolve(held === 1), 'the first save to start');
    await sleep(1_500);
    await typeAtEnd(' Two.');
    await eventually(async () => (await savedText()).endsWith('One. Two.'), 'the late words');

    // Typed early: the next autosave falls due while the first is still on its way.
    const before = held;
    await typeAtEnd(' Three.');
    await eventually(() => Promise.resolve(held === before + 1), 'the third save to start');
    await typeAtEnd(' Four.');
    await eventually(async () => (await savedText()).endsWith('Three. Four.'), 'the early words');
    await page.unroute(`**/api/admin/v1/articles/${id}`);
    expect(held).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.conflict').count()).toBe(0);
    const spans = await paragraph(page, id);
    expect(spans.find((s) => s.marks?.includes('bold'))?.text).toBe('back');
  });

  it('shows a conflict instead of overwriting what another tab saved', async () => {
    const first = tab.page;
    const id = Number(new URL(first.url()).pathname.split('/').pop());
    const second = await first.context().newPage();
    await second.goto(`${server.url}/admin/articles/${id}`);
    await second.waitForSelector('#body strong');
    await toEnd(second);
    await second.keyboard.type(' From the second tab.');
    await eventually(
      async () => (await paragraph(second, id)).some((s) => s.text.includes('second tab')),
      'the second tab to save',
    );

    // The first tab still holds the older version; its next autosave must not win silently.
    await toEnd(first);
    await first.keyboard.type(' From the first tab.');
    await first.waitForSelector('.conflict[role=alert]:has-text("changed elsewhere")');
    const saved = (await paragraph(second, id)).map((s) => s.text).join('');
    expect(saved).toContain('From the second tab.');
    expect(saved).not.toContain('From the first tab.');

    await first.click('button:has-text("Load the saved version")');
    await first.waitForSelector('.conflict', { state: 'detached' });
    await first.waitForSelector('#body:has-text("From the second tab.")');
    expect(await first.innerText('#body')).not.toContain('From the first tab.');
    await second.close();
  });

  it('merges two versions: each side’s changes kept, the writer choosing where both changed', async () => {
    const first = tab.page;
    const id = Number(new URL(first.url()).pathname.split('/').pop());
    await first.reload();
    await first.waitForSelector('#body:has-text("From the second tab.")');
    // The other tab changes the standfirst and the tags, and saves.
    const second = await first.context().newPage();
    await second.goto(`${server.url}/admin/articles/${id}`);
    await second.waitForSelector('#body:has-text("From the second tab.")');
    await second.fill('#dek', 'Their standfirst.');
    await second.fill('#tags', 'Ratings,');
    await second.click('button:has-text("Save")');
    await second.waitForSelector('.notice:has-text("Saved.")');
    // This tab changes the title and the standfirst too, then saves on the older version.
    await first.fill('#title', 'My better headline');
    await first.fill('#dek', 'My standfirst.');
    await first.click('form.editor__main button[type=submit]');
    await first.waitForSelector('.conflict[role=alert]');
    await first.click('button:has-text("Compare and merge")');
    await first.waitForSelector('#merge-h');
    const merge = await first.innerText('.merge');
    expect(merge).toContain('Their changes are taken: tags.');
    expect(merge).toContain('Your changes are kept: title.');
    await first.check('input[name=merge-dek][value=theirs]');
    await first.click('button:has-text("Use the merged version")');
    await first.waitForSelector('.notice:has-text("The versions are merged")');
    expect(await first.inputValue('#dek')).toBe('Their standfirst.');
    await first.click('form.editor__main button[type=submit]');
    await first.waitForSelector('.notice:has-text("Saved.")');
    const stored = (
      (await adminFetch(first, 'GET', `/articles/${id}`)).json as {
        article: { title: string; dek: string; tags: { name: string }[] };
      }
    ).article;
    expect(stored.title).toBe('My better headline');
    expect(stored.dek).toBe('Their standfirst.');
    expect(stored.tags.map((t) => t.name)).toEqual(['Ratings']);
    await second.close();
  });
});
