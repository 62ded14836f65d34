import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the built server the way a user does (`node dist/cli.js serve`) on a free port of
 * 127.0.0.1 with a fresh data folder, for browser tests. `npm run build` must have run first.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = path.join(root, 'dist', 'cli.js');

const KILL_AFTER_MS = 5_000;
/** Environment variables of the test run that must not leak into the server. */
const DROPPED_ENV = ['DATABASE_URL', 'REDIS_URL', 'DEHO_BASE_URL', 'DEHO_TRUST_PROXY', 'DEHO_DEMO'];

export interface StartServerOptions {
  /** Extra or overriding environment variables for the server. */
  env?: Record<string, string>;
  /**
   * How long to wait for /healthz to answer 200. By default there is no limit but the test's
   * own: a loaded machine may take many seconds to start a server, and a start that fails ends
   * the wait at once with the server's output.
   */
  readyTimeoutMs?: number;
  /** The port to listen on (default: one the kernel picks). */
  port?: number;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The server's data folder (removed on stop unless DEHO_DATA_DIR was given). */
  dataDir: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Everything the server wrote to stdout (its log) so far. */
  stdout(): string;
  stop(): Promise<void>;
  /** Sends `signal` and returns at once (the process may go on running, e.g. while draining). */
  signal(signal: NodeJS.Signals): void;
  /** The exit code, or null while the process runs (or after it was ended by a signal). */
  exitCode(): number | null;
  /**
   * Sends `signal` (e.g. SIGKILL for a crash, SIGTERM for a shutdown) and waits for the exit.
   * The data folder is kept either way (pass DEHO_DATA_DIR to reuse it on a restart).
   */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port that was free a moment ago: the kernel's pick for a listener on port 0. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('Could not read the port of a probe listener'));
        return;
      }
      const { port } = address;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(entry)) {
    throw new Error(`${path.relative(root, entry)} is missing: run \`npm run build\` first.`);
  }
  const port = options.port ?? (await freePort());
  const ownDataDir = options.env?.DEHO_DATA_DIR === undefined;
  const dataDir = options.env?.DEHO_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'deho-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DEHO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Stopped at once (tests that need the drain before a shutdown set it themselves).
    DEHO_SHUTDOWN_DRAIN_SECONDS: '0',
    ...options.env,
  });

  const child = spawn(process.execPath, [entry, 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const url = `http://127.0.0.1:${port}`;
  const cleanup = () => {
    if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await exited(child);
      clearTimeout(timer);
    }
    cleanup();
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? Infinity;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const dead = spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
    if (!dead && (await healthy(url))) break;
    if (dead || Date.now() > deadline) {
      await stop();
      const why = spawnError
        ? `could not be started (${spawnError.message})`
        : dead
          ? `exited with ${child.exitCode ?? child.signalCode} before answering /healthz`
          : `did not answer 200 on ${url}/healthz within ${readyTimeoutMs / 1000} s`;
      const output = [
        stderr.trim() && `stderr:\n${stderr.trim()}`,
        stdout.trim() && `stdout:\n${stdout.trim()}`,
      ]
        .filter(Boolean)
        .join('\n');
      throw new Error(`The server (node dist/cli.js serve) ${why}.\n${output || '(no output)'}`);
    }
    await sleep(100);
  }

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited(child);
    }
    return { code: child.exitCode, signal: child.signalCode };
  };

  return {
    url,
    dataDir,
    stderr: () => stderr,
    stdout: () => stdout,
    stop,
    kill,
    signal: (signal) => void child.kill(signal),
    exitCode: () => child.exitCode,
  };
}
