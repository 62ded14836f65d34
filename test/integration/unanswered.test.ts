import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { imageWork } from '../../src/features/media/media.images.js';
import { BASE, multipart, png, staffHeaders } from '../../src/features/media/media.test-support.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { until } from '../helpers/poll.js';

/*
 * An answer for every request (issue 17, item 8), on a listening server: a handler that stalls
 * past the request timeout, and a request that arrives while the server shuts down, both get a
 * 503 with Retry-After, as an HTML page on reader and admin pages and as JSON under /api.
 * The stalls are promises the test resolves; nothing waits a fixed time.
 */

/** Short, so that a stalled handler is given up on soon; the shutdown cases use a long one. */
const STALL_TIMEOUT_MS = 1_000;
const LONG_TIMEOUT_MS = 60_000;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the HTTP/1.1 answers in `text` (Content-Length bodies only, as Deho sends here). */
function parseAnswers(text: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(end + 4), 'utf8').subarray(0, length);
    const body = bodyBytes.toString('utf8');
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(end + 4 + body.length);
  }
  return answers;
}

/** A raw connection that collects everything the server writes until it closes. */
function connect(port: number): { socket: net.Socket; closed: Promise<RawAnswer[]> } {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<RawAnswer[]>((resolve) =>
    socket.on('close', () => resolve(parseAnswers(received))),
  );
  return { socket, closed };
}

const get = (url: string) =>
  `GET ${url} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`;

let t: TestApp | undefined;
let release: Deferred;
let entered: Deferred;
let closing: Deferred;

async function start(requestMs: number): Promise<number> {
  release = deferred();
  entered = deferred();
  closing = deferred();
  t = await buildTestApp({
    demo: false,
    env: {
      DEHO_REQUEST_TIMEOUT_MS: String(requestMs),
      DEHO_HEADERS_TIMEOUT_MS: String(requestMs),
    },
    extend: (app) => {
      const stall = async () => {
        entered.resolve();
        await release.promise;
        return { late: true };
      };
      app.get('/__test/stall', stall);
      app.get('/admin/__test/stall', stall);
      app.get('/api/content/v1/__test/stall', stall);
      app.addHook('preClose', async () => closing.resolve());
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return (t.app.server.address() as AddressInfo).port;
}

afterEach(async () => {
  release.resolve();
  await t?.close();
  t = undefined;
});

function expectUnavailable(answer: RawAnswer | undefined, format: 'html' | 'json'): void {
  expect(answer?.status).toBe(503);
  expect(answer?.headers['retry-after']).toMatch(/^\d+$/);
  expect(answer?.headers['cache-control']).toBe('no-store');
  if (format === 'json') {
    expect(answer?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ error: { code: 'unavailable' } });
  } else {
    expect(answer?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer?.body).toMatch(/^<!DOCTYPE html>/i);
    expect(answer?.body).toContain('Temporarily unavailable');
  }
}

describe('an answer for every request', () => {
  it.each([
    ['a reader page', '/__test/stall', 'html'],
    ['the admin', '/admin/__test/stall', 'html'],
    ['the API', '/api/content/v1/__test/stall', 'json'],
  ] as const)(
    'answers 503 with Retry-After when a handler on %s stalls past the request timeout',
    async (_area, url, format) => {
      const port = await start(STALL_TIMEOUT_MS);
      const client = connect(port);
      client.socket.write(get(url));
      const answers = await client.closed;
      expect(answers).toHaveLength(1);
      expectUnavailable(answers[0], format);
      expect(answers[0]?.headers.connection).toBe('close');
    },
  );

  it.each([
    ['a reader page', '/', 'html'],
    ['the API', '/api/content/v1/articles', 'json'],
  ] as const)(
    'answers 503 with Retry-After to a request for %s arriving while the server shuts down',
    async (_area, url, format) => {
      const port = await start(LONG_TIMEOUT_MS);
      // A keep-alive connection busy with a request keeps the closing server from dropping it.
      const client = connect(port);
      client.socket.write(get('/api/content/v1/__test/stall'));
      await entered.promise;
      const closed = t?.close();
      await closing.promise;
      const arrived = new Promise((resolve) => t?.app.server.once('request', resolve));
      client.socket.write(get(url));
      await arrived;
      release.resolve();
      const answers = await client.closed;
      await closed;
      t = undefined;
      expect(answers.map((a) => a.status)).toEqual([200, 503]);
      expectUnavailable(answers[1], format);
    },
  );
});

describe('work given up with its request', () => {
  it('stores nothing for an upload answered 503 while it waited for the image queue', async () => {
    const port = await start(STALL_TIMEOUT_MS);
    const app = t as TestApp;
    const { admin } = await staffHeaders(app);
    const before = imageWork.stats();
    // The queue's one slot is taken, so the upload waits there past the request timeout.
    const held = deferred();
    const occupying = imageWork.run(() => held.promise);
    const upload = multipart({ name: 'late.png', type: 'image/png', bytes: await png(64, 48) });
    const res = await fetch(`http://127.0.0.1:${port}${BASE}/media`, {
      method: 'POST',
      headers: { ...admin, ...upload.headers },
      body: new Uint8Array(upload.payload),
    });
    expect(res.status).toBe(503);
    held.resolve();
    await occupying;
    const stored = async () => (await app.db.selectFrom('media').select('id').execute()).length;
    await until(async () => imageWork.stats().dropped > before.dropped || (await stored()) > 0);
    expect(await stored()).toBe(0);
    expect(imageWork.stats().dropped).toBe(before.dropped + 1);
  });
});
