// Lighthouse on the reader pages of the built server, as CI runs it.
//
//   npm run build && npm run lighthouse [-- [--floor 98] [--perf-floor 95] [--reports DIR] [PATH ...]]
//
// Starts `node dist/cli.js serve` on a free port of 127.0.0.1 with a fresh data folder (demo
// content), runs Lighthouse (mobile emulation, the default) in Debian's Chromium on the home page,
// the demo article and the show page, one page at a time, and prints the four category scores per
// page. Exits 1 when any score is under its floor, listing the audits that cost points: 100 is the
// goal; accessibility, best practices and SEO must reach 98, performance 95 (docs/decisions.md:
// on this 2-core machine Total Blocking Time swings by up to 300 ms on a page with its scripts and
// images blocked, so the performance median moves by several points with Chromium, not the page). PATHs replace the three
// pages (one page at a time is kinder to a busy machine while fixing something). --reports DIR
// keeps each page's full Lighthouse report (JSON, for the Lighthouse viewer) in DIR.
// Env: CHROME_PATH (default /usr/bin/chromium); nothing here downloads a browser.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'cli.js');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Runs of a page that scored under 100 somewhere; the median counts. */
const RUNS = 5;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PAGES = [
  '/',
  '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes',
  '/shows/alchemy-of-souls',
];
/** Variables of the calling shell that would point the server somewhere else. */
const DROPPED_ENV = ['DATABASE_URL', 'REDIS_URL', 'DEHO_BASE_URL', 'DEHO_TRUST_PROXY', 'DEHO_DEMO'];

const { values, positionals } = parseArgs({
  options: {
    floor: { type: 'string', default: '98' },
    'perf-floor': { type: 'string', default: '95' },
    reports: { type: 'string' },
  },
  allowPositionals: true,
});
function scoreOption(name) {
  const score = Number(values[name]);
  if (!Number.isInteger(score) || score < 0 || score > 100) {
    console.error(`--${name} must be a whole number from 0 to 100, not "${values[name]}".`);
    process.exit(2);
  }
  return score;
}
/** The lowest score each category may have, in the order of CATEGORIES. */
const floors = CATEGORIES.map((id) => scoreOption(id === 'performance' ? 'perf-floor' : 'floor'));
const pages = positionals.length > 0 ? positionals : PAGES;
if (!pages.every((page) => page.startsWith('/'))) {
  console.error('Pages are site paths starting with "/", e.g. /shows/alchemy-of-souls.');
  process.exit(2);
}
if (!fs.existsSync(entry)) {
  console.error('dist/cli.js is missing: run `npm run build` first.');
  process.exit(1);
}
if (!fs.existsSync(CHROME_PATH)) {
  console.error(`No Chromium at ${CHROME_PATH}: apt-get install -y chromium, or set CHROME_PATH.`);
  process.exit(1);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** What to stop, however the run ends: the server, Chromium and the data folder. */
const cleanup = { server: undefined, chrome: undefined, dataDir: undefined };

function stopAllSync() {
  if (cleanup.chrome !== undefined) {
    cleanup.chrome.kill();
    cleanup.chrome = undefined;
  }
  const server = cleanup.server;
  if (server !== undefined && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
  }
  cleanup.server = undefined;
  if (cleanup.dataDir !== undefined) {
    fs.rmSync(cleanup.dataDir, { recursive: true, force: true });
    cleanup.dataDir = undefined;
  }
}

async function stopAll() {
  if (cleanup.chrome !== undefined) {
    cleanup.chrome.kill();
    cleanup.chrome = undefined;
  }
  const server = cleanup.server;
  if (server !== undefined && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
  }
  stopAllSync();
}

process.on('exit', stopAllSync);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopAllSync();
    process.exit(130);
  });
}

async function startServer() {
  const port = await freePort();
  cleanup.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-lighthouse-'));
  const env = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DEHO_DATA_DIR: cleanup.dataDir,
    LOG_LEVEL: 'warn',
  });
  const server = spawn(process.execPath, [entry, 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  cleanup.server = server;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited (${server.exitCode ?? server.signalCode}) on start`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return url;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer 200 within 30 s`);
    await sleep(100);
  }
}

/** The audits of a category that cost it points: weighted ones first, then the advice. */
function lostPoints(lhr, categoryId) {
  const lost = [];
  for (const ref of lhr.categories[categoryId].auditRefs) {
    const audit = lhr.audits[ref.id];
    if (audit.score === null || audit.score >= 1) continue;
    if (['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode)) continue;
    lost.push({ weight: ref.weight, audit });
  }
  return lost.sort((a, b) => b.weight - a.weight);
}

const pad = (text, width) => String(text).padEnd(width);
const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

/** One Lighthouse run of one page: its report and its four scores out of 100. */
async function audit(base, page) {
  const started = Date.now();
  const result = await lighthouse(`${base}${page}`, {
    port: cleanup.chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
  });
  if (result === undefined) throw new Error(`Lighthouse returned nothing for ${page}`);
  const { lhr } = result;
  if (lhr.runtimeError !== undefined) {
    throw new Error(`Lighthouse could not test ${page}: ${lhr.runtimeError.message}`);
  }
  const scores = CATEGORIES.map((id) => Math.round((lhr.categories[id].score ?? 0) * 100));
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`  run: ${page} ${scores.join(' / ')} (${seconds} s)`);
  return { lhr, scores };
}

async function main() {
  const base = await startServer();
  console.log(`Deho at ${base} (demo content); Chromium ${CHROME_PATH}`);
  cleanup.chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    logLevel: 'silent',
  });

  const rows = [];
  const failures = [];
  for (const page of pages) {
    // A page is audited as readers get it: rendered once already and served from the page cache.
    const warm = await fetch(`${base}${page}`);
    await warm.arrayBuffer();
    if (warm.status !== 200) throw new Error(`${page} answered ${warm.status}, not 200`);
    const runs = [];
    // Simulated throttling multiplies the CPU time this (shared) machine happened to take, so a
    // page under 100 is run again, and the median of five runs counts (with three, one CI run's
    // home page scored 99, 96 and 97: Total Blocking Time 80–200 ms on the same page).
    do runs.push(await audit(base, page));
    while (runs.length < RUNS && runs[0].scores.some((score) => score < 100));
    const scores = CATEGORIES.map((_, i) => median(runs.map((run) => run.scores[i])));
    const runNote = runs.length > 1 ? `, median of ${runs.length} runs` : '';
    console.log(`${page}: ${scores.join(' / ')}${runNote}`);
    rows.push({ page, scores });
    // The audits listed are those of the run closest to the median performance score.
    const { lhr } = runs.reduce((best, run) =>
      Math.abs(run.scores[0] - scores[0]) < Math.abs(best.scores[0] - scores[0]) ? run : best,
    );
    if (values.reports !== undefined) {
      fs.mkdirSync(values.reports, { recursive: true });
      const name = page.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
      fs.writeFileSync(path.join(values.reports, `${name}.report.json`), JSON.stringify(lhr));
    }
    CATEGORIES.forEach((id, i) => {
      if (scores[i] >= 100) return;
      for (const { weight, audit } of lostPoints(lhr, id)) {
        const line = `${page} · ${lhr.categories[id].title} ${scores[i]} · ${audit.title}${
          audit.displayValue ? ` (${audit.displayValue})` : ''
        }${weight > 0 ? '' : ' [not weighted]'}`;
        if (scores[i] < floors[i]) failures.push(line);
        else if (weight > 0) console.log(`  below 100: ${line}`);
      }
    });
  }

  const width = Math.max(4, ...rows.map((row) => row.page.length));
  console.log(`\n${pad('Page', width)}  Perf  A11y  Best  SEO`);
  for (const { page, scores } of rows) {
    console.log(`${pad(page, width)}  ${scores.map((s) => pad(s, 4)).join('  ')}`.trimEnd());
  }
  const low = rows.flatMap(({ page, scores }) =>
    scores.flatMap((score, i) =>
      score < floors[i] ? [`${page} ${CATEGORIES[i]} ${score} (floor ${floors[i]})`] : [],
    ),
  );
  if (low.length > 0) {
    console.error(`\nUnder the floor: ${low.join(', ')}`);
    console.error('Audits that cost points:');
    for (const line of failures) console.error(`  ${line}`);
    return 1;
  }
  const floorNote = CATEGORIES.map((id, i) => `${id} ${floors[i]}`).join(', ');
  console.log(`\nEvery score is at or above its floor (${floorNote}).`);
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`lighthouse: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll();
}
process.exit(code);
