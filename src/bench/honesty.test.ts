import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkGenerator, judgeGenerator } from './honesty.js';
import { runLoad, wrkAvailable } from './loadgen.js';

/*
 * The bench's own honesty checks. The generator check is tried on two real servers: one that is
 * the limit (it answers one request at a time, each after a pause) and one that is not (it answers
 * at once, while the generator pauses between requests, so the generator is the limit). Only
 * ratios are asserted: a busy machine slows both measurements of a pair alike.
 */

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer({ keepAlive: true }, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A generator of `loops` sequential clients, each pausing `thinkMs` between requests. */
async function requestsPerSecond(url: string, loops: number, thinkMs: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: loops });
  const until = performance.now() + 800;
  let done = 0;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.once('end', resolve);
        })
        .once('error', reject);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < until) {
        await get();
        done += 1;
        if (thinkMs > 0) await pause(thinkMs);
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}

describe('the generator check', () => {
  it('judges a pair of figures', () => {
    expect(judgeGenerator(10_000, 10_400).generatorBound).toBe(false);
    expect(judgeGenerator(10_000, 19_000).generatorBound).toBe(true);
    expect(judgeGenerator(10_000, 19_000).message).toMatch(
      /^WARNING: the load generator is the limit/,
    );
    expect(judgeGenerator(0, 5).generatorBound).toBe(true);
  });

  it('warns when the generator, not the server, is the limit', async () => {
    const url = await listen((_req, res) => res.end('ok'));
    const check = await checkGenerator((capacity) => requestsPerSecond(url, capacity, 25), 2);
    expect(check.ratio).toBeGreaterThan(1.3);
    expect(check.generatorBound).toBe(true);
  });

  it('passes when the server is the limit', async () => {
    let queue: Promise<unknown> = Promise.resolve();
    const url = await listen((_req, res) => {
      queue = queue.then(() => pause(25)).then(() => res.end('ok'));
    });
    const check = await checkGenerator((capacity) => requestsPerSecond(url, capacity, 0), 2);
    expect(check.generatorBound).toBe(false);
  });
});

describe.skipIf(!wrkAvailable())('wrk', () => {
  it('measures paths from a list and counts answers outside 2xx and 3xx', async () => {
    const seen = new Set<string>();
    const base = await listen((req, res) => {
      seen.add(req.url ?? '');
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    const result = await runLoad({
      base,
      paths: ['/a', '/b', '/missing'],
      connections: 4,
      seconds: 1,
      threads: 1,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect([...seen].sort()).toEqual(['/a', '/b', '/missing']);
    expect(result.non2xx).toBeGreaterThan(0);
    expect(result.non2xx).toBeLessThan(result.requests);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
  });
});
