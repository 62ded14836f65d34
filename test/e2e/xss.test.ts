import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  expectClean,
  inspectAll,
  NAUGHTY,
  OWN_PAGE,
  pool,
  SHORT_VECTORS,
  squash,
  STRINGS,
  VECTORS,
} from './xss-vectors.js';

/*
 * XSS in a real Chromium (issue 11, "Must show"): every string of the Big List of Naughty
 * Strings and a set of filter-evasion vectors goes through every user-writable field (comment
 * name and body, article title, dek and body as HTML and as blocks, person and show names, the
 * search query echoed on /search). Each vector tries to set window.__xss. On every page:
 *   - window.__xss stays undefined;
 *   - no CSP violation is reported (so the test does not merely rely on the CSP: an injected
 *     inline handler that the CSP blocked still fails it);
 *   - the DOM has no event-handler attribute, no script but the site's own, no iframe srcdoc,
 *     no javascript:/data:/vbscript: link;
 * and the vectors are visible as typed where they are text (sampled).
 * `npm run build` first; run with `npx vitest run --config vitest.e2e.config.ts test/e2e/xss.test.ts`.
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const run = promisify(execFile);

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let apiKey: string;
const articleIds: number[] = [];

/** The parts of Admin API answers this test reads. */
interface AdminJson {
  article?: { id: number };
  error?: { code: string; message: string };
}

async function admin(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: AdminJson }> {
  const response = await fetch(`${server.url}/api/admin/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as AdminJson };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-xss-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DEHO_DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  const created = await run(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'apikey', 'create', '--name', 'xss'],
    { cwd: root, env },
  );
  apiKey = created.stdout.trim().split('\n').at(-1) ?? '';
  server = await startServer({
    env: { DEHO_DATA_DIR: dataDir, DEHO_TRUST_PROXY: '1', LOG_LEVEL: 'error' },
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('hostile strings in every user-writable field, rendered in Chromium', () => {
  it('article title, dek and body (HTML and blocks) through the Admin API', async () => {
    // One article per string: its title and dek; bodies batched, 60 strings per article.
    const perString = await pool(STRINGS, 8, async (s, i) => {
      const res = await admin('POST', '/articles', {
        article: {
          title: s.slice(0, 300) || '(empty)',
          dek: s.slice(0, 1000),
          slug: `xss-title-${i}`,
          status: 'published',
          html: `<p>${s}</p>`,
        },
      });
      if (res.status !== 201) {
        // A refused title (blank, hidden characters) is a defence too: the dek and body still go in.
        const again = await admin('POST', '/articles', {
          article: {
            title: `Refused title ${i}`,
            dek: s.slice(0, 1000),
            slug: `xss-title-${i}`,
            status: 'published',
            html: `<p>${s}</p>`,
          },
        });
        expect(again.status, JSON.stringify(again.json)).toBe(201);
        return { i, titled: false };
      }
      return { i, titled: true };
    });
    const batches: string[][] = [];
    for (let i = 0; i < STRINGS.length; i += 60) batches.push(STRINGS.slice(i, i + 60));
    for (const [b, batch] of batches.entries()) {
      const html = batch.map((s) => `<p>${s}</p><p><a href="${s}">link ${b}</a></p>`).join('\n');
      const blocks = batch.map((s) => ({
        type: 'paragraph',
        content: [{ text: s }, { text: ` link`, href: s }],
      }));
      for (const [kind, body] of [
        ['html', { html }],
        ['blocks', { body: blocks }],
      ] as const) {
        const res = await admin('POST', '/articles', {
          article: {
            title: `Batch ${kind} ${b}`,
            slug: `xss-${kind}-${b}`,
            status: 'published',
            ...body,
          },
        });
        if (res.status !== 201) {
          // Blocks refuse link targets that are not safe (safeLinkHref): keep the text, drop the links.
          expect(kind, JSON.stringify(res.json)).toBe('blocks');
          const textOnly = batch.map((s) => ({ type: 'paragraph', content: [{ text: s || ' ' }] }));
          const again = await admin('POST', '/articles', {
            article: {
              title: `Batch ${kind} ${b}`,
              slug: `xss-${kind}-${b}`,
              status: 'published',
              body: textOnly,
            },
          });
          expect(again.status, JSON.stringify(again.json)).toBe(201);
          articleIds.push(again.json.article?.id ?? 0);
        } else articleIds.push(res.json.article?.id ?? 0);
      }
    }
    // Every title and dek is on a page of the home list (12 a page).
    const homePages = Math.ceil((STRINGS.length + 2 * batches.length + 20) / 12) + 1;
    const urls = [
      ...STRINGS.map((_, i) => `${server.url}/news/xss-title-${i}`),
      ...batches.flatMap((_, b) => [
        `${server.url}/news/xss-html-${b}`,
        `${server.url}/news/xss-blocks-${b}`,
      ]),
      ...Array.from({ length: homePages }, (_, p) => `${server.url}/?page=${p + 1}`),
    ].filter((_, i) => i >= STRINGS.length || OWN_PAGE[i]);
    const findings = await inspectAll(browser, urls);
    for (const f of findings) expectClean(f);
    // Visible as typed: the vectors' titles are the page headings, text and all.
    for (const [i, s] of VECTORS.entries()) {
      if (perString[i]?.titled) expect(findings[i]?.text, s).toContain(squash(s));
    }
    const ownPages = OWN_PAGE.filter(Boolean).length;
    const firstBlocks = findings[ownPages + 1];
    for (const s of VECTORS.slice(0, 10)) expect(firstBlocks?.text).toContain(squash(s));
  }, 600_000);

  it('comment names and bodies through the Content API', async () => {
    const { json } = await admin('POST', '/articles', {
      article: {
        title: 'Comments under attack',
        slug: 'xss-comments',
        status: 'published',
        html: '<p>Hi</p>',
        comments_enabled: true,
      },
    });
    const articleId = json.article?.id ?? 0;
    const posts = [
      ...STRINGS.map((s, i) => ({ name: `Poster ${i}`, comment: s })),
      ...[...SHORT_VECTORS, ...NAUGHTY].map((s, i) => ({ name: s, comment: `Named ${i}` })),
    ];
    let accepted = 0;
    const ids = (
      await pool(posts, 8, async (payload, i) => {
        const response = await fetch(
          `${server.url}/api/content/v1/articles/${articleId}/comments`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `10.9.${i >> 8}.${i & 255}`,
            },
            body: JSON.stringify(payload),
          },
        );
        const body = (await response.json()) as { comment?: { id: number } };
        // Refused (hidden characters, blank, too long) or stored; never a server error.
        expect(response.status, JSON.stringify(payload)).toBeLessThan(500);
        if (response.ok && body.comment !== undefined) accepted += 1;
        return body.comment?.id;
      })
    ).filter((id): id is number => id !== undefined);
    expect(accepted).toBeGreaterThan(STRINGS.length);
    // Without a solved challenge they are held: approve them all so every reader sees them.
    for (let i = 0; i < ids.length; i += 500) {
      const res = await admin('POST', '/comments/bulk', {
        ids: ids.slice(i, i + 500),
        action: 'approve',
      });
      expect(res.status).toBe(200);
    }
    const findings = await inspectAll(browser, [`${server.url}/news/xss-comments?cpage=20`], 1);
    for (const f of findings) expectClean(f);
    const text = findings[0]?.text ?? '';
    for (const s of VECTORS.slice(0, 12)) expect(text, s).toContain(squash(s));
    for (const s of SHORT_VECTORS.slice(0, 8)) expect(text, s).toContain(squash(s));
  }, 600_000);

  it('person and show names through the Admin API', async () => {
    const people = await pool(STRINGS, 8, async (s, i) => {
      const res = await admin('POST', '/people', {
        person: { name: s.slice(0, 200), slug: `xss-person-${i}`, bio: s },
      });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
      return res.status === 201;
    });
    const shows = await pool(STRINGS, 8, async (s, i) => {
      const res = await admin('POST', '/shows', {
        show: { title: s.slice(0, 300), slug: `xss-show-${i}`, synopsis: s },
      });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
      return res.status === 201;
    });
    expect(people.filter(Boolean).length).toBeGreaterThan(STRINGS.length / 2);
    expect(shows.filter(Boolean).length).toBeGreaterThan(STRINGS.length / 2);
    const urls = [
      ...STRINGS.flatMap((_, i) =>
        people[i] && OWN_PAGE[i] ? [`${server.url}/people/xss-person-${i}`] : [],
      ),
      ...STRINGS.flatMap((_, i) =>
        shows[i] && OWN_PAGE[i] ? [`${server.url}/shows/xss-show-${i}`] : [],
      ),
    ];
    const findings = await inspectAll(browser, urls);
    for (const f of findings) expectClean(f);
    for (const [i, s] of VECTORS.entries()) {
      if (people[i])
        expect(findings.find((f) => f.url.includes(`/xss-person-${i} `))?.text, s).toContain(
          squash(s),
        );
    }
  }, 600_000);

  it('the search query echoed on /search', async () => {
    const urls = STRINGS.filter((_, i) => OWN_PAGE[i]).map(
      (s) => `${server.url}/search?q=${encodeURIComponent(s.slice(0, 1000))}`,
    );
    const findings = await inspectAll(browser, urls);
    for (const f of findings) expectClean(f);
    // Echoed as typed: in the search box and in the page title.
    for (const [i, s] of VECTORS.entries()) {
      expect(findings[i]?.searchValue, s).toBe(s.slice(0, 200));
      expect(findings[i]?.title, s).toContain(squash(s.slice(0, 200)));
    }
  }, 600_000);
});
