import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { EMBED_ORIGINS, PERMISSIONS_POLICY } from './security-headers.js';

/*
 * Permissions-Policy on every kind of answer (issue 17, item 9), over a listening server so that
 * page-cache hits answered by the fast path are covered too.
 */

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await buildTestApp({ demo: false });
  fs.writeFileSync(path.join(t.config.dataDir, 'media', 'probe.txt'), 'probe');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
});

async function policyOf(
  url: string,
): Promise<{ status: number; policy: string | null; cache: string | null }> {
  const res = await fetch(base + url, { redirect: 'manual' });
  await res.arrayBuffer();
  return {
    status: res.status,
    policy: res.headers.get('permissions-policy'),
    cache: res.headers.get('x-cache'),
  };
}

describe('Permissions-Policy', () => {
  it('denies devices, sensors and payments, and lets only the video players autoplay', () => {
    for (const denied of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()'])
      expect(PERMISSIONS_POLICY).toContain(denied);
    expect(PERMISSIONS_POLICY).toMatch(/(^|, )autoplay=\(self "https:\/\/www\.youtube-nocookie/);
    for (const origin of EMBED_ORIGINS) expect(PERMISSIONS_POLICY).toContain(`"${origin}"`);
  });

  it.each([
    ['a reader page', '/'],
    ['a missing page', '/news/no-such-article'],
    ['the admin', '/admin'],
    ['the admin sign-in', '/admin/sign-in'],
    ['the Content API', '/api/content/v1/articles'],
    ['the Admin API, refused', '/api/admin/v1/articles'],
    ['an uploaded file', '/media/probe.txt'],
    ['a static asset', '/assets/site.css'],
  ])('is sent on %s (%s)', async (_what, url) => {
    const { status, policy } = await policyOf(url);
    expect(status).toBeLessThan(500);
    expect(policy).toBe(PERMISSIONS_POLICY);
  });

  it('is kept with a cached page and sent on its hits', async () => {
    await policyOf('/schedule');
    const hit = await policyOf('/schedule');
    expect(hit).toEqual({ status: 200, policy: PERMISSIONS_POLICY, cache: 'hit' });
  });
});
