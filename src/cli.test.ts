import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { runCli, type CliIo } from './cli.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { until } from '../test/helpers/poll.js';

function capture(env: Record<string, string>, signals?: EventEmitter) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    cwd: os.tmpdir(),
    ...(signals && { signals }),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

describe('deho CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-cli-'));
    env = {
      DEHO_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEHO_DEMO: '0',
      DEHO_SHUTDOWN_DRAIN_SECONDS: '0',
    };
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints help with exit 0', async () => {
    const c = capture(env);
    expect(await runCli(['--help'], c.io)).toBe(0);
    expect(c.stdout()).toContain('apikey create --name N');
  });

  it.each([
    [[]],
    [['bogus']],
    [['migrate', '--force']],
    [['apikey', 'create']],
    [['apikey', 'delete']],
    [['apikey', 'create', '--name', 'x', '--role', 'owner']],
  ])('answers wrong usage %j with usage text and exit 2', async (argv) => {
    const c = capture(env);
    expect(await runCli(argv, c.io)).toBe(2);
    expect(c.stderr()).toMatch(/^deho: .+\n\nUsage: deho/);
    expect(c.stdout()).toBe('');
  });

  it('stops on a bad configuration value with one line and exit 1', async () => {
    const c = capture({ ...env, PORT: 'eighty' });
    expect(await runCli(['migrate'], c.io)).toBe(1);
    expect(c.stderr()).toBe('deho: PORT must be a whole number from 1 to 65535, not "eighty".\n');
  });

  it('migrate applies the pending migrations once and says so', async () => {
    const first = capture(env);
    expect(await runCli(['migrate'], first.io)).toBe(0);
    expect(first.stdout()).toMatch(
      /^Applied \d+ migration\(s\) to SQLite at .*deho\.db:\n {2}2026-/,
    );
    const second = capture(env);
    expect(await runCli(['migrate'], second.io)).toBe(0);
    expect(second.stdout()).toContain('up to date');
  });

  it('apikey create prints the key alone on the last line, and the key works against the app', async () => {
    const c = capture(env);
    expect(await runCli(['apikey', 'create', '--name', 'CI', '--role', 'admin'], c.io)).toBe(0);
    const lines = c.stdout().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    const key = lines.at(-1) ?? '';
    expect(key).toMatch(/^deho_[A-Za-z0-9_-]{40}$/);

    const config = loadConfig({ ...env, DEHO_BASE_URL: 'http://deho.test' });
    const handle = connectDatabase({ dataDir });
    const app = await buildApp(config, { db: handle.db, dialect: handle.dialect, logger: false });
    try {
      const ok = await app.inject({
        url: '/api/admin/v1/api-keys',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ api_keys: [{ name: 'CI', role: 'admin' }] });
      const bad = await app.inject({
        url: '/api/admin/v1/api-keys',
        headers: { authorization: `Bearer ${key}x` },
      });
      expect(bad.statusCode).toBe(401);
    } finally {
      await app.close();
      await handle.close();
    }
  });

  it('serve listens, answers, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const signals = new EventEmitter();
    const c = capture({ ...env, PORT: String(port) }, signals);
    let ended = false;
    const exited = runCli(['serve'], c.io).finally(() => (ended = true));
    let health: Response | undefined;
    // Until it answers, or stops trying to (then the status check below says so).
    await until(async () => {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return health !== undefined || ended;
    });
    expect(health?.status).toBe(200);
    signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('serve drains on SIGINT (/readyz 503, pages 200) until a second signal, then exits 0', async () => {
    const port = await freePort();
    const signals = new EventEmitter();
    const c = capture(
      { ...env, PORT: String(port), DEHO_DEMO: '1', DEHO_SHUTDOWN_DRAIN_SECONDS: '300' },
      signals,
    );
    const exited = runCli(['serve'], c.io);
    const status = (url: string) =>
      fetch(`http://127.0.0.1:${port}${url}`).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => undefined,
      );
    await until(async () => (await status('/readyz')) === 200);
    signals.emit('SIGINT');
    // The drain begins on the signal itself: the next probe already sees it.
    expect(await status('/readyz')).toBe(503);
    expect(await status('/')).toBe(200);
    expect(await status('/healthz')).toBe(200);
    signals.emit('SIGINT');
    expect(await exited).toBe(0);
    expect(await status('/healthz')).toBeUndefined();
  });
});
