import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetUrl } from '../../src/views/assets.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/* The stylesheet blocks the first paint: it travels compressed and is cached for a year. */

describe('static assets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the stylesheet compressed to a browser that accepts it, cached for a year', async () => {
    const plain = await t.app.inject(assetUrl('site.css'));
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const res = await t.app.inject({
      url: assetUrl('site.css'),
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    const css = zlib.brotliDecompressSync(res.rawPayload).toString('utf8');
    expect(css).toBe(plain.body);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
  });

  it('sends gzip to a browser without brotli, and still 404s a missing file', async () => {
    const res = await t.app.inject({
      url: assetUrl('site.css'),
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.rawPayload).length).toBeGreaterThan(1000);
    const missing = await t.app.inject({
      url: '/assets/no-such-file.css',
      headers: { 'accept-encoding': 'br' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
