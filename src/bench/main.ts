import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../lib/paths.js';
import { FULL_SIZE, QUICK_SIZE } from './generate.js';
import { checkGenerator } from './honesty.js';
import { runLoad, wrkAvailable, type LoadOptions } from './loadgen.js';
import { checkPosters, preparePosts, runPosters, solvePool } from './posters.js';
import {
  CEILING,
  dropFileCache,
  fetchRaw,
  freePort,
  rssMb,
  start,
  stop,
  waitFor200 as waitForAnswer,
} from './processes.js';
import { benchLinker } from './linker.js';
import { appendReport, formatRow, formatTable, loadAverage, type Row } from './report.js';
import { searchQueries } from './searches.js';
import { generateKept, keptSite, type Site } from './site-file.js';

/*
 * `npm run bench [-- --quick]`: builds a large site shaped like a real one, starts Deho on it the
 * way a user does (node dist/cli.js serve), and measures it with wrk in processes of its own,
 * next to a bare node:http "ceiling" that sends the same bytes. Each row is printed as soon as it
 * is measured, with the load average beside it; docs/benchmarks.md gets the whole run at the end.
 *
 * Options: --quick (small site, short rows) --seconds N (per row) --threads N (wrk threads, the
 * generator's capacity; the check doubles it) --connections N --posts N (comment posts, one
 * solved challenge each) --wait S (how long a server may take to answer its first request)
 * --data-dir DIR (where the site is generated; default the system's temp directory)
 * --reuse (measure the site an earlier run generated in --data-dir instead of generating it again)
 * --only search (just the search rows, on a page-cache-off server; --port N chooses its port).
 */

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    threads: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    posts: { type: 'string' },
    wait: { type: 'string', default: '300' },
    'data-dir': { type: 'string' },
    reuse: { type: 'boolean', default: false },
    only: { type: 'string' },
    port: { type: 'string' },
  },
});
if (options.only !== undefined && options.only !== 'search') {
  process.stderr.write(`--only knows one set of rows: search (not "${options.only}").\n`);
  process.exit(1);
}
const searchOnly = options.only === 'search';
const quick = options.quick;
const size = quick ? QUICK_SIZE : FULL_SIZE;
const seconds = Number(options.seconds ?? (quick ? 3 : 10));
const threads = Number(options.threads);
const connections = Number(options.connections);
const posts = Number(options.posts ?? (quick ? 1_000 : 10_000));
const waitMs = Number(options.wait) * 1000;

const waitFor200 = (url: string) => waitForAnswer(url, waitMs);

const range = (n: number, of: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => of(i + 1));

async function generate(dataDir: string, now: Date): Promise<Site> {
  process.stderr.write(`Generating ${quick ? 'a quick' : 'the full'} site in ${dataDir}\n`);
  return generateKept(dataDir, size, now);
}

function readSite(dataDir: string): Site {
  const site = keptSite(dataDir);
  if (site === undefined) {
    process.stderr.write(`--reuse: no generated site in ${dataDir} (run once without --reuse).\n`);
    process.exit(1);
  }
  process.stderr.write(`Reusing the site generated in ${dataDir}\n`);
  return site;
}

async function main(): Promise<void> {
  if (!wrkAvailable()) {
    process.stderr.write(
      'The bench measures with wrk: install it first (Debian: apt-get install wrk).\n',
    );
    process.exit(1);
  }
  const root = projectRoot();
  const cli = path.join(root, 'dist', 'cli.js');
  const postersScript = path.join(root, 'dist', 'bench-posters.js');
  const dataDir =
    options['data-dir'] ?? path.join(os.tmpdir(), `deho-bench-${quick ? 'quick' : 'full'}`);
  const now = new Date();
  const genStart = performance.now();
  const site = options.reuse ? readSite(dataDir) : await generate(dataDir, now);
  const generationSeconds = (performance.now() - genStart) / 1000;

  const rows: Row[] = [];
  const extra: string[] = [];
  const note = (line: string) => {
    extra.push(line);
    process.stdout.write(`${line}\n`);
  };
  const gzip = { 'accept-encoding': 'gzip' };
  const measure = async (name: string, method: string, load: LoadOptions, remark = '') => {
    const result = await runLoad(load);
    const silent = result.requests === 0 ? 'NO ANSWER within the row: the figures are empty' : '';
    const row: Row = {
      name,
      method,
      ...result,
      note: [remark, silent].filter(Boolean).join('; '),
      load: loadAverage(),
    };
    rows.push(row);
    process.stdout.write(`${formatRow(row)}\n`);
    return row;
  };
  const startDeho = (port: number, env: Record<string, string> = {}) =>
    start(process.execPath, [cli, 'serve'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DEHO_DATA_DIR: dataDir,
      DEHO_DEMO: '0',
      DEHO_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      // No balancer in front to drain: the next measurement starts when this one has stopped.
      DEHO_SHUTDOWN_DRAIN_SECONDS: '0',
      ...env,
    });
  const newest = `/news/${site.newestArticle}`;
  const measureSearch = async (uncachedBase: string) => {
    const queries = searchQueries(site.sample).map(encodeURIComponent);
    // Latency, not throughput: two connections (one per core), so the percentiles are a search's
    // own time and not a queue's.
    const searchLoad = {
      base: uncachedBase,
      connections: 2,
      threads: 1,
      seconds,
      headers: gzip,
    };
    await measure(`search API, ${queries.length} queries`, 'rendered, 2 connections', {
      ...searchLoad,
      paths: queries.map((q) => `/api/content/v1/search?q=${q}`),
    });
    await measure(`search page, ${queries.length} queries`, 'rendered, 2 connections', {
      ...searchLoad,
      paths: queries.map((q) => `/search?q=${q}`),
    });
  };
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const sizeLine = `${size.articles.toLocaleString('en')} articles (200–900 words, image, video, air time, 4–8 mentions, 3–6 tags), ${size.shows.toLocaleString('en')} shows with ${(size.shows * size.episodesPerShow).toLocaleString('en')} episodes, ${size.people.toLocaleString('en')} people, ${size.comments.toLocaleString('en')} comments (long tail); ${options.reuse ? 'generated by an earlier run' : `generated in ${generationSeconds.toFixed(1)} s`}`;
  const report = (title: string, settings: string) => {
    const table = formatTable(rows);
    process.stdout.write(`\n${sizeLine}\n${machine}\n\n${table}\n`);
    appendReport(path.join(root, 'docs', 'benchmarks.md'), {
      title: `${now.toISOString().slice(0, 10)} — ${title}`,
      machine,
      sizeLine,
      settings,
      table,
      extra,
    });
  };

  if (searchOnly) {
    // The search rows alone, on the same kind of server as in the whole run (page cache off).
    const searchPort = options.port === undefined ? await freePort() : Number(options.port);
    const searchBase = `http://127.0.0.1:${searchPort}`;
    const server = startDeho(searchPort, { DEHO_PAGE_CACHE: '0' });
    try {
      await waitFor200(searchBase + newest);
      // In the whole run the rows before warm the server (compiled code, SQLite's cache); here a
      // short search load, not counted, does.
      await runLoad({
        base: searchBase,
        paths: searchQueries(site.sample).map((q) => `/search?q=${encodeURIComponent(q)}`),
        connections: 2,
        threads: 1,
        seconds: 3,
        headers: gzip,
      });
      await measureSearch(searchBase);
      const memory = rssMb(server.pid);
      note(
        `RSS of the server after its loads: ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)`,
      );
    } finally {
      await stop(server);
    }
    report(
      `npm run bench -- ${process.argv.slice(2).join(' ')}`,
      `wrk, 1 thread, 2 connections, ${seconds} s per row, one after another, gzip asked; load average beside each row`,
    );
    return;
  }

  const dropped = dropFileCache(dataDir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let deho = startDeho(port);
  let bootStart = performance.now();
  await waitFor200(base + newest);
  note(
    `Cold start to the first 200 on an article, ${dropped ? 'database file dropped from the OS cache' : 'file cache could NOT be dropped'}: ${(performance.now() - bootStart).toFixed(0)} ms`,
  );
  await stop(deho);
  bootStart = performance.now();
  deho = startDeho(port);
  await waitFor200(base + newest);
  note(`Start with a warm file cache: ${(performance.now() - bootStart).toFixed(0)} ms`);

  const apiKey = (
    spawnSync(process.execPath, [cli, 'apikey', 'create', '--name', 'bench', '--role', 'admin'], {
      env: { ...process.env, DEHO_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    }).stdout ?? ''
  )
    .trim()
    .split('\n')
    .at(-1);
  if (apiKey === undefined || apiKey === '') throw new Error('could not create an API key');

  const uncachedPort = await freePort();
  const uncachedBase = `http://127.0.0.1:${uncachedPort}`;
  const uncached = startDeho(uncachedPort, { DEHO_PAGE_CACHE: '0' });
  let posters: Awaited<ReturnType<typeof runPosters>> | undefined;
  try {
    await waitFor200(uncachedBase + newest);
    const load = (url: string, paths: string[], extraOptions: Partial<LoadOptions> = {}) => ({
      base: url,
      paths,
      connections,
      seconds,
      threads,
      headers: gzip,
      ...extraOptions,
    });

    const bodyFile = path.join(dataDir, 'ceiling-body.html');
    const captured = await fetchRaw(base + newest);
    fs.writeFileSync(bodyFile, captured.body);
    const ceilingPort = await freePort();
    const ceilingBase = `http://127.0.0.1:${ceilingPort}`;
    const ceiling = start(process.execPath, ['-e', CEILING], {
      PORT: String(ceilingPort),
      BODY_FILE: bodyFile,
      BODY_ENCODING: captured.encoding,
    });
    let ceilingRow: Row;
    try {
      await waitFor200(`${ceilingBase}/`);
      // A first short load compiles the ceiling's code, so that the check compares two warm runs.
      await runLoad(load(ceilingBase, ['/'], { seconds: 1 }));
      const check = await checkGenerator(
        async (capacity) => (await runLoad(load(ceilingBase, ['/'], { threads: capacity }))).rps,
        threads,
      );
      note(check.message);
      ceilingRow = await measure(
        'ceiling: node:http, same bytes',
        `wrk -t${threads}`,
        load(ceilingBase, ['/']),
      );
    } finally {
      await stop(ceiling);
    }

    const cached = await measure(
      'article, same URL, page cache on',
      'cached',
      load(base, [newest]),
    );
    note(
      `Cached article as a share of the ceiling: ${((cached.rps / ceilingRow.rps) * 100).toFixed(1)} %`,
    );
    const articles = range(site.articleCount, (i) => `/news/story-${i}`);
    await measure(
      `articles, random of all ${site.articleCount.toLocaleString('en')}, page cache on`,
      'cached server',
      load(base, articles),
      'hits and misses mixed (not counted)',
    );
    await measure(
      `articles, random of all ${site.articleCount.toLocaleString('en')}`,
      'rendered',
      load(uncachedBase, articles),
    );
    await measure('home', 'rendered', load(uncachedBase, ['/']));
    await measure(
      `tag pages, random of ${site.tagCount}`,
      'rendered',
      load(
        uncachedBase,
        range(site.tagCount, (i) => `/tags/tag-${i}`),
      ),
    );
    await measure(
      `show pages, random of ${site.showCount.toLocaleString('en')}`,
      'rendered',
      load(
        uncachedBase,
        range(site.showCount, (i) => `/shows/show-${i}`),
      ),
    );
    await measure(
      `person pages, random of ${site.personCount.toLocaleString('en')}`,
      'rendered',
      load(
        uncachedBase,
        range(site.personCount, (i) => `/people/person-${i}`),
      ),
    );
    await measureSearch(uncachedBase);
    const uncachedMemory = rssMb(uncached.pid);
    note(
      `RSS of the uncached server after its loads: ${uncachedMemory.rss.toFixed(0)} MB (peak ${uncachedMemory.peak.toFixed(0)} MB)`,
    );
  } finally {
    await stop(uncached);
  }

  try {
    process.stderr.write(
      `Solving ${posts.toLocaleString('en')} challenges in ${os.cpus().length} processes\n`,
    );
    const solved = await solvePool({ base, count: posts, postersScript });
    const hot = range(20, (i) => String(site.articleCount - 20 + i)).map(Number);
    const readers = runLoad({
      base,
      paths: hot.map((id) => `/news/story-${id}`),
      connections: 20,
      threads: 1,
      seconds,
      headers: gzip,
    });
    posters = await runPosters({
      base,
      apiKey,
      posts: preparePosts(hot, solved),
      connections: 200,
      postersScript,
    });
    const reading = await readers;
    const row: Row = {
      name: `comment POST, ${posts.toLocaleString('en')} posts by 200 posters`,
      method: 'challenges solved, approvals during the load',
      rps: posters.run.accepted.length / posters.run.seconds,
      p50: posters.run.p50,
      p95: Number.NaN,
      p99: posters.run.p99,
      requests: posters.run.requests,
      non2xx: posters.run.non2xx,
      errors: posters.run.errors,
      note: [
        'accepted/s',
        `${posters.approved} approved meanwhile`,
        ...(posters.run.refused.length > 0
          ? [
              `refused: ${Object.entries(posters.run.refusedByStatus)
                .map(([status, count]) => `${count} × HTTP ${status}`)
                .join(', ')}`,
            ]
          : []),
        `readers of those 20 pages: ${reading.rps.toFixed(0)} req/s, p99 ${reading.p99.toFixed(1)} ms`,
      ].join('; '),
      load: loadAverage(),
    };
    rows.push(row);
    process.stdout.write(`${formatRow(row)}\n`);
    const memory = rssMb(deho.pid);
    note(
      `RSS of the cached server after all loads: ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)`,
    );
  } finally {
    await stop(deho);
  }
  if (posters !== undefined) {
    const check = checkPosters(path.join(dataDir, 'deho.db'), posters);
    note(
      `Comment posts (synchronous=FULL, spam defences on): ${check.run.accepted.length.toLocaleString('en')} accepted; ${check.lost} lost, ${check.doubled} stored twice, ${check.leaked} refused posts stored`,
    );
  }
  const linker = benchLinker(() => undefined);
  note(
    `Linker (in-process): ${linker.mbPerSecond.toFixed(2)} MB/s of article text with 50,000 names loaded (dictionary built in ${linker.buildMs.toFixed(0)} ms)`,
  );

  report(
    `npm run bench${quick ? ' -- --quick' : ''}`,
    `wrk, ${threads} thread(s), ${connections} connections, ${seconds} s per row, one after another, gzip asked; load average beside each row`,
  );
}

await main();
