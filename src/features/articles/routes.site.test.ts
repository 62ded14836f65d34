import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

const BTS = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

describe('reader pages of the demo site', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('publishes the behind-the-scenes article with every part of the seed page', async () => {
    const res = await t.app.inject(BTS);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain(
      '<h1 id="article-title">Watch: Lee Jae-wook and Go Yoon-jung trade jokes',
    );
    expect(html).toContain('class="dek"');
    expect(html).toContain('By <a href="/authors/han-da-eun" rel="author">Han Da-eun</a>');
    expect(html).toContain('Dan Gu [Yoo In-soo]');
    expect(html).toContain('even if you hold a fan meeting in Malaysia');
    expect(html).toContain('an unplanned exposure');
    expect(html).toContain(
      '<time dateTime="2023-01-07T12:10:00Z">'.replace('dateTime', 'datetime'),
    );
    expect(html).toMatch(/Saturday 7 January 2023, 21:10 KST/);
    expect(html).toContain(
      'data-video-facade="https://www.youtube-nocookie.com/embed/aoS2btsKiss?autoplay=1"',
    );
    expect(html).toContain('href="/tags/behind-the-scenes"');
    expect(html).toContain('href="/people/lee-jae-wook"');
    expect(html).toContain('href="/shows/alchemy-of-souls"');
    expect(html).toContain('Related news');
    // No request to another origin before a click: no third-party src/href loads on the page.
    expect(html).not.toMatch(
      /<(?:script|img|iframe|link)[^>]+(?:src|href)="https?:\/\/(?!deho\.test)/,
    );
  });

  it('lists the latest articles on the front page with images, deks and comment counts', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Latest news');
    expect(res.body).toContain(`href="${BTS}"`);
    expect(res.body).toContain('3 comments');
    expect(res.body.match(/class="card"/g)?.length).toBeGreaterThanOrEqual(6);
    expect(res.body).toContain('class="card__image"');
  });

  it('shows tag pages and answers unknown or malformed addresses with a readable 404', async () => {
    const tag = await t.app.inject('/tags/alchemy-of-souls');
    expect(tag.statusCode).toBe(200);
    expect(tag.body).toContain('<h1 id="tag-heading">Alchemy of Souls</h1>');
    for (const path of [
      '/news/no-such-story',
      '/tags/nope',
      '/no-such-page',
      '/news/UPPER_case',
      '/news/%2e%2e%2fetc',
      '/a/b/c',
    ]) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.body, path).toContain('Page not found');
    }
  });

  it('never answers malformed paths or queries with a 500', async () => {
    for (const path of [
      '/news/%E0%A4%A',
      '/?page=0',
      '/?page=abc',
      '/?page=99999999999',
      '/tags/x?page=-1',
      '/news/' + 'a'.repeat(5000),
      '/%',
      '/?page=1&page=2',
    ]) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, path).toBeLessThan(500);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.body, path).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('answers /healthz when the database answers', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.handle.dialect });
  });
});
