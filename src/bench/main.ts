import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import { benchLinker } from '../features/names/index.js';
import { benchSearch } from '../features/search/index.js';
import { projectRoot } from '../lib/paths.js';
import { FULL_SIZE, QUICK_SIZE, generateSite } from './generate.js';
import { checkPosters, runPosters } from './posters.js';
import { appendReport, formatTable, type Row } from './report.js';

/*
 * `npm run bench [-- --quick]`: builds a large site, starts Deho on it the way a user would
 * (node dist/cli.js serve), and measures it with autocannon next to a bare node:http "ceiling"
 * server sending the same article bytes, in the same run on the same machine.
 */

const quick = process.argv.includes('--quick');
const size = quick ? QUICK_SIZE : FULL_SIZE;
const seconds = quick ? 3 : 10;
const connections = 50;
/** The comments issue's concurrency run: 200 posters for 20 s (3 s in the quick run). */
const POSTERS = 200;
const postersSeconds = quick ? 3 : 20;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor200(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs)
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function rssMb(pid: number | undefined): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid ?? 0}/status`, 'utf8');
  const read = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

/**
 * Reads the database file once, so that the loads measure Deho and not this machine's disk. The
 * hosts of these machines take idle file cache back within minutes (most of a freshly generated
 * file had left the cache by the time the loads began, and random articles were read from disk),
 * where a site that is serving keeps its file's hot pages cached.
 */
function warmFileCache(file: string): void {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  try {
    while (fs.readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

async function load(
  url: string,
  options: { requests?: RequestSpec[]; connections?: number } = {},
): Promise<Result> {
  return autocannon({
    url,
    connections: options.connections ?? connections,
    duration: seconds,
    ...(options.requests && { requests: options.requests }),
  });
}

function row(name: string, result: Result, note = ''): Row {
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors + result.non2xx,
    note,
  };
}

const CEILING = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.env.BODY_FILE);
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function main(): Promise<void> {
  const root = projectRoot();
  const dataDir = path.join(os.tmpdir(), `deho-bench-${quick ? 'quick' : 'full'}`);
  const now = new Date();
  process.stderr.write(`Generating ${quick ? 'a quick' : 'the full'} site in ${dataDir}\n`);
  const genStart = performance.now();
  const site = await generateSite(dataDir, size, now);
  const generationSeconds = (performance.now() - genStart) / 1000;

  warmFileCache(path.join(dataDir, 'deho.db'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const articlePath = `/news/${site.newestArticle}`;
  const startDeho = (on: number, env: Record<string, string> = {}) =>
    start(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
      PORT: String(on),
      HOST: '127.0.0.1',
      DEHO_DATA_DIR: dataDir,
      DEHO_DEMO: '0',
      DEHO_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      ...env,
    });
  const bootStart = performance.now();
  const deho = startDeho(port);
  const rows: Row[] = [];
  const extra: string[] = [];
  let posters: Awaited<ReturnType<typeof runPosters>> | undefined;
  try {
    await waitFor200(base + articlePath, 30_000);
    const coldStartMs = performance.now() - bootStart;
    extra.push(`Cold start to first 200 on an article: ${coldStartMs.toFixed(0)} ms`);

    const bodyFile = path.join(dataDir, 'ceiling-body.html');
    fs.writeFileSync(bodyFile, Buffer.from(await (await fetch(base + articlePath)).arrayBuffer()));
    const ceilingPort = await freePort();
    const ceiling = start(process.execPath, ['-e', CEILING], {
      PORT: String(ceilingPort),
      BODY_FILE: bodyFile,
    });
    try {
      await waitFor200(`http://127.0.0.1:${ceilingPort}/`, 10_000);
      rows.push(
        row('ceiling: node:http, same bytes', await load(`http://127.0.0.1:${ceilingPort}/`)),
      );
    } finally {
      await stop(ceiling);
    }

    rows.push(row('article, same URL', await load(base + articlePath)));
    const randomArticle: RequestSpec = {
      setupRequest: (request) => ({
        ...request,
        path: `/news/story-${1 + Math.floor(Math.random() * site.articleCount)}`,
      }),
    };
    rows.push(
      row(
        'article, random of all',
        await load(base, { requests: [randomArticle] }),
        'mostly uncached',
      ),
    );
    // Rendering on every request, as Ghost and WordPress (without a cache plugin) were measured:
    // a second Deho on the same site with the page cache off. The newest article carries the
    // most comments (its page shows 50 threads); the one in the middle is a typical page.
    const uncachedPort = await freePort();
    const uncached = startDeho(uncachedPort, { DEHO_PAGE_CACHE: '0' });
    try {
      const uncachedBase = `http://127.0.0.1:${uncachedPort}`;
      await waitFor200(uncachedBase + articlePath, 30_000);
      rows.push(
        row(
          'article, same URL, page cache off',
          await load(uncachedBase + articlePath),
          'rendered',
        ),
      );
      const typical = `/news/story-${Math.ceil(site.articleCount / 2)}`;
      rows.push(
        row('typical article, page cache off', await load(uncachedBase + typical), 'rendered'),
      );
    } finally {
      await stop(uncached);
    }
    rows.push(row('home', await load(`${base}/`)));
    rows.push(row('show page', await load(`${base}/shows/${site.airingShow}`)));
    rows.push(row('/schedule', await load(`${base}/schedule`)));
    rows.push(row('/feed.json', await load(`${base}/feed.json`)));
    const search = await load(`${base}/search?q=${encodeURIComponent(site.person)}`);
    rows.push(
      row(
        '/search, same query',
        search,
        search.non2xx > 0 ? 'route answered non-2xx' : 'hot searches are page-cached',
      ),
    );
    // A query string nobody asked for before: never a page-cache hit, so every answer searches.
    const oneOffSearch: RequestSpec = {
      setupRequest: (request) => ({
        ...request,
        path: `/search?q=${encodeURIComponent(site.person)}&r=${Math.random().toString(36).slice(2)}`,
      }),
    };
    const uncachedSearch = await load(base, { requests: [oneOffSearch] });
    rows.push(row('/search, one-off queries', uncachedSearch, 'uncached'));

    posters = await runPosters({
      base,
      articleId: site.articleCount,
      connections: POSTERS,
      seconds: postersSeconds,
    });
    rows.push(
      row(
        `comment POST, ${POSTERS} posters`,
        posters.result,
        `${(posters.accepted.size / postersSeconds).toFixed(0)} accepted/s`,
      ),
    );

    const memory = rssMb(deho.pid);
    extra.push(
      `Deho RSS after the load: ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)`,
    );
    const ceilingRps = rows[0]?.rps ?? 0;
    const cachedRps = rows[1]?.rps ?? 0;
    extra.push(
      `Article (same URL) as a share of the ceiling: ${((cachedRps / ceilingRps) * 100).toFixed(1)}%`,
    );
  } finally {
    await stop(deho);
  }
  if (posters !== undefined) {
    const check = checkPosters(path.join(dataDir, 'deho.db'), posters);
    extra.push(
      `Comment posters (${POSTERS} concurrent, ${postersSeconds} s, durable writes, spam defences on): ${check.accepted.toLocaleString('en')} accepted; ${check.lost} lost, ${check.doubled} stored twice, ${check.leaked} refused posts stored`,
    );
  }

  const linker = benchLinker(() => undefined);
  extra.push(
    `Linker: ${linker.mbPerSecond.toFixed(2)} MB/s of article text with 50,000 names loaded (dictionary built in ${linker.buildMs.toFixed(0)} ms)`,
  );
  const searchTimes = await benchSearch({ articles: size.articles, log: () => undefined });
  extra.push(
    `Search over ${size.articles.toLocaleString('en')} articles (in-process, 10 query forms × 30 runs): p50 ${searchTimes.p50.toFixed(1)} ms, p95 ${searchTimes.p95.toFixed(1)} ms`,
  );

  const loadAverage = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  // The load average says how much else the shared machine was doing: figures from a busy run are noisy.
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${loadAverage} (1/5/15 min)`;
  const sizeLine = `${size.articles.toLocaleString('en')} articles, ${size.shows.toLocaleString('en')} shows with ${(size.shows * size.episodesPerShow).toLocaleString('en')} episodes, ${size.people.toLocaleString('en')} people, ${size.comments.toLocaleString('en')} comments; generated in ${generationSeconds.toFixed(1)} s`;
  const table = formatTable(rows);
  process.stdout.write(`\n${sizeLine}\n${machine}\n\n${table}\n${extra.join('\n')}\n`);
  appendReport(path.join(root, 'docs', 'benchmarks.md'), {
    title: `${now.toISOString().slice(0, 10)} — npm run bench${quick ? ' -- --quick' : ''}`,
    machine,
    sizeLine,
    settings: `autocannon, ${connections} connections, ${seconds} s per row, one after another`,
    table,
    extra,
  });
}

await main();
