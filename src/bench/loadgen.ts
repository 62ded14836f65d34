import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The bench's load generator: wrk (C, event loop per thread) in a process of its own, so that the
 * generator never shares a process or an event loop with the server it measures. autocannon in
 * the bench's own process made 6–8k req/s at most on two cores, which capped the "ceiling" row
 * (issue 24). A Lua script picks a path per request from a list, and prints the figures as JSON
 * when the run is done.
 */

export interface LoadOptions {
  /** http://host:port, no trailing slash. */
  base: string;
  /** Request paths; one is taken at random for each request when there are several. */
  paths: readonly string[];
  connections: number;
  seconds: number;
  /** wrk threads: the generator's capacity. */
  threads: number;
  headers?: Readonly<Record<string, string>>;
}

export interface LoadResult {
  requests: number;
  /** Requests per second over the run. */
  rps: number;
  /** Latency percentiles, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** Answers outside 2xx and 3xx. */
  non2xx: number;
  /** Connection, read, write errors and timeouts. */
  errors: number;
}

/** Whether wrk is on PATH (Debian: `apt-get install wrk`). */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

const DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nDEHO-RESULT {"requests":%d,"duration_us":%d,"p50":%f,"p95":%f,"p99":%f,"status":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
`;

// Each thread reads the list and seeds its own sequence, so threads do not request in step.
const PATHS = `
local counter = 1
function setup(thread)
  thread:set("seed", counter)
  counter = counter + 1
end
function init(args)
  paths = {}
  for line in io.lines(os.getenv("DEHO_LOAD_PATHS")) do paths[#paths + 1] = line end
  math.randomseed(os.time() * 1000 + seed)
end
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
`;

/** Parses the JSON line that the script's done() prints. */
export function parseWrkOutput(stdout: string): LoadResult {
  const line = stdout.split('\n').find((l) => l.startsWith('DEHO-RESULT '));
  if (line === undefined) throw new Error(`wrk printed no result:\n${stdout.slice(-2000)}`);
  const raw = JSON.parse(line.slice('DEHO-RESULT '.length)) as {
    requests: number;
    duration_us: number;
    p50: number;
    p95: number;
    p99: number;
    status: number;
    errors: number;
  };
  return {
    requests: raw.requests,
    rps: raw.requests / (raw.duration_us / 1e6),
    p50: raw.p50 / 1000,
    p95: raw.p95 / 1000,
    p99: raw.p99 / 1000,
    non2xx: raw.status,
    errors: raw.errors,
  };
}

/** Runs one load with wrk and returns its figures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.paths.length === 0) throw new Error('runLoad needs at least one path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-load-'));
  try {
    const script = path.join(dir, 'load.lua');
    const pathsFile = path.join(dir, 'paths.txt');
    const several = options.paths.length > 1;
    fs.writeFileSync(script, (several ? PATHS : '') + DONE);
    fs.writeFileSync(pathsFile, options.paths.join('\n') + '\n');
    const args = [
      `-t${options.threads}`,
      `-c${Math.max(options.connections, options.threads)}`,
      `-d${options.seconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      ...Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      // With one path the URL carries it; with several, request() picks one for each request.
      options.base + (several ? '/' : options.paths[0]),
    ];
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, {
        env: { ...process.env, DEHO_LOAD_PATHS: pathsFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${err}${out}`)),
      );
    });
    return parseWrkOutput(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
