import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { until } from './poll.js';

/*
 * A real S3-compatible server for the s3 media store: s3rver (pure JavaScript, a devDependency)
 * run as a process of its own, its objects in a temporary folder. Ports come from
 * DEHO_TEST_S3_PORTS (default 4200-4299), so that machines shared by several test runs can
 * give each run a range of its own.
 */

export const S3_TEST_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Server {
  endpoint: string;
  /** The environment of a Deho using `bucket` on this server. */
  env(bucket: string): Record<string, string>;
  stop(): Promise<void>;
}

function portRange(): number[] {
  const raw = process.env.DEHO_TEST_S3_PORTS ?? '4200-4299';
  const match = /^(\d+)-(\d+)$/.exec(raw);
  if (match === null)
    throw new Error(`DEHO_TEST_S3_PORTS must be a range such as 4200-4299, not "${raw}".`);
  const ports: number[] = [];
  for (let port = Number(match[1]); port <= Number(match[2]); port++) ports.push(port);
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts s3rver with `buckets` created, and waits until it answers. */
export async function startS3rver(buckets: readonly string[]): Promise<S3Server> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-s3rver-'));
  for (const port of portRange()) {
    if (!(await isFree(port))) continue;
    const args = [
      bin,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--directory',
      dir,
      '--silent',
    ];
    for (const bucket of buckets) args.push('--configure-bucket', bucket);
    const child: ChildProcess = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let exited = false;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', () => (exited = true));
    const endpoint = `http://127.0.0.1:${port}`;
    let answered = false;
    await until(async () => {
      if (exited) return true;
      answered = await fetch(endpoint).then(
        () => true,
        () => false,
      );
      return answered;
    });
    if (!answered) {
      // Taken between the probe and the start: try the next port.
      if (stderr.includes('EADDRINUSE')) continue;
      throw new Error(`s3rver did not start: ${stderr}`);
    }
    return {
      endpoint,
      env: (bucket) => ({
        DEHO_S3_ENDPOINT: endpoint,
        DEHO_S3_BUCKET: bucket,
        DEHO_S3_ACCESS_KEY_ID: S3_TEST_KEYS.accessKeyId,
        DEHO_S3_SECRET_ACCESS_KEY: S3_TEST_KEYS.secretAccessKey,
      }),
      stop: async () => {
        if (!exited) {
          const gone = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await gone;
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw new Error('No free port for s3rver in DEHO_TEST_S3_PORTS.');
}
