// Comment POST throughput with SQLite synchronous=FULL vs NORMAL (issue 11, durability).
// `npm run build` first; then `node scripts/bench-durability.mjs [seconds]`.
// Starts the built server twice on a fresh data folder (demo content), posts comments from
// distinct client addresses (X-Forwarded-For, DEHO_TRUST_PROXY=1) with autocannon, and prints
// accepted comments per second for each setting.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 5);
const connections = 50;

const freePort = () =>
  new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function waitFor(url) {
  for (let i = 0; i < 300; i += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function measure(synchronous) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `deho-durability-${synchronous}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEHO_DATA_DIR: dataDir,
      DEHO_TRUST_PROXY: '1',
      DEHO_SQLITE_SYNCHRONOUS: synchronous,
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  try {
    await waitFor(`${base}/healthz`);
    const list = await (await fetch(`${base}/api/content/v1/articles?limit=1`)).json();
    const id = list.articles[0].id;
    let counter = 0;
    const result = await autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: `/api/content/v1/articles/${id}/comments`,
          setupRequest: (request) => {
            counter += 1;
            return {
              ...request,
              headers: {
                'content-type': 'application/json',
                'x-forwarded-for': `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`,
              },
              body: JSON.stringify({
                name: `Reader ${counter}`,
                comment: `Comment ${counter} (${synchronous}).`,
              }),
            };
          },
        },
      ],
    });
    return {
      synchronous,
      accepted: Math.round(result['2xx'] / seconds),
      other: result.non2xx,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
for (const synchronous of ['full', 'normal']) rows.push(await measure(synchronous));
console.log(
  `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; ${connections} connections, ${seconds} s each`,
);
console.log('| synchronous | accepted comments/s | non-2xx | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.synchronous.toUpperCase()} | ${r.accepted} | ${r.other} | ${r.p50} | ${r.p99} |`,
  );
