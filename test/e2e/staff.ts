import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { watchedPage, type Watched } from './browser.js';

/*
 * What the admin's browser tests share: the axe-core check, the Admin API called from a page,
 * and getting newsroom staff signed in (first-run setup, the sign-in form, an invitation).
 */

export interface StaffUser {
  name: string;
  email: string;
  password: string;
}

/** The first-run owner most admin tests set up. */
export const OWNER: StaffUser = {
  name: 'Olive Owner',
  email: 'owner@example.com',
  password: 'owner password 1',
};

const AXE = 'node_modules/axe-core/axe.min.js';

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** axe-core's serious and critical findings on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the admin's CSP rightly refuses inline scripts.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(
    async () => await (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run(),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Calls the Admin API from the page, with the session cookie and the page's CSRF token. */
export async function adminFetch(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.getElementById('admin-app')?.dataset.csrf ?? '';
      const res = await fetch(`/api/admin/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as unknown };
    },
    { method, path, body },
  );
}

/** Fills in the first-run setup form the page shows and waits for the article list. */
export async function completeSetup(
  page: Page,
  base: string,
  user: StaffUser,
  siteTitle?: string,
): Promise<void> {
  if (siteTitle !== undefined) await page.fill('#site-title', siteTitle);
  await page.fill('#name', user.name);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/admin/articles`);
}

/** Signs in through the sign-in form and waits for the article list. */
export async function signIn(page: Page, base: string, user: StaffUser): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/admin/articles`);
}

/**
 * Has `inviter` invite a colleague with `role`, who accepts on a fresh page of their own and
 * lands on the article list. The caller closes the page.
 */
export async function inviteColleague(
  browser: Browser,
  inviter: Page,
  base: string,
  colleague: StaffUser & { role: string },
): Promise<Watched> {
  const invited = await adminFetch(inviter, 'POST', '/users', {
    user: { name: colleague.name, email: colleague.email, role: colleague.role },
  });
  const url = (invited.json as { invitation: { url: string } }).invitation.url;
  const watched = await watchedPage(browser);
  try {
    await watched.page.goto(url);
    await watched.page.fill('#password', colleague.password);
    await watched.page.click('button[type=submit]');
    await watched.page.waitForURL(`${base}/admin/articles`);
  } catch (error) {
    await watched.close();
    throw error;
  }
  return watched;
}
