import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/poll.js';
import { freePort } from '../helpers/server.js';

/*
 * Ten `npm start` at once from one checkout, as a systemd template or a process manager starts
 * instances: each must serve, and the program they share must stay whole. The checkout is a
 * fresh copy of the sources (no dist/, as a newcomer has it after `npm install`) sharing this
 * one's node_modules, so the test never touches the worktree's own build.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTANCES = 10;
/** The build's last line of dist/deho.cjs (scripts/build.mjs, src/launcher.ts). */
const STAMP = '\n// deho-bundle ';

interface Instance {
  url: string;
  child: ChildProcess;
  output(): string;
}

let checkout: string;
const instances: Instance[] = [];

function copyCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-starts-'));
  for (const entry of ['src', 'scripts', 'public', 'bin', 'package.json', 'package-lock.json']) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(checkout, 'data-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'DEHO_BASE_URL', 'DEHO_DEMO']) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DEHO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEHO_SHUTDOWN_DRAIN_SECONDS: '0',
  });
  // detached: npm runs the server as its child; stopping the group stops both.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: checkout,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

async function healthz(instance: Instance): Promise<number | undefined> {
  try {
    const response = await fetch(`${instance.url}/healthz`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function stop(instance: Instance): Promise<void> {
  if (!running(instance.child) || instance.child.pid === undefined) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  process.kill(-instance.child.pid, 'SIGTERM');
  await exited;
}

/** Waits until the instance answers /healthz, failing with its output if it exits first. */
async function serving(instance: Instance): Promise<void> {
  await until(async () => {
    if (!running(instance.child)) {
      throw new Error(`npm start exited with ${instance.child.exitCode}:\n${instance.output()}`);
    }
    return (await healthz(instance)) === 200;
  });
}

function bundleIsWhole(bundle: string): boolean {
  const text = fs.readFileSync(bundle, 'utf8');
  const at = text.lastIndexOf(STAMP);
  if (at === -1) return false;
  const stamp = text.slice(at + STAMP.length).trim();
  return crypto.createHash('sha256').update(text.slice(0, at)).digest('hex') === stamp;
}

describe('ten starts at once from one checkout', () => {
  beforeAll(() => {
    checkout = copyCheckout();
  });

  afterAll(async () => {
    await Promise.all(instances.map(stop));
    fs.rmSync(checkout, { recursive: true, force: true });
  });

  it('all serve /healthz and leave the program whole; a start on a current build writes nothing', async () => {
    instances.push(...(await Promise.all(Array.from({ length: INSTANCES }, startInstance))));
    await Promise.all(instances.map(serving));
    for (const instance of instances) expect(await healthz(instance)).toBe(200);

    const bundle = path.join(checkout, 'dist', 'deho.cjs');
    expect(bundleIsWhole(bundle)).toBe(true);
    // No temporary file of a build is left behind next to the program.
    expect(
      fs.readdirSync(path.join(checkout, 'dist')).filter((name) => name.includes('.tmp')),
    ).toEqual([]);

    // The build is current now: one more start serves from the same files, untouched.
    const before = fs.statSync(bundle);
    const late = await startInstance();
    instances.push(late);
    await serving(late);
    const after = fs.statSync(bundle);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(bundleIsWhole(bundle)).toBe(true);
  }, 300_000);
});
