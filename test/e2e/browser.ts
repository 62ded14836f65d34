import fs from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium; browser tests never download a browser. */
export const CHROMIUM = process.env.DEHO_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** True for a URL served by the site under test (or an in-page data:/blob:/about: URL). */
export function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1';
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
}

export interface Watched {
  page: Page;
  /** Every request the page made, in order. */
  requests: string[];
  /** console.error messages, with the URL they came from. */
  consoleErrors: { text: string; url: string }[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests that failed at the network level. */
  failedRequests: { url: string; failure: string }[];
  /** Responses with status >= 400. */
  badResponses: { url: string; status: number }[];
  /** CSP violations, as the page's own securitypolicyviolation events report them. */
  cspViolations(): Promise<CspViolation[]>;
  close(): Promise<void>;
}

/** A fresh context and page that records every request, error and CSP violation. */
export async function watchedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<Watched> {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    const store: CspViolation[] = [];
    (window as unknown as { __cspViolations: CspViolation[] }).__cspViolations = store;
    document.addEventListener('securitypolicyviolation', (event) => {
      store.push({
        directive: event.violatedDirective,
        blockedURI: event.blockedURI,
        sourceFile: event.sourceFile,
      });
    });
  });
  const page = await context.newPage();
  const watched: Watched = {
    page,
    requests: [],
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    badResponses: [],
    cspViolations: () =>
      page.evaluate(
        () => (window as unknown as { __cspViolations?: CspViolation[] }).__cspViolations ?? [],
      ),
    close: () => context.close(),
  };
  page.on('request', (request) => watched.requests.push(request.url()));
  page.on('requestfailed', (request) =>
    watched.failedRequests.push({
      url: request.url(),
      failure: request.failure()?.errorText ?? '',
    }),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      watched.badResponses.push({ url: response.url(), status: response.status() });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      watched.consoleErrors.push({ text: message.text(), url: message.location().url });
    }
  });
  page.on('pageerror', (error) => watched.pageErrors.push(String(error)));
  return watched;
}
