import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { adminFetch, completeSetup, inviteColleague, OWNER, seriousViolations } from './staff.js';

/*
 * The Staff screen as an admin sees it (issue 17, item 1): no action on the owner's row, the
 * actions on an editor's row work, and the roles offered are the ones an admin may give. And as
 * the owner sees it: a colleague who never accepted an invitation is invited again (issue 19).
 */

describe('the Staff screen follows the account hierarchy', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;
  let admin: Watched;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    owner = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await owner.page.goto(`${server.url}/admin/setup`);
    await completeSetup(owner.page, server.url, OWNER);
    admin = await inviteColleague(browser, owner.page, server.url, {
      name: 'Ada Admin',
      email: 'ada@example.com',
      password: 'admin password 1',
      role: 'admin',
    });
    const ed = await inviteColleague(browser, owner.page, server.url, {
      name: 'Ed Editor',
      email: 'ed@example.com',
      password: 'editor password 1',
      role: 'editor',
    });
    await ed.close();
    await adminFetch(owner.page, 'POST', '/users', {
      user: { name: 'Abe Admin', email: 'abe@example.com', role: 'admin' },
    });
  });
  afterAll(async () => {
    await admin?.close();
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows an admin actions on an editor only, and they work', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/admin/users`);
    const ownerRow = page.locator('tbody tr', { hasText: OWNER.name });
    const edRow = page.locator('tbody tr', { hasText: 'Ed Editor' });
    await edRow.getByRole('button', { name: 'Reset link for Ed Editor' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await ownerRow.getByRole('button').count()).toBe(0);
    expect(await ownerRow.locator('select').count()).toBe(0);
    for (const name of ['Ada Admin', 'Abe Admin']) {
      const row = page.locator('tbody tr', { hasText: name });
      expect(await row.getByRole('button').count(), name).toBe(0);
      expect(await row.locator('select').count(), name).toBe(0);
    }
    const offered = await edRow
      .getByLabel('Role of Ed Editor')
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['editor', 'author', 'contributor', 'moderator']);
    const invitable = await page
      .locator('#inv-role option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(invitable).not.toContain('admin');

    await edRow.getByRole('button', { name: 'Reset link for Ed Editor' }).click();
    await page.getByRole('status').filter({ hasText: 'reset-password#' }).waitFor();
    await edRow.getByRole('button', { name: 'Sign out Ed Editor' }).click();
    await page.getByRole('status').filter({ hasText: 'Ed Editor is signed out' }).waitFor();

    // What the screen does not offer, the API refuses anyway.
    const users = (await adminFetch(page, 'GET', '/users')).json as {
      users: { id: number; role: string }[];
    };
    const ownerId = users.users.find((u) => u.role === 'owner')?.id;
    const refused = await adminFetch(page, 'POST', `/users/${ownerId}/password-reset`, {});
    expect(refused.status).toBe(403);
  });

  it('invites again a colleague who never accepted; the new link signs them in', async () => {
    const { page } = owner;
    await adminFetch(page, 'POST', '/users', {
      user: { name: 'Ivy Writer', email: 'ivy@example.com', role: 'author' },
    });
    await page.goto(`${server.url}/admin/users`);
    const row = page.locator('tbody tr', { hasText: 'Ivy Writer' });
    await row.getByRole('button', { name: 'Invite Ivy Writer again' }).focus();
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: 'accept-invite#' });
    await status.waitFor();
    const url = /(http\S+accept-invite#\S+)/.exec((await status.textContent()) ?? '')?.[1] ?? '';
    expect(url).not.toBe('');
    // The link is passed on by hand: one button copies it whole.
    await status.getByRole('button', { name: 'Copy link' }).click();
    await status.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const ivy = await watchedPage(browser);
    try {
      await ivy.page.goto(url);
      await ivy.page.fill('#password', 'writer password 1');
      await ivy.page.click('button[type=submit]');
      await ivy.page.waitForURL(`${server.url}/admin/articles`);
    } finally {
      await ivy.close();
    }
  });
});
