import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/poll.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, inviteColleague, OWNER, seriousViolations } from './staff.js';

/*
 * The editor's article settings (issue 18) in a real Chromium against a real server: a writer
 * sets the SEO title and description, adds a co-author, turns comments off and publishes, then
 * changes the slug of the published article; the live page carries all of it, and the old
 * address answers 301 to the new one. Then a named version is kept and listed beside the
 * revision publishing made.
 */

interface Saved {
  id: number;
  slug: string;
  status: string;
  seo_title: string;
  comments_enabled: boolean;
  coauthors: { name: string }[];
}

describe('the editor’s article settings, up to the live page', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let cho: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin`);
    await completeSetup(owner.page, server.url, OWNER);
    cho = await inviteColleague(browser, owner.page, server.url, {
      name: 'Cho Reporter',
      email: 'cho@example.com',
      password: 'cho password 123',
      role: 'author',
    });
  });
  afterAll(async () => {
    await cho?.close();
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('publishes with SEO, a co-author and comments off, and moves the slug with a 301', async () => {
    const { page } = owner;
    const saved = async (id: number) =>
      ((await adminFetch(page, 'GET', `/articles/${id}`)).json as { article: Saved }).article;

    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Lee Jae-wook films the Alchemy of Souls finale');
    await page.fill('#dek', 'Behind the scenes of the last episode.');
    await page.click('#body');
    await page.keyboard.type('The cast gathered on set for the final scene.');
    // The first autosave gives the article its id and its slug, made from the title.
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    await until(async () => (await page.inputValue('#slug')) !== '');
    expect(await page.inputValue('#slug')).toBe('lee-jae-wook-films-the-alchemy-of-souls-finale');

    await page.fill('#seo-title', 'Alchemy of Souls finale: Lee Jae-wook on set');
    await page.fill(
      '#seo-description',
      'Lee Jae-wook and the cast film the last scene of Alchemy of Souls: Light and Shadow.',
    );
    await page.waitForSelector('.search-preview__title:has-text("Alchemy of Souls finale")');
    await page.waitForSelector('#coauthor-pick option:has-text("Cho Reporter")', {
      state: 'attached',
    });
    await page.selectOption('#coauthor-pick', { label: 'Cho Reporter' });
    await page.click('button:has-text("Add to the byline")');
    await page.waitForSelector('ul[aria-label="Co-authors"] li:has-text("Cho Reporter")');
    await page.uncheck('#comments-enabled');

    await page.click('button:has-text("Publish now")');
    await page.waitForSelector('[data-testid=status]:has-text("published")');
    await page.waitForSelector('a:has-text("View article")');
    const published = await saved(id);
    expect(published).toMatchObject({
      slug: 'lee-jae-wook-films-the-alchemy-of-souls-finale',
      status: 'published',
      seo_title: 'Alchemy of Souls finale: Lee Jae-wook on set',
      comments_enabled: false,
      coauthors: [{ name: 'Cho Reporter' }],
    });

    // The slug of the published article changes; the hint says the old address keeps working.
    await page.fill('#slug', 'alchemy-of-souls-finale-on-set');
    await page.waitForSelector('#slug-hint:has-text("old address")');
    await page.click('.editor__main > button[type=submit]');
    await until(async () => (await saved(id)).slug === 'alchemy-of-souls-finale-on-set');

    const live = await page.request.get(`${server.url}/news/alchemy-of-souls-finale-on-set`);
    expect(live.status()).toBe(200);
    const html = await live.text();
    expect(html).toContain('<title>Alchemy of Souls finale: Lee Jae-wook on set</title>');
    expect(html).toContain(
      '<meta name="description" content="Lee Jae-wook and the cast film the last scene of Alchemy of Souls: Light and Shadow."',
    );
    expect(html).toContain(
      '<meta property="og:title" content="Alchemy of Souls finale: Lee Jae-wook on set"',
    );
    expect(html.replace(/<[^>]+>/g, '')).toContain('By Olive Owner and Cho Reporter');
    expect(html).toContain('<a href="/authors/cho-reporter" rel="author">Cho Reporter</a>');
    expect(html).toContain(
      `"author":[{"@type":"Person","name":"Olive Owner","url":"${server.url}/authors/olive-owner"},{"@type":"Person","name":"Cho Reporter","url":"${server.url}/authors/cho-reporter"}]`,
    );
    expect(html).toContain('Comments are closed for this article.');
    expect(html).not.toContain('action="/news/alchemy-of-souls-finale-on-set/comments"');

    const old = await page.request.get(
      `${server.url}/news/lee-jae-wook-films-the-alchemy-of-souls-finale`,
      { maxRedirects: 0 },
    );
    expect(old.status()).toBe(301);
    expect(old.headers().location).toBe('/news/alchemy-of-souls-finale-on-set');

    // The revisions card: a named version, beside the one publishing made.
    await page.fill('#revision-label', 'Before the legal read');
    await page.click('button:has-text("Keep as a named version")');
    await page.waitForSelector('[role=status]:has-text("Kept as “Before the legal read”")');
    await page.click('button:has-text("Show revisions")');
    await page.waitForSelector('.revisions li:has-text("Before the legal read")');
    await page.waitForSelector('.revisions li[data-revision-kind=publish]:has-text("Published")');

    expect(owner.pageErrors).toEqual([]);
    expect(await owner.cspViolations()).toEqual([]);
  });

  it('hands an article to another author from the settings card', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Cho’s set report from Mungyeong');
    await page.click('#body');
    await page.keyboard.type('Filed by phone from the set.');
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.waitForSelector('#author-pick option:has-text("Cho Reporter")', {
      state: 'attached',
    });
    expect(await page.inputValue('#author-pick')).not.toBe('');
    await page.selectOption('#author-pick', { label: 'Cho Reporter' });
    await page.click('button:has-text("Publish now")');
    await page.waitForSelector('[data-testid=status]:has-text("published")');
    const article = (
      (await adminFetch(page, 'GET', `/articles/${id}`)).json as {
        article: { slug: string; author: { name: string } };
      }
    ).article;
    expect(article.author.name).toBe('Cho Reporter');
    const html = await (await page.request.get(`${server.url}/news/${article.slug}`)).text();
    expect(html.replace(/<[^>]+>/g, '')).toContain('By Cho Reporter');
    expect(owner.pageErrors).toEqual([]);
  });

  it('previews a draft as the reader page, with what was typed a moment ago', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Twinkling Watermelon wraps filming');
    await page.fill('#tags', 'Filming, 반짝이는 워터멜론');
    await page.click('#body');
    await page.keyboard.type('The last scene was shot at a school in Incheon.');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('button:has-text("Preview")'),
    ]);
    await popup.waitForSelector('.preview-banner:has-text("Preview of a draft article")');
    const article = (await popup.textContent('article.article')) ?? '';
    expect(article).toContain('Twinkling Watermelon wraps filming');
    expect(article).toContain('The last scene was shot at a school in Incheon.');
    expect(article).toContain('By Olive Owner');
    expect(article).toContain('반짝이는 워터멜론');
    await popup.close();
    expect(owner.pageErrors).toEqual([]);
  });

  it('shows each of two people with the article open that the other is editing it', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Two desks, one story');
    await page.click('#body');
    await page.keyboard.type('Written by two people at once.');
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    // Cho (an author) opens the owner's article: each is named on the other's screen.
    await cho.page.goto(`${server.url}/admin/articles/${id}`);
    await cho.page.waitForSelector(
      '[data-testid=other-editors]:has-text("Olive Owner is also editing")',
    );
    await page.reload();
    await page.waitForSelector(
      '[data-testid=other-editors]:has-text("Cho Reporter is also editing")',
    );
    // Cho leaves the editor for the article list: the owner's next heartbeat no longer names her.
    await cho.page.click('button:has-text("Back to articles")');
    await cho.page.waitForURL(`${server.url}/admin/articles`);
    await until(async () => {
      const answer = await adminFetch(page, 'PUT', `/articles/${id}/editing`, {});
      return (answer.json as { editing: { others: unknown[] } }).editing.others.length === 0;
    });
    expect(cho.pageErrors).toEqual([]);
    expect(owner.pageErrors).toEqual([]);
  });

  it('picks tags from the site’s own as chips, and makes new ones, Hangul too', async () => {
    const { page } = owner;
    const seeded = await adminFetch(page, 'POST', '/articles', {
      article: { title: 'Tag seed', tags: ['Fan meetings', '선재 업고 튀어'] },
    });
    expect(seeded.status).toBe(201);
    await page.goto(`${server.url}/admin/articles/new`);
    await page.fill('#title', 'Byeon Woo-seok meets fans in Taipei');
    await page.click('#tags');
    await page.keyboard.type('fan');
    // The site's tag is offered as the writer types.
    await page.waitForSelector('#tag-choices option[value="Fan meetings"]', { state: 'attached' });
    await page.fill('#tags', 'Fan meetings');
    await page.keyboard.press('Enter');
    await page.keyboard.type('선재');
    await page.waitForSelector('#tag-choices option[value="선재 업고 튀어"]', {
      state: 'attached',
    });
    await page.fill('#tags', '선재 업고 튀어, Taipei,');
    const chips = page.locator('ul[aria-label="Tags of this article"] li');
    await until(async () => (await chips.count()) === 3);
    await page.click('button[aria-label="Remove the tag Taipei"]');
    await page.click('#tags');
    await page.keyboard.type('Fan tours');
    await page.click('#body');
    await page.keyboard.type('Tickets sold out in a minute.');
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    const names = async () =>
      (
        (await adminFetch(page, 'GET', `/articles/${id}`)).json as {
          article: { tags: { name: string }[] };
        }
      ).article.tags.map((t) => t.name);
    await until(async () => (await names()).length === 3);
    expect(await names()).toEqual(['Fan meetings', '선재 업고 튀어', 'Fan tours']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(owner.pageErrors).toEqual([]);
  });

  it('captions and credits the feature image, under it on the page', async () => {
    const { page } = owner;
    const media = (await adminFetch(page, 'GET', '/media?limit=50')).json as {
      media: { id: number; mime: string }[];
    };
    const picture = media.media.find((m) => m.mime.startsWith('image/'));
    expect(picture).toBeDefined();
    const created = await adminFetch(page, 'POST', '/articles', {
      article: { title: 'A still from episode 3', feature_image_id: picture?.id },
    });
    const id = (created.json as { article: { id: number } }).article.id;
    await page.goto(`${server.url}/admin/articles/${id}`);
    await page.fill('#feature-caption', 'Kim Tae-ri as Jeong-nyeon in episode 3.');
    await page.fill('#feature-credit', 'Photo: tvN');
    await page.click('button:has-text("Publish now")');
    await page.waitForSelector('[data-testid=status]:has-text("published")');
    const slug = (
      (await adminFetch(page, 'GET', `/articles/${id}`)).json as { article: { slug: string } }
    ).article.slug;
    await page.goto(`${server.url}/news/${slug}`);
    expect(await page.innerText('.article__figure figcaption')).toContain(
      'Kim Tae-ri as Jeong-nyeon in episode 3.',
    );
    expect(await page.innerText('.article__figure .figure__credit')).toBe('PHOTO: TVN');
    expect(owner.pageErrors).toEqual([]);
  });
});
