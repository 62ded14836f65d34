// The WordPress import (issue 25), measured on a generated export (scripts/wxr-generate.mjs).
//
//   npm run build && node scripts/bench-wp-import.mjs [--posts 3000] [--comments 8] [--runs 3]
//       [--dialects sqlite,postgres] [--file export.xml]
//   npm run build && node scripts/bench-wp-import.mjs --live [--posts 20000] [--port 4100]
//
// Default mode: imports the same file `--runs` times into a fresh database of each dialect with
// the built CLI (`node dist/cli.js import wordpress FILE`, migrations applied beforehand and not
// timed) and prints each run's wall time, the median and PostgreSQL's median over SQLite's.
// PostgreSQL: DEHO_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) names a server
// where the script creates the database deho_wpbench afresh for each run and drops it at the end.
//
// --live (SQLite): the built server runs the demo site (page cache off, so that reads query the
// database) while the CLI imports the file in another process, as an operator would. Meanwhile one
// reader GETs an article page and one commenter POSTs comments to it, back to back, each request
// from its own address; the -wal file's size is sampled every 20 ms. Prints the import's time,
// the WAL's peak, and the longest and 99th-percentile waits of readers and commenters.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generateWxr } from './wxr-generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
};
const live = argv.includes('--live');
const posts = Number(option('posts', live ? 20_000 : 3000));
const comments = Number(option('comments', 8));
const runs = Number(option('runs', 3));
const dialects = option('dialects', 'sqlite,postgres').split(',');
const port = Number(option('port', 4100));
const pgBase = process.env.DEHO_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_DB = 'deho_wpbench';

if (!fs.existsSync(cli)) throw new Error('run npm run build first');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-wpbench-'));
const MB = 1024 * 1024;

function exportFile() {
  const given = option('file', undefined);
  if (given !== undefined) return path.resolve(given);
  const file = path.join(scratch, 'export.xml');
  const started = Date.now();
  const { bytes } = generateWxr(file, { posts, comments });
  console.log(
    `Generated ${posts} posts, about ${comments} comments each: ${(bytes / MB).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return file;
}

function runCli(args, env) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * MB,
  });
  if (result.status !== 0) {
    throw new Error(`deho ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  return result;
}

async function withPgAdmin(work) {
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database of the dialect: the environment that points the CLI at it. */
async function freshDatabase(dialect, run) {
  const dataDir = path.join(scratch, `${dialect}-${run}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { DEHO_DATA_DIR: dataDir };
  await withPgAdmin(async (admin) => {
    await admin.query(`drop database if exists ${PG_DB}`);
    await admin.query(`create database ${PG_DB}`);
  });
  const url = new URL(pgBase);
  url.pathname = `/${PG_DB}`;
  return { DEHO_DATA_DIR: dataDir, DATABASE_URL: url.toString() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function timeImports(file) {
  const medians = {};
  for (const dialect of dialects) {
    const times = [];
    for (let run = 1; run <= runs; run++) {
      const env = await freshDatabase(dialect, run);
      runCli(['migrate'], env);
      const started = process.hrtime.bigint();
      const result = runCli(['import', 'wordpress', file, '--progress-every', '3600'], env);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      times.push(seconds);
      const counts = /articles +(\d+) new.*\n(?:.*\n)*? +comments +(\d+) new/.exec(result.stdout);
      console.log(
        `${dialect} run ${run}: ${seconds.toFixed(2)} s (${counts?.[1] ?? '?'} articles, ${counts?.[2] ?? '?'} comments)`,
      );
      fs.rmSync(env.DEHO_DATA_DIR, { recursive: true, force: true });
    }
    medians[dialect] = median(times);
  }
  if (dialects.includes('postgres')) {
    await withPgAdmin((admin) => admin.query(`drop database if exists ${PG_DB}`));
  }
  console.log('\n| dialect | median s | runs s |');
  console.log('| --- | ---: | --- |');
  for (const dialect of dialects) console.log(`| ${dialect} | ${medians[dialect].toFixed(2)} | |`);
  if (medians.sqlite && medians.postgres) {
    console.log(`\nPostgreSQL / SQLite: ${(medians.postgres / medians.sqlite).toFixed(2)}×`);
  }
}

async function waitFor200(url) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function liveImport(file) {
  const dataDir = path.join(scratch, 'live');
  const env = {
    DEHO_DATA_DIR: dataDir,
    DEHO_PAGE_CACHE: '0',
    DEHO_TRUST_PROXY: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const server = spawn(process.execPath, [cli, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}/healthz`);
    const list = await (await fetch(`${base}/api/content/v1/articles?limit=1`)).json();
    const article = list.articles[0];
    const wal = path.join(dataDir, 'deho.db-wal');
    let walPeak = 0;
    const sampler = setInterval(() => {
      walPeak = Math.max(walPeak, fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0);
    }, 20);

    let importing = true;
    const started = Date.now();
    const importer = spawn(
      process.execPath,
      [cli, 'import', 'wordpress', file, '--progress-every', '3600'],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const imported = new Promise((resolve, reject) =>
      importer.once('exit', (code) =>
        code === 0 ? resolve(Date.now() - started) : reject(new Error(`import exit ${code}`)),
      ),
    ).finally(() => {
      importing = false;
    });

    const waits = { comment: [], read: [] };
    const failures = [];
    let n = 0;
    const loop = async (kind) => {
      while (importing && server.exitCode === null) {
        n++;
        const headers = { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
        const t0 = performance.now();
        try {
          const res =
            kind === 'comment'
              ? await fetch(`${base}/api/content/v1/articles/${article.id}/comments`, {
                  method: 'POST',
                  headers: { ...headers, 'content-type': 'application/json' },
                  body: JSON.stringify({
                    name: `Reader ${n}`,
                    comment: `Comment ${n} during the import.`,
                  }),
                })
              : await fetch(`${base}/news/${article.slug}`, { headers });
          await res.arrayBuffer();
          if (!res.ok) failures.push(`${kind}: ${res.status}`);
        } catch (error) {
          failures.push(`${kind}: ${error.cause?.code ?? error.message}`);
        }
        waits[kind].push(performance.now() - t0);
      }
    };
    const [importMs] = await Promise.all([imported, loop('comment'), loop('read')]);
    clearInterval(sampler);
    const dbSize = fs.statSync(path.join(dataDir, 'deho.db')).size;
    console.log(
      `\nImport: ${(importMs / 1000).toFixed(1)} s; database ${(dbSize / MB).toFixed(1)} MB; WAL peak ${(walPeak / MB).toFixed(1)} MB`,
    );
    console.log('| during the import | requests | p50 ms | p99 ms | longest ms |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const kind of ['comment', 'read']) {
      const w = waits[kind];
      console.log(
        `| ${kind === 'comment' ? 'comment POST' : 'article page GET'} | ${w.length} | ${percentile(w, 50).toFixed(0)} | ${percentile(w, 99).toFixed(0)} | ${Math.max(0, ...w).toFixed(0)} |`,
      );
    }
    const byKind = new Map();
    for (const f of failures) byKind.set(f, (byKind.get(f) ?? 0) + 1);
    console.log(
      `failed requests: ${failures.length} ${JSON.stringify(Object.fromEntries(byKind))}; server ${server.exitCode === null ? 'still up' : `exited ${server.exitCode}`}`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

try {
  const file = exportFile();
  if (live) await liveImport(file);
  else await timeImports(file);
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; uptime: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
