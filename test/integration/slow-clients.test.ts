import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

/*
 * Slow clients against listening apps with short limits (the defaults are 10 s for the head,
 * 30 s for the whole request): a slowloris client that trickles header bytes, one that trickles
 * a body, and one that sends nothing are cut off, while normal requests keep being answered.
 *
 * Nothing here is timed (how soon a client is cut is the limits' business, and a loaded machine
 * runs late): which limit cut a client is told apart by giving the other one no chance. The
 * clients that never finish their head meet an app whose request limit is 10 minutes, far past
 * this test's own timeout, so only the head limit can have closed them; the body trickler meets
 * an app whose request limit is 2 s.
 */

const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
/** Longer than any test may run: a request limit that never fires here. */
const NEVER_MS = 600_000;

/** An app listening on 127.0.0.1 with these limits; `port` is where. */
async function listening(headersMs: number, requestMs: number) {
  const t = await buildTestApp({
    env: {
      DEHO_HEADERS_TIMEOUT_MS: String(headersMs),
      DEHO_REQUEST_TIMEOUT_MS: String(requestMs),
      DEHO_KEEP_ALIVE_TIMEOUT_MS: '1000',
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { t, port: (t.app.server.address() as AddressInfo).port };
}

let headLimited: Awaited<ReturnType<typeof listening>>;
let requestLimited: Awaited<ReturnType<typeof listening>>;

beforeAll(async () => {
  headLimited = await listening(HEADERS_MS, NEVER_MS);
  requestLimited = await listening(HEADERS_MS, REQUEST_MS);
});

afterAll(async () => {
  await headLimited?.t.close();
  await requestLimited?.t.close();
});

interface SlowClient {
  /** Resolves with what the server wrote, once the connection is closed. */
  closed: Promise<{ received: string }>;
  /** Whether the connection is still open. */
  open(): boolean;
  stop(): void;
}

/** Opens a connection to `port`, writes `head`, then one more byte of `drip` every `everyMs`. */
function slowClient(port: number, head: string, drip: string, everyMs: number): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let i = 0;
  let open = true;
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
  const closed = new Promise<{ received: string }>((resolve) => {
    socket.on('close', () => {
      open = false;
      clearInterval(timer);
      resolve({ received });
    });
  });
  return {
    closed,
    open: () => open,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

async function normalRequest(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  await response.arrayBuffer();
  return response.status;
}

/**
 * Sends normal requests one after another until every client has been closed by the server,
 * and checks that none of them was ever served a page. @returns the normal requests' statuses
 */
async function servedUntilAllCut(port: number, clients: SlowClient[]): Promise<number[]> {
  const statuses: number[] = [];
  const allClosed = Promise.all(clients.map((client) => client.closed));
  try {
    // At least one normal request is answered while slow clients hang on.
    do statuses.push(await normalRequest(port));
    while (clients.some((client) => client.open()));
    for (const [index, result] of (await allClosed).entries()) {
      expect(result.received, `client ${index}`).not.toMatch(/^HTTP\/1\.1 200/);
    }
  } finally {
    for (const client of clients) client.stop();
  }
  return statuses;
}

describe('slow clients', () => {
  it('cuts off slowloris clients (head trickled, nothing sent) by the head limit while serving others', async () => {
    const { port } = headLimited;
    const clients = [
      // Slowloris: a valid start, then one header byte at a time, never the blank line.
      ...Array.from({ length: 20 }, () =>
        slowClient(port, 'GET / HTTP/1.1\r\nHost: localhost\r\n', 'X-a: b\r\n', 250),
      ),
      // The same at one byte per second (the classic pace).
      slowClient(port, 'GET / HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: 1\r\n', 1_000),
      // Connects and says nothing.
      slowClient(port, '', '', 0),
    ];
    // Every one closed, though the request limit is 10 minutes away: the head limit did it.
    const statuses = await servedUntilAllCut(port, clients);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    // And the server still answers afterwards.
    expect(await normalRequest(port)).toBe(200);
  });

  it('cuts off clients that trickle a body by the request limit while serving others', async () => {
    const { port } = requestLimited;
    // A body announced at 10 kB and sent a byte at a time: the head came whole and in time.
    const clients = Array.from({ length: 5 }, () =>
      slowClient(
        port,
        'POST /api/content/v1/articles/1/comments HTTP/1.1\r\nHost: localhost\r\n' +
          'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"name":"',
        'a',
        100,
      ),
    );
    const statuses = await servedUntilAllCut(port, clients);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await normalRequest(port)).toBe(200);
  });

  it('answers 414 to an absurdly long URL and 400 to JSON nested too deep', async () => {
    const { port } = requestLimited;
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
