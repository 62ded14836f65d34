import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { until } from '../../../test/helpers/poll.js';
import { createApiKey } from '../auth/index.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, verifySignature } from './webhook.service.js';
import { deliverDueWebhooks } from './webhook.worker.js';

/** One request as the test receiver saw it. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that answers each path from a script of status codes. */
async function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const script = scripts.get(path) ?? [];
      const status = script.length > 1 ? (script.shift() ?? 200) : (script[0] ?? 200);
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status < 300 ? 'ok' : `nope ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Answers for `path`, in order; the last one repeats. */
    script: (path: string, statuses: number[]) => scripts.set(path, [...statuses]),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface ApiDelivery {
  id: number;
  uuid: string;
  event: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  attempts: {
    attempt: number;
    status_code: number | null;
    error: string | null;
    started_at: string;
  }[];
}

describe('webhooks against a real local receiver', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let key: string;
  let now = new Date('2026-03-01T12:00:00.000Z');
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await buildTestApp({
      demo: false,
      now: () => now,
      env: { DEHO_OUTBOUND_ALLOW: '127.0.0.1' },
    });
    key = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload }),
    });

  /** Runs the deliveries that are due (the app's own worker may take some) and waits until none is in flight. */
  const settle = async () => {
    await deliverDueWebhooks({ db: t.db, clock: t.clock, outboundAllow: ['127.0.0.1'] });
    await until(async () => {
      const busy = await t.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'delivering')
        .execute();
      return busy.length === 0;
    });
  };

  const createHook = async (path: string, events: string[]) => {
    const res = await api('POST', '/webhooks', {
      webhook: { name: path, url: receiver.url + path, events },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ webhook: { id: number; secret: string; events: string[] } }>().webhook;
  };

  it('signs each delivery with HMAC-SHA256 over timestamp and body, verified by the receiver', async () => {
    const hook = await createHook('/ok', ['article.published', 'article.updated']);
    expect(hook.secret).toMatch(/^whsec_/);
    const shown = await api('GET', `/webhooks/${hook.id}`);
    expect(shown.json<{ webhook: Record<string, unknown> }>().webhook).not.toHaveProperty('secret');

    const created = await api('POST', '/articles', {
      article: { title: 'Lee Jae-wook returns', html: '<p>Hi</p>', status: 'published' },
    });
    expect(created.statusCode).toBe(201);
    await settle();

    const got = receiver.received.filter((r) => r.path === '/ok');
    expect(got).toHaveLength(1);
    const [request] = got;
    if (request === undefined) throw new Error('no request');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['deho-event']).toBe('article.published');
    const header = String(request.headers['deho-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // The receiver's own check, with node:crypto only.
    const [, t0, mac] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(header) ?? [];
    const expected = crypto
      .createHmac('sha256', hook.secret)
      .update(`${t0}.${request.body}`)
      .digest('hex');
    expect(
      crypto.timingSafeEqual(Buffer.from(mac ?? '', 'hex'), Buffer.from(expected, 'hex')),
    ).toBe(true);
    expect(Number(t0)).toBe(Math.floor(now.getTime() / 1000));
    expect(verifySignature(hook.secret, header, request.body, Number(t0))).toBe(true);
    expect(verifySignature(hook.secret, header, request.body + ' ', Number(t0))).toBe(false);
    expect(verifySignature('whsec_other', header, request.body, Number(t0))).toBe(false);
    expect(verifySignature(hook.secret, header, request.body, Number(t0) + 3600)).toBe(false);

    const body = JSON.parse(request.body) as {
      id: string;
      event: string;
      data: { article: { title: string; status: string } };
    };
    expect(body).toMatchObject({
      id: request.headers['deho-delivery'],
      event: 'article.published',
      data: { article: { title: 'Lee Jae-wook returns', status: 'published' } },
    });

    // Unpublishing, updating and deleting each report once, to subscribers of that event only.
    const id = created.json<{ article: { id: number } }>().article.id;
    await api('PATCH', `/articles/${id}`, { article: { dek: 'New dek' } });
    await api('PATCH', `/articles/${id}`, { article: { status: 'draft' } });
    await settle();
    expect(
      receiver.received.filter((r) => r.path === '/ok').map((r) => r.headers['deho-event']),
    ).toEqual(['article.published', 'article.updated']);
  });

  it('retries a failing receiver with exponential backoff, and the log shows every attempt', async () => {
    receiver.script('/flaky', [500, 503, 200]);
    const hook = await createHook('/flaky', ['article.published']);
    await api('POST', '/articles', {
      article: { title: 'Flaky news', html: '<p>x</p>', status: 'published' },
    });

    await settle();
    const flaky = () => receiver.received.filter((r) => r.path === '/flaky');
    expect(flaky()).toHaveLength(1);

    // Not due yet: nothing is sent before the backoff has passed.
    advance(backoffDelay(1) - 1_000);
    await settle();
    expect(flaky()).toHaveLength(1);

    advance(1_000);
    await settle();
    expect(flaky()).toHaveLength(2);
    advance(backoffDelay(2));
    await settle();
    expect(flaky()).toHaveLength(3);
    // The same delivery each time: same id, fresh signature.
    expect(new Set(flaky().map((r) => r.headers['deho-delivery'])).size).toBe(1);

    const log = await api('GET', `/webhooks/${hook.id}/deliveries`);
    expect(log.statusCode).toBe(200);
    const [delivery] = log.json<{ webhook_deliveries: ApiDelivery[] }>().webhook_deliveries;
    expect(delivery).toMatchObject({
      event: 'article.published',
      status: 'succeeded',
      attempt_count: 3,
    });
    expect(delivery?.attempts.map((a) => a.status_code)).toEqual([500, 503, 200]);
    expect(delivery?.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const started = delivery?.attempts.map((a) => Date.parse(a.started_at)) ?? [];
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBe(backoffDelay(1));
    expect((started[2] ?? 0) - (started[1] ?? 0)).toBe(backoffDelay(2));
    expect(backoffDelay(2)).toBe(2 * backoffDelay(1));
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    receiver.script('/down', [500]);
    const hook = await createHook('/down', ['article.published']);
    await api('POST', '/articles', {
      article: { title: 'Nobody home', html: '<p>x</p>', status: 'published' },
    });
    for (let attempt = 1; attempt <= DEFAULT_RETRY_POLICY.maxAttempts + 1; attempt++) {
      await settle();
      advance(backoffDelay(attempt));
    }
    await settle();
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(
      DEFAULT_RETRY_POLICY.maxAttempts,
    );
    const log = await api('GET', `/webhooks/${hook.id}/deliveries?status=failed`);
    const [delivery] = log.json<{ webhook_deliveries: ApiDelivery[] }>().webhook_deliveries;
    expect(delivery).toMatchObject({
      status: 'failed',
      attempt_count: DEFAULT_RETRY_POLICY.maxAttempts,
    });
    expect(delivery?.attempts.every((a) => a.status_code === 500 && a.error !== null)).toBe(true);
    const shown = await api('GET', `/webhooks/${hook.id}`);
    expect(shown.json()).toMatchObject({ webhook: { last_status: 'failed' } });
    // A manual redelivery queues it again.
    receiver.script('/down', [200]);
    const again = await api('POST', `/webhooks/${hook.id}/deliveries/${delivery?.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    await settle();
    const after = await api('GET', `/webhooks/${hook.id}/deliveries`);
    expect(after.json<{ webhook_deliveries: ApiDelivery[] }>().webhook_deliveries[0]?.status).toBe(
      'succeeded',
    );
  });

  it('delivers each event once even when several workers run at the same time', async () => {
    const hook = await createHook('/once', ['article.published']);
    for (let i = 0; i < 6; i++) {
      await api('POST', '/articles', {
        article: { title: `Burst ${i}`, html: '<p>x</p>', status: 'published' },
      });
    }
    const deps = { db: t.db, clock: t.clock, outboundAllow: ['127.0.0.1'] };
    await Promise.all([
      deliverDueWebhooks(deps),
      deliverDueWebhooks(deps),
      deliverDueWebhooks(deps),
    ]);
    await settle();
    const once = receiver.received.filter((r) => r.path === '/once');
    expect(once).toHaveLength(6);
    expect(new Set(once.map((r) => r.headers['deho-delivery'])).size).toBe(6);
    await api('DELETE', `/webhooks/${hook.id}`);
  });

  it('pings on request and refuses private targets, unknown events and bad ids', async () => {
    const hook = await createHook('/ping', ['comment.created']);
    const ping = await api('POST', `/webhooks/${hook.id}/ping`);
    expect(ping.statusCode).toBe(202);
    await settle();
    expect(
      receiver.received.filter((r) => r.path === '/ping').map((r) => r.headers['deho-event']),
    ).toEqual(['ping']);

    for (const url of [
      'http://169.254.169.254/latest',
      'http://10.0.0.5/hook',
      'http://[::1]/x',
      'ftp://example.com/',
    ]) {
      const res = await api('POST', '/webhooks', {
        webhook: { url, events: ['article.published'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed', property: 'url' } });
    }
    const badEvent = await api('POST', '/webhooks', {
      webhook: { url: 'https://example.com/h', events: ['article.exploded'] },
    });
    expect(badEvent.statusCode).toBe(400);
    expect((await api('GET', '/webhooks/abc')).statusCode).toBe(400);
    expect((await api('GET', '/webhooks/999999')).statusCode).toBe(404);
    const list = await api('GET', '/webhooks');
    expect(list.json<{ webhooks: { id: number }[] }>().webhooks.map((w) => w.id)).toContain(
      hook.id,
    );
    expect((await api('DELETE', `/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/webhooks/${hook.id}`)).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    const editor = (await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' })).key;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/v1/webhooks',
      headers: { authorization: `Bearer ${editor}` },
    });
    expect(res.statusCode).toBe(403);
  });
});
