import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/* The processes the bench starts and watches: servers, the ceiling, the file cache. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitFor200(url: string, waitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > waitMs)
      throw new Error(`${url} did not answer 200 within ${waitMs / 1000} s (raise --wait)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export function rssMb(pid: number | undefined): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid ?? 0}/status`, 'utf8');
  const read = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

/**
 * Takes the database's pages out of the OS file cache, so that the cold start is a start after a
 * reboot. (Earlier runs read the file in before every load, which flattered the cold start.)
 */
export function dropFileCache(dataDir: string): boolean {
  spawnSync('sync');
  return ['deho.db', 'deho.db-wal']
    .map((name) => path.join(dataDir, name))
    .filter((file) => fs.existsSync(file))
    .every(
      (file) =>
        spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']).status === 0,
    );
}

/** The bytes and encoding Deho answers a browser with (gzip asked), for the ceiling to send. */
export function fetchRaw(url: string): Promise<{ body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({
            body: Buffer.concat(chunks),
            encoding: String(res.headers['content-encoding'] ?? ''),
          }),
        );
      })
      .once('error', reject);
  });
}

export const CEILING = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.env.BODY_FILE);
const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length };
if (process.env.BODY_ENCODING) headers['content-encoding'] = process.env.BODY_ENCODING;
http.createServer((req, res) => { res.writeHead(200, headers); res.end(body); })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;
