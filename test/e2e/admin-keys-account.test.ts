import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../../src/features/auth/totp.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium, watchedPage, type Watched } from './browser.js';
import { completeSetup, OWNER, seriousViolations } from './staff.js';

/*
 * Issue 19, "Staff": the API keys screen and the account screen each do their main task by
 * keyboard in Chromium, and pass axe. A key is created, used, shown with its last use and
 * revoked; the owner turns on two-factor sign-in, and the next sign-in asks for the code.
 */

describe('the API keys and account screens in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Watched;

  beforeAll(async () => {
    server = await startServer({ env: { DEHO_DEMO: '0' } });
    browser = await launchChromium();
    owner = await watchedPage(browser);
    await owner.page.goto(`${server.url}/admin`);
    await completeSetup(owner.page, server.url, OWNER);
  });
  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.stop();
  });

  const withKey = (key: string) =>
    fetch(`${server.url}/api/admin/v1/articles`, { headers: { authorization: `Bearer ${key}` } });

  it('creates a key by keyboard, shows when it was last used, and revokes it', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/api-keys`);
    await page.waitForSelector('#key-name');
    await page.focus('#key-role');
    await page.selectOption('#key-role', 'editor');
    await page.focus('#key-name');
    await page.keyboard.type('Newsroom bot');
    await page.keyboard.press('Enter');
    const key = (await page.locator('code.secret').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    const row = page.getByRole('row', { name: /Newsroom bot/ });
    await row.waitFor();
    // Never used yet: the last-use cell is a dash.
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('—');

    expect((await withKey(key)).status).toBe(200);
    await page.reload();
    await row.waitFor();
    expect(await row.getByRole('cell').nth(3).textContent()).not.toBe('—');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Revoke Newsroom bot' }).focus();
    await page.keyboard.press('Enter');
    await row.getByText(/^revoked /).waitFor();
    expect((await withKey(key)).status).toBe(401);
  });

  /** Changes the password on the account screen by keyboard. */
  async function changePassword(from: string, to: string) {
    const { page } = owner;
    await page.goto(`${server.url}/admin/account`);
    await page.focus('#current_password');
    await page.keyboard.type(from);
    await page.focus('#new_password');
    await page.keyboard.type(to);
    await page.keyboard.press('Enter');
    await page.getByText('Password changed. You are signed out everywhere else.').waitFor();
  }

  /** Signs in on a fresh page; resolves with the error shown, or '' when the articles came. */
  async function signInAs(password: string): Promise<string> {
    const guest = await watchedPage(browser);
    try {
      await guest.page.goto(`${server.url}/admin/login`);
      await guest.page.fill('#email', OWNER.email);
      await guest.page.fill('#password', password);
      await guest.page.keyboard.press('Enter');
      const outcome = await Promise.race([
        guest.page.waitForURL(`${server.url}/admin/articles`).then(() => ''),
        guest.page
          .waitForSelector('.notice--error')
          .then(async (notice) => (await notice.textContent()) ?? 'error'),
      ]);
      return outcome;
    } finally {
      await guest.close();
    }
  }

  it('changes the password by keyboard: the new one signs in, the old one no longer does', async () => {
    const renewed = 'a much longer passphrase 2026';
    await changePassword(OWNER.password, renewed);
    expect(await seriousViolations(owner.page)).toEqual([]);
    expect(await signInAs(renewed)).toBe('');
    expect(await signInAs(OWNER.password)).not.toBe('');
    // This page went on in a new session: it can change the password back.
    await changePassword(renewed, OWNER.password);
    expect(await signInAs(OWNER.password)).toBe('');
  });

  it('turns on two-factor sign-in by keyboard; the next sign-in asks for the code', async () => {
    const { page } = owner;
    await page.goto(`${server.url}/admin/account`);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).focus();
    await page.keyboard.press('Enter');
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    const key = base32Decode(secret);
    expect(key).toBeDefined();
    expect(await seriousViolations(page)).toEqual([]);
    await page.focus('#code');
    await page.keyboard.type(totpAt(key ?? Buffer.alloc(0), new Date()));
    await page.keyboard.press('Enter');
    await page.getByText('Two-factor sign-in is on.').waitFor();
    // The screen says so when it is opened again, and offers to turn it off.
    await page.reload();
    await page.getByTestId('totp-state').filter({ hasText: 'Two-factor sign-in is on' }).waitFor();
    await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).waitFor();

    const guest = await watchedPage(browser);
    try {
      await guest.page.goto(`${server.url}/admin/login`);
      await guest.page.fill('#email', OWNER.email);
      await guest.page.fill('#password', OWNER.password);
      await guest.page.keyboard.press('Enter');
      await guest.page.waitForSelector('#totp');
      await guest.page.focus('#totp');
      // Each code is good once, and the current one turned two-factor on: the next step's
      // code is within the one step of drift a sign-in allows.
      await guest.page.keyboard.type(totpAt(key ?? Buffer.alloc(0), new Date(Date.now() + 30_000)));
      await guest.page.keyboard.press('Enter');
      await guest.page.waitForURL(`${server.url}/admin/articles`);
      expect(guest.pageErrors).toEqual([]);
    } finally {
      await guest.close();
    }
    expect(owner.pageErrors).toEqual([]);
    expect(await owner.cspViolations()).toEqual([]);
  });
});
