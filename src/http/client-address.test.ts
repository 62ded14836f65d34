import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { ConfigError, loadConfig } from '../config.js';

/*
 * The client address behind proxies (issue 17, item 6). X-Forwarded-For is read from the right,
 * as proxy-addr does: an entry counts only while the hop that added it is trusted, so a client's
 * own first entry ("spoofed") is never taken behind one proxy that appends the real address.
 */

const SPOOFED = '198.51.100.7';
const REAL = '203.0.113.9';

async function withApp<T>(trust: string, run: (t: TestApp) => Promise<T>): Promise<T> {
  const t = await buildTestApp({
    demo: false,
    env: { DEHO_TRUST_PROXY: trust },
    extend: (app) => app.get('/__test/address', async (request) => ({ ip: request.ip })),
  });
  try {
    return await run(t);
  } finally {
    await t.close();
  }
}

async function addressSeen(t: TestApp, from: string, xff: string): Promise<string> {
  const res = await t.app.inject({
    url: '/__test/address',
    remoteAddress: from,
    headers: { 'x-forwarded-for': xff },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ ip: string }>().ip;
}

describe('DEHO_TRUST_PROXY', () => {
  it.each([
    ['0', '127.0.0.1', '127.0.0.1'],
    ['1', '127.0.0.1', REAL],
    ['true', '127.0.0.1', REAL],
    ['2', '127.0.0.1', SPOOFED],
    ['127.0.0.1', '127.0.0.1', REAL],
    ['loopback', '127.0.0.1', REAL],
    [`127.0.0.0/8, ${REAL.replace(/\.\d+$/, '.0')}/24`, '127.0.0.1', SPOOFED],
    ['10.0.0.0/8,::1', '127.0.0.1', '127.0.0.1'],
    ['10.0.0.0/8,::1', '10.1.2.3', REAL],
  ])(
    `with %j, a request from %s with X-Forwarded-For "${SPOOFED}, ${REAL}" is from %s`,
    async (trust, from, expected) => {
      await withApp(trust, async (t) => {
        expect(await addressSeen(t, from, `${SPOOFED}, ${REAL}`)).toBe(expected);
      });
    },
  );

  it('takes the address by the same rule on a listening server', async () => {
    await withApp('1', async (t) => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/__test/address`, {
        headers: { 'x-forwarded-for': `${SPOOFED}, ${REAL}` },
      });
      expect(await res.json()).toEqual({ ip: REAL });
    });
  });

  it.each([
    ['2', 2],
    ['16', 16],
    ['off', false],
    ['', false],
    [' 10.0.0.0/8 , fd00::/8,loopback ', ['10.0.0.0/8', 'fd00::/8', 'loopback']],
  ])('reads %j', (raw, expected) => {
    expect(loadConfig({ DEHO_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each(['17', 'maybe', '-1', '1.5', '10.0.0.0/33', '300.1.1.1', 'fd00::/129', '10.0.0.0/8/1'])(
    'refuses %j at start with a message naming the variable',
    (raw) => {
      expect(() => loadConfig({ DEHO_TRUST_PROXY: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ DEHO_TRUST_PROXY: raw })).toThrow(/^DEHO_TRUST_PROXY must be/);
    },
  );

  it('limits one client behind an appending proxy, whatever first entry it sends', async () => {
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const t = await buildTestApp({
      demo: false,
      now: () => new Date(now),
      env: { DEHO_TRUST_PROXY: '1' },
    });
    try {
      const article = await t.db
        .insertInto('articles')
        .values({
          slug: 'behind-a-proxy',
          title: 'Behind a proxy',
          status: 'published',
          published_at: '2020-01-01T00:00:00.000Z',
          comments_enabled: 1,
          created_at: '2020-01-01T00:00:00.000Z',
          updated_at: '2020-01-01T00:00:00.000Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const statuses: number[] = [];
      for (const first of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${article.id}/comments`,
          payload: { name: 'Proxy', comment: `from behind ${first}` },
          // The client wrote the first entry; nginx appended the address it saw.
          headers: { 'x-forwarded-for': `${first}, ${REAL}` },
          remoteAddress: '127.0.0.1',
        });
        statuses.push(res.statusCode);
        now += 300;
      }
      expect(statuses).toEqual([201, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
