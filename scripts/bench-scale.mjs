// Article-page throughput of 1 instance vs 2 instances behind nginx, both on PostgreSQL.
//
//   npm run build && node scripts/bench-scale.mjs [--seconds 10] [--connections 50]
//
// Env: DEHO_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); needs Debian's nginx.
// Creates its own schema (dropped at the end), starts `node dist/cli.js serve` instances with the
// demo site, puts nginx in front with deploy/nginx.conf (ports swapped, as the scale-out test
// does) and runs autocannon against the demo article through nginx, with the page cache on
// (hits) and off (every request renders and queries PostgreSQL). Prints a Markdown table for
// docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const seconds = arg('seconds', 10);
const connections = arg('connections', 50);
const base = process.env.DEHO_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ARTICLE = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
if (nginxBin === undefined) throw new Error('nginx is not installed (apt-get install -y nginx)');
if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('run npm run build first');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor200(url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200`);
    await sleep(100);
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const schema = `bench_scale_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create schema ${schema}`);
const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-bench-scale-'));
const children = [];

async function startInstances(n, pageCache) {
  const ports = [];
  for (let i = 0; i < n; i++) ports.push(await freePort());
  const started = ports.map((port) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url.toString(),
        DEHO_DATA_DIR: dataDir,
        DEHO_TRUST_PROXY: '1',
        DEHO_PAGE_CACHE: pageCache ? '1' : '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  });
  for (const port of ports) await waitFor200(`http://127.0.0.1:${port}/healthz`);
  return { ports, stop: () => Promise.all(started.map(stop)) };
}

async function startNginx(upstreams) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-bench-nginx-'));
  fs.chmodSync(dir, 0o755);
  const site = fs
    .readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8')
    .replace(
      /^([ \t]*)server 127\.0\.0\.1:\d+ (.*);\n(?:[ \t]*server 127\.0\.0\.1:\d+ .*;\n)*/m,
      (_b, indent, rest) =>
        upstreams.map((p) => `${indent}server 127.0.0.1:${p} ${rest};\n`).join(''),
    )
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, 'deho.conf'), site);
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (n) => `  ${n}_temp_path ${dir}/${n};`,
      ),
      `  include ${dir}/deho.conf;`,
      '}',
    ].join('\n'),
  );
  const child = spawn(nginxBin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], {
    stdio: 'inherit',
  });
  await waitFor200(`http://127.0.0.1:${port}/healthz`, 10_000);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function measure(target) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${target}${ARTICLE}`,
        connections,
        duration: seconds,
        headers: { 'accept-encoding': 'br' },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const loadBefore = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const rows = [];
try {
  for (const pageCache of [true, false]) {
    for (const n of [1, 2]) {
      const instances = await startInstances(n, pageCache);
      const nginx = await startNginx(instances.ports);
      // Warm-up: every instance renders (and compresses) the page a few times first.
      for (const port of instances.ports) {
        for (let i = 0; i < 5; i++) {
          const res = await fetch(`http://127.0.0.1:${port}${ARTICLE}`, {
            headers: { 'accept-encoding': 'br' },
          });
          await res.arrayBuffer();
        }
      }
      const r = await measure(nginx.url);
      rows.push({
        setup: `${n} instance${n > 1 ? 's' : ''} behind nginx`,
        cache: pageCache ? 'on (hits)' : 'off (render + PostgreSQL)',
        rps: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx + r.errors,
      });
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
      await nginx.stop();
      await instances.stop();
    }
  }
} finally {
  await Promise.all(children.map(stop));
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Article page (${ARTICLE}), autocannon ${connections} connections × ${seconds} s, brotli, ` +
    `${os.cpus().length} cores (${cpu}), node ${process.version}, ${spawnSync(nginxBin, ['-v'], { encoding: 'utf8' }).stderr.trim()}, ` +
    `load average at start: ${loadBefore}\n`,
);
console.log('| setup | page cache | req/s | p50 ms | p99 ms | non-2xx/errors |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.setup} | ${r.cache} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
