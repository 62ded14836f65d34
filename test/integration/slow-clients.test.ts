import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/*
 * Slow clients against a listening app with short limits (the defaults are 10 s for the head,
 * 30 s for the whole request): a slowloris client that trickles header bytes, one that trickles
 * a body, and one that sends nothing are cut off, while normal requests keep being answered.
 */

const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await buildTestApp({
    env: {
      DEHO_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      DEHO_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
      DEHO_KEEP_ALIVE_TIMEOUT_MS: '1000',
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await t?.close();
});

interface SlowClient {
  /** Resolves with how long the connection lived and what the server wrote, once it is closed. */
  closed: Promise<{ ms: number; received: string }>;
  stop(): void;
}

/** Opens a connection, writes `head`, then one more byte of `drip` every `everyMs`. */
function slowClient(head: string, drip: string, everyMs: number): SlowClient {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    if (head !== '') socket.write(head);
    if (drip === '') return;
    timer = setInterval(() => {
      if (socket.destroyed || !socket.writable) return;
      socket.write(drip[i % drip.length] ?? 'x');
      i += 1;
    }, everyMs);
  });
  const closed = new Promise<{ ms: number; received: string }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, received });
    });
  });
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

async function normalRequest(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(2_000),
  });
  await response.arrayBuffer();
  return response.status;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('slow clients', () => {
  it('cuts off slowloris clients (head trickled, body trickled, nothing sent) while serving others', async () => {
    const clients = [
      // Slowloris: a valid start, then one header byte at a time, never the blank line.
      ...Array.from({ length: 20 }, () =>
        slowClient('GET / HTTP/1.1\r\nHost: localhost\r\n', 'X-a: b\r\n', 250),
      ),
      // The same at one byte per second (the classic pace).
      slowClient('GET / HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: 1\r\n', 1_000),
      // A body announced at 10 kB and sent a byte at a time.
      ...Array.from({ length: 5 }, () =>
        slowClient(
          'POST /api/content/v1/articles/1/comments HTTP/1.1\r\nHost: localhost\r\n' +
            'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"name":"',
          'a',
          100,
        ),
      ),
      // Connects and says nothing.
      slowClient('', '', 0),
    ];

    // Normal requests keep being answered while the slow clients hang on.
    const statuses: number[] = [];
    const until = Date.now() + REQUEST_MS + 500;
    while (Date.now() < until) {
      statuses.push(await normalRequest());
      await sleep(100);
    }
    expect(statuses.length).toBeGreaterThan(10);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const deadline = sleep(REQUEST_MS * 3).then(() => 'still open' as const);
    const results = await Promise.all(
      clients.map((client) => Promise.race([client.closed, deadline])),
    );
    for (const client of clients) client.stop();
    for (const [index, result] of results.entries()) {
      expect(result, `client ${index}`).not.toBe('still open');
      if (result === 'still open') continue;
      // Cut off by the request timeout at the latest (plus the sweep interval and CI slack).
      expect(result.ms, `client ${index}`).toBeLessThan(REQUEST_MS + 2_000);
      // None of them was ever served a page.
      expect(result.received, `client ${index}`).not.toMatch(/^HTTP\/1\.1 200/);
    }
    // The slowloris clients are cut at the head timeout, well before the request timeout.
    for (const result of results.slice(0, 20)) {
      if (result !== 'still open') expect(result.ms).toBeLessThan(HEADERS_MS + 1_500);
    }

    // And the server still answers afterwards.
    expect(await normalRequest()).toBe(200);
  });

  it('answers 414 to an absurdly long URL and 400 to JSON nested too deep', async () => {
    const long = await fetch(`http://127.0.0.1:${port}/news/${'a'.repeat(10_000)}`);
    expect(long.status).toBe(414);
    await long.arrayBuffer();

    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const nested = await fetch(`http://127.0.0.1:${port}/api/content/v1/articles/1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"a","comment":${deep}}`,
    });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { error: { code: string } }).error.code).toBe('invalid_json');

    // Prototype poisoning is still refused by the parser behind the depth check.
    const poisoned = await fetch(`http://127.0.0.1:${port}/api/content/v1/articles/1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"a","comment":"b","__proto__":{"x":1}}',
    });
    expect(poisoned.status).toBe(400);
    await poisoned.arrayBuffer();
  });
});
