import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { PageCache, preparePage } from './page-cache.js';

const page = (text: string, tags: string[], expiresAt?: number) =>
  preparePage(Buffer.from(text), 'text/html; charset=utf-8', tags, expiresAt);

describe('PageCache', () => {
  it('stores compressed bodies that decompress to the page, with a stable ETag', () => {
    const cache = new PageCache(1_000_000);
    const p = page('<p>hello</p>'.repeat(100), ['article:1']);
    cache.set('/a', p);
    const before = cache.stats().bytes;
    const gzip = cache.encoded(p, 'gzip');
    expect(zlib.gunzipSync(gzip).toString()).toBe('<p>hello</p>'.repeat(100));
    expect(zlib.brotliDecompressSync(cache.encoded(p, 'br')).toString()).toBe(
      '<p>hello</p>'.repeat(100),
    );
    expect(cache.encoded(p, 'gzip')).toBe(gzip);
    expect(cache.stats().bytes).toBeGreaterThan(before);
    cache.invalidate(['article:1']);
    expect(cache.stats().bytes).toBe(0);
    expect(p.etag).toBe(page('<p>hello</p>'.repeat(100), []).etag);
    expect(p.etag).not.toBe(page('<p>hello!</p>', []).etag);
  });

  it('drops exactly the pages carrying an invalidated tag', () => {
    const cache = new PageCache(1_000_000);
    cache.set('/news/a', page('a', ['article:1', 'person:7']));
    cache.set('/news/b', page('b', ['article:2']));
    cache.set('/', page('home', ['lists', 'article:1', 'article:2']));
    expect(cache.invalidate(['person:7'])).toBe(1);
    expect(cache.get('/news/a')).toBeUndefined();
    expect(cache.get('/news/b')?.body.toString()).toBe('b');
    expect(cache.invalidate(['article:2'])).toBe(2);
    expect(cache.stats().pages).toBe(0);
    expect(cache.stats().bytes).toBe(0);
  });

  it('evicts the least recently used pages to stay within its byte budget', () => {
    const sizer = new PageCache(1_000_000);
    sizer.set('/1', page('x'.repeat(1000), ['t']));
    const budget = sizer.stats().bytes * 2;
    const cache = new PageCache(budget);
    cache.set('/1', page('x'.repeat(1000), ['t']));
    cache.set('/2', page('x'.repeat(1000), ['t']));
    cache.get('/1');
    cache.set('/3', page('x'.repeat(1000), ['t']));
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')).toBeDefined();
    expect(cache.get('/3')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(budget);
    expect(cache.invalidate(['t'])).toBe(2);
  });

  it('counts what a page keeps besides its body against the budget', () => {
    const cache = new PageCache(1_000_000);
    cache.set('/plain', page('x'.repeat(1000), ['t']));
    const plain = cache.stats().bytes;
    expect(plain).toBeGreaterThan(1000);
    const tags = Array.from({ length: 40 }, (_, i) => `article:${100_000 + i}`);
    const headers = { 'content-security-policy': 'x'.repeat(600) };
    cache.set(
      '/busy',
      preparePage(Buffer.from('x'.repeat(1000)), 'text/html', tags, undefined, headers),
    );
    // Forty tags and a long header take more than the body itself.
    expect(cache.stats().bytes - plain).toBeGreaterThan(plain + 1000);
    cache.invalidate(['article:100000']);
    expect(cache.stats().bytes).toBe(plain);
  });

  it('treats a page past its expiry as absent', () => {
    let now = 1000;
    const cache = new PageCache(1_000_000, () => now);
    cache.set('/schedule', page('s', ['schedule'], 2000));
    expect(cache.get('/schedule')).toBeDefined();
    now = 2000;
    expect(cache.get('/schedule')).toBeUndefined();
    expect(cache.stats().pages).toBe(0);
  });
});
