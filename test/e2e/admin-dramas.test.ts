import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, inviteColleague, OWNER, seriousViolations } from './staff.js';

/*
 * The drama database screens in a real Chromium: an editor creates a show, gives it a weekend
 * slot, previews and generates its episodes around a week off, renames one episode, and the
 * public show page lists them; a person with an alias gets a credit as a character and the
 * person page links to the show. A contributor sees none of it, and the API refuses them.
 * axe-core checks the four screens.
 */

const STAMP = Date.now().toString(36);
const SHOW = { title: `Harbour Lights ${STAMP}`, slug: `harbour-lights-${STAMP}` };
const PERSON = { name: `Han Seo-jun ${STAMP}`, alias: `Han Seojun ${STAMP}` };

/** Invites a colleague with `role` and signs them in on a fresh page. */
function colleague(browser: Browser, owner: Page, base: string, role: string) {
  return inviteColleague(browser, owner, base, {
    name: `${role} ${STAMP}`,
    email: `${role}-${STAMP}@example.com`,
    role,
    password: `${role} password 12`,
  });
}

describe('the drama database screens in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let editor: Watched;
  let showPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin/setup`);
    await completeSetup(owner.page, server.url, OWNER);
    editor = await colleague(browser, owner.page, server.url, 'editor');
  });
  afterAll(async () => {
    await editor?.close();
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('creates a show, generates its episodes from a weekend slot around a week off', async () => {
    const { page } = editor;
    await page.click('nav >> text=Shows');
    await page.waitForURL(`${server.url}/admin/shows`);
    await page.waitForSelector('table.list tbody tr');
    expect(await seriousViolations(page), 'show list').toEqual([]);

    await page.click('text=New show');
    await page.fill('#show-title', SHOW.title);
    await page.fill('#show-title-ko', '항구의 불빛');
    await page.fill('#show-slug', 'Not a slug!');
    await page.click('button:has-text("Create show")');
    // The API's 400 shows next to the slug field, and nothing was created.
    await page.waitForSelector('#show-slug-error');
    expect(await page.getAttribute('#show-slug', 'aria-invalid')).toBe('true');
    await page.fill('#show-slug', SHOW.slug);
    await page.click('button:has-text("Create show")');
    await page.waitForURL(/\/admin\/shows\/\d+$/);
    await page.click('text=Add a part');
    await page.waitForSelector('h3:has-text("Part 1")');
    expect(await seriousViolations(page), 'show editor').toEqual([]);

    await page.click('text=Add a slot');
    await page.click('text=Add a slot');
    const slotId = (await page.getAttribute('select[id$="-slot-0-day"]', 'id')) ?? '';
    const prefix = slotId.replace(/-slot-0-day$/, '');
    await page.selectOption(`#${prefix}-slot-0-day`, '6');
    await page.selectOption(`#${prefix}-slot-1-day`, '0');
    for (const i of [0, 1]) {
      await page.fill(`#${prefix}-slot-${i}-time`, '21:10');
      await page.fill(`#${prefix}-slot-${i}-zone`, 'Asia/Seoul');
    }
    await page.click('text=Save slots');
    await page.waitForSelector('text=Broadcast slots saved.');

    await page.fill(`#${prefix}-start`, '2027-01-02');
    await page.fill(`#${prefix}-count`, '4');
    await page.fill(`#${prefix}-skipdates`, '2027-01-09');
    await page.click('text=Preview episodes');
    await page.waitForSelector('[data-testid=preview] tbody tr');
    expect(await page.textContent('[data-testid=preview-summary]')).toContain('4 new');
    const previewRows = await page.locator('[data-testid=preview] tbody tr').allTextContents();
    expect(previewRows).toHaveLength(4);
    // Saturday 9 January is the week off; Sunday 10 January still airs.
    const mentions = (day: number) =>
      previewRows.filter((row) => row.includes(`${day} Jan`) || row.includes(`Jan ${day},`));
    expect(mentions(9)).toEqual([]);
    expect(mentions(10)).toHaveLength(1);
    // Previewing writes nothing.
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const before = await adminFetch(page, 'GET', `/shows/${id}`);
    const parts = (before.json as { show: { parts: { episodes: unknown[] }[] } }).show.parts;
    expect(parts[0]?.episodes).toEqual([]);

    await page.click('text=Generate these episodes');
    await page.waitForSelector('[data-testid=episodes-1] tbody tr');
    const stored = await adminFetch(page, 'GET', `/shows/${id}`);
    const show = (
      stored.json as {
        show: { url: string; parts: { episodes: { air_instant: string; zone: string }[] }[] };
      }
    ).show;
    expect(show.parts[0]?.episodes.map((e) => [e.air_instant, e.zone])).toEqual([
      ['2027-01-02T12:10:00.000Z', 'Asia/Seoul'],
      ['2027-01-03T12:10:00.000Z', 'Asia/Seoul'],
      ['2027-01-10T12:10:00.000Z', 'Asia/Seoul'],
      ['2027-01-16T12:10:00.000Z', 'Asia/Seoul'],
    ]);
    // The broadcast's own wall-clock time is what the table edits.
    expect(await page.inputValue('[data-testid=episodes-1] tbody tr >> nth=0 >> input')).toBe(
      '2027-01-02T21:10',
    );
    showPath = new URL(show.url).pathname;
    expect(showPath).toBe(`/shows/${SHOW.slug}`);
  });

  it('renames an episode in place, keeps it after a reload, and the show page lists it', async () => {
    const { page } = editor;
    await page.getByLabel('Title of Episode 2').fill('The Second Tide');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Episode 2 saved.');
    await page.reload();
    await page.waitForSelector('[data-testid=episodes-1] tbody tr');
    expect(await page.getByLabel('Title of Episode 2').inputValue()).toBe('The Second Tide');

    await page.goto(`${server.url}${showPath}`);
    const items = await page.locator('.ep-item').allTextContents();
    expect(items).toHaveLength(4);
    expect(items[1]).toContain('The Second Tide');
  });

  it('creates a person with an alias, credits them as a character, and their page links the show', async () => {
    const { page } = editor;
    await page.goto(`${server.url}/admin/people/new`);
    await page.fill('#person-name', PERSON.name);
    await page.fill('#person-name-ko', '한서준');
    await page.fill('#person-romanizations', PERSON.alias);
    await page.click('button:has-text("Create person")');
    await page.waitForURL(/\/admin\/people\/\d+$/);
    await page.waitForSelector('#groups-h');
    expect(await seriousViolations(page), 'person editor').toEqual([]);
    const personUrl = (await page.getAttribute('a:has-text("View on the site")', 'href')) ?? '';

    await page.click('nav >> text=People');
    await page.fill('#people-q', PERSON.alias.toLowerCase());
    await page.waitForSelector(`table.list >> text=${PERSON.name}`);
    expect(await page.locator('table.list tbody tr').count()).toBe(1);
    expect(await seriousViolations(page), 'people list').toEqual([]);

    await page.click('nav >> text=Shows');
    await page.click(`text=${SHOW.title}`);
    await page.fill('#char-name', 'Captain Yoon');
    await page.click('button:has-text("Add character")');
    await page.waitForSelector('#credit-character option:has-text("Captain Yoon")', {
      state: 'attached',
    });
    await page.fill('#credit-person-q', PERSON.alias);
    await page.waitForSelector(`#credit-person option:has-text("${PERSON.name}")`, {
      state: 'attached',
    });
    await page.selectOption('#credit-person', { label: `${PERSON.name} (한서준)` });
    await page.selectOption('#credit-character', { label: 'Captain Yoon' });
    await page.click('button:has-text("Add credit")');
    await page.waitForSelector(`[data-testid=credits] >> text=${PERSON.name}`);

    const html = await (await fetch(`${server.url}${new URL(personUrl).pathname}`)).text();
    expect(html).toContain(`href="${showPath}"`);
    expect(html).toContain('Captain Yoon');
    expect(editor.pageErrors).toEqual([]);
    expect(await editor.cspViolations()).toEqual([]);
  });

  it('hides the screens from a contributor, and the API refuses them', async () => {
    const cora = await colleague(browser, owner.page, server.url, 'contributor');
    try {
      const { page } = cora;
      expect(await page.locator('nav >> text=Shows').count()).toBe(0);
      expect(await page.locator('nav >> text=People').count()).toBe(0);
      await page.goto(`${server.url}/admin/shows`);
      await page.waitForSelector('#main h1');
      expect(await page.textContent('#main h1')).toBe('Not found');
      expect((await adminFetch(page, 'GET', '/shows')).status).toBe(403);
      expect((await adminFetch(page, 'POST', '/shows', { show: { title: 'Sneaky' } })).status).toBe(
        403,
      );
      expect((await adminFetch(page, 'GET', '/people')).status).toBe(403);
      expect(
        (await adminFetch(page, 'POST', '/people', { person: { name: 'Sneaky' } })).status,
      ).toBe(403);
    } finally {
      await cora.close();
    }
  });
});
