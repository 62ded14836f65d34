import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, OWNER, seriousViolations } from './staff.js';

/*
 * The group and event editors in a real Chromium: from the person editor's lists an editor opens
 * a group and an event, sees the API's refusal next to the field it names, renames both, and the
 * public pages show the new names while the event keeps its time. A show's character and credit
 * are edited in place, a refused billing keeping the old role. axe-core checks the screens.
 */

const STAMP = Date.now().toString(36);
const GROUP = { name: `Starfall ${STAMP}`, slug: `starfall-${STAMP}` };
const EVENT = { title: `Starfall fan meeting ${STAMP}`, slug: `starfall-fm-${STAMP}` };

interface Created {
  status: number;
  json: unknown;
}
const idOf = (created: Created, key: string) =>
  (created.json as Record<string, { id: number }>)[key]!.id;

describe('the group and event editors in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let personId = 0;
  let groupId = 0;
  let eventId = 0;
  let startsAt = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser);
    const { page } = owner;
    await page.goto(`${server.url}/admin/setup`);
    await completeSetup(page, server.url, OWNER);
    const person = await adminFetch(page, 'POST', '/people', {
      person: { name: `Yoon Ha-eun ${STAMP}`, roles: ['idol'] },
    });
    personId = idOf(person, 'person');
    const group = await adminFetch(page, 'POST', '/groups', {
      group: { name: GROUP.name, slug: GROUP.slug, kind: 'idol_group' },
    });
    groupId = idOf(group, 'group');
    const membership = await adminFetch(page, 'POST', '/memberships', {
      membership: { person_id: personId, group_id: groupId, role: 'vocal' },
    });
    expect(membership.status).toBe(201);
    const event = await adminFetch(page, 'POST', '/events', {
      event: {
        title: EVENT.title,
        slug: EVENT.slug,
        kind: 'fan_meeting',
        starts_at: '2031-03-14T19:00',
        zone: 'Asia/Seoul',
        city: 'Seoul',
        people: [personId],
      },
    });
    eventId = idOf(event, 'event');
    startsAt = (event.json as { event: { starts_at: string } }).event.starts_at;
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('renames a group from the person editor; the public group page shows the new name', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/people/${personId}`);
    await page.click(`a:has-text("${GROUP.name}")`);
    await page.waitForURL(`${server.url}/admin/groups/${groupId}`);
    await page.waitForSelector('#group-name');
    expect(await seriousViolations(page), 'group editor').toEqual([]);

    // The API's 400 shows next to the slug field, and nothing was saved.
    await page.fill('#group-slug', 'Not a slug!');
    await page.fill('#group-name', `Half-saved ${STAMP}`);
    await page.click('button:has-text("Save group")');
    await page.waitForSelector('#group-slug-error');
    expect(await page.getAttribute('#group-slug', 'aria-invalid')).toBe('true');
    const unchanged = await adminFetch(page, 'GET', `/groups/${groupId}`);
    expect((unchanged.json as { group: { name: string } }).group.name).toBe(GROUP.name);

    await page.fill('#group-slug', GROUP.slug);
    await page.fill('#group-name', `Starfall Reborn ${STAMP}`);
    await page.fill('#group-name-ko', '스타폴');
    await page.click('button:has-text("Save group")');
    await page.waitForSelector('text=Group saved.');
    await page.waitForSelector(`h1:has-text("Starfall Reborn ${STAMP}")`);
    expect(await seriousViolations(page), 'group editor after saving').toEqual([]);

    const response = await page.goto(`${server.url}/groups/${GROUP.slug}`);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('h1')).toContain(`Starfall Reborn ${STAMP}`);
  });

  it('renames an event from the person editor; the public event page shows the new title', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/people/${personId}`);
    await page.click(`a:has-text("${EVENT.title}")`);
    await page.waitForURL(`${server.url}/admin/events/${eventId}`);
    await page.waitForSelector('#event-title');
    expect(await page.inputValue('#event-starts')).toBe('2031-03-14T19:00');
    expect(await seriousViolations(page), 'event editor').toEqual([]);

    await page.fill('#event-zone', 'Mars/Olympus');
    await page.click('button:has-text("Save event")');
    await page.waitForSelector('#event-zone-error');
    expect(await page.getAttribute('#event-zone', 'aria-invalid')).toBe('true');

    await page.fill('#event-zone', 'Asia/Seoul');
    await page.fill('#event-title', `Starfall Homecoming ${STAMP}`);
    await page.fill('#event-venue', 'Olympic Hall');
    await page.click('button:has-text("Save event")');
    await page.waitForSelector('text=Event saved.');
    await page.waitForSelector(`h1:has-text("Starfall Homecoming ${STAMP}")`);
    expect(await seriousViolations(page), 'event editor after saving').toEqual([]);
    // The wall-clock time went back as it came: the event did not move.
    const saved = await adminFetch(page, 'GET', `/events/${eventId}`);
    const event = (saved.json as { event: { starts_at: string; venue: string | null } }).event;
    expect(event.starts_at).toBe(startsAt);
    expect(event.venue).toBe('Olympic Hall');

    const response = await page.goto(`${server.url}/events/${EVENT.slug}`);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('h1')).toContain(`Starfall Homecoming ${STAMP}`);
    expect(owner.pageErrors).toEqual([]);
  });
  it('edits a character and a credit of a show in place', async () => {
    const { page } = owner;
    // The Admin API takes the CSRF token from an admin page.
    await page.goto(`${server.url}/admin/shows`);
    const show = await adminFetch(page, 'POST', '/shows', {
      show: { title: `Tidewater ${STAMP}`, slug: `tidewater-${STAMP}` },
    });
    const showId = idOf(show, 'show');
    const character = await adminFetch(page, 'POST', '/characters', {
      character: { show_id: showId, name: `Captain Ro ${STAMP}` },
    });
    const characterId = idOf(character, 'character');
    const credit = await adminFetch(page, 'POST', '/credits', {
      credit: {
        show_id: showId,
        person_id: personId,
        kind: 'cast',
        role: 'supporting',
        character_id: characterId,
      },
    });
    const creditId = idOf(credit, 'credit');

    await page.goto(`${server.url}/admin/shows/${showId}`);
    await page.click(`summary:has-text("Edit Captain Ro ${STAMP}")`);
    await page.fill(`#char-${characterId}-name`, `Admiral Ro ${STAMP}`);
    await page.click(`button:has-text("Save Captain Ro ${STAMP}")`);
    await page.waitForSelector(`td:has-text("Admiral Ro ${STAMP}")`);

    await page.click('summary:has-text("Edit credit of")');
    await page.fill(`#credit-${creditId}-billing`, '-3');
    await page.fill(`#credit-${creditId}-role`, 'lead');
    await page.$eval(`#credit-${creditId}-billing`, (el) => el.removeAttribute('min'));
    await page.click('button:has-text("Save credit")');
    // The API refuses a negative billing next to the field, and keeps the old role.
    await page.waitForSelector(`#credit-${creditId}-billing-error`);
    const kept = await adminFetch(page, 'GET', `/credits/${creditId}`);
    expect((kept.json as { credit: { role: string } }).credit.role).toBe('supporting');
    expect(await seriousViolations(page), 'credit editor with an error').toEqual([]);

    await page.fill(`#credit-${creditId}-billing`, '1');
    await page.click('button:has-text("Save credit")');
    await page.waitForSelector('[data-testid=credits] td:has-text("lead")');
    const saved = await adminFetch(page, 'GET', `/credits/${creditId}`);
    const row = (saved.json as { credit: { role: string; billing: number } }).credit;
    expect(row).toMatchObject({ role: 'lead', billing: 1 });
  });
});
