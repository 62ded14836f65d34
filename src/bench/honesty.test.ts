import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test/helpers/poll.js';
import { checkGenerator, judgeGenerator } from './honesty.js';
import { runLoad, wrkAvailable } from './loadgen.js';

/*
 * The bench's own honesty checks. The generator check is tried on two real servers over real
 * sockets, measured in ticks of a clock the test advances (so nothing depends on how busy the
 * machine is): one server answers one request a tick, however many wait (the server is the
 * limit); the other answers at once while each client sends one request a tick (the generator
 * is the limit).
 */

const TICKS = 10;

const servers: http.Server[] = [];
const agents: http.Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer({ keepAlive: true }, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(loops: number): (url: string) => Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: loops });
  agents.push(agent);
  return (url) =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.once('end', resolve);
        })
        .once('error', reject);
    });
}

/** Clients that each send one request a tick to a server that answers at once. */
async function generatorBound(url: string, loops: number): Promise<number> {
  const get = client(loops);
  let done = 0;
  let waiting: (() => void)[] = [];
  let stopped = false;
  const clients = Array.from({ length: loops }, async () => {
    while (!stopped) {
      await get(url);
      done += 1;
      await new Promise<void>((tick) => waiting.push(tick));
    }
  });
  for (let t = 0; t < TICKS; t++) {
    await until(() => waiting.length === loops);
    if (t === TICKS - 1) stopped = true;
    const ticked = waiting;
    waiting = [];
    for (const tick of ticked) tick();
  }
  await Promise.all(clients);
  return done / TICKS;
}

/** Clients that send without pause to a server that answers one request a tick. */
async function serverBound(loops: number): Promise<number> {
  const queue: http.ServerResponse[] = [];
  const url = await listen((_req, res) => queue.push(res));
  const get = client(loops);
  let done = 0;
  let stopped = false;
  const clients = Array.from({ length: loops }, async () => {
    while (!stopped) {
      await get(url);
      done += 1;
    }
  });
  for (let t = 0; t < TICKS; t++) {
    await until(() => queue.length === loops);
    queue.shift()?.end('ok');
  }
  const measured = done;
  stopped = true;
  for (const res of queue.splice(0)) res.end('ok');
  await Promise.all(clients);
  return measured / TICKS;
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
    const check = await checkGenerator((capacity) => generatorBound(url, capacity), 2);
    expect(check.atCapacity).toBe(2);
    expect(check.atDoubleCapacity).toBe(4);
    expect(check.generatorBound).toBe(true);
  });

  it('passes when the server is the limit', async () => {
    const check = await checkGenerator((capacity) => serverBound(capacity), 2);
    expect(check.ratio).toBeLessThanOrEqual(1.1);
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
