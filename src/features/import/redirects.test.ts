import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import { isRedirectable, normalizeRedirectPath, RedirectPaths } from './redirects.js';
import { RESERVED_SLUGS } from './reserved.js';
import { importWordpress } from './wordpress.import.js';
import { until } from '../../../test/helpers/poll.js';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');

describe('normalizeRedirectPath', () => {
  it.each([
    ['/2022/12/20/alchemy-of-souls-bts/', '/2022/12/20/alchemy-of-souls-bts'],
    ['/2022/12/20/alchemy-of-souls-bts?utm_source=x', '/2022/12/20/alchemy-of-souls-bts'],
    ['/2022/12/10/%ED%99%98%ED%98%BC/', '/2022/12/10/환혼'],
    ['/2022/12/10/%ed%99%98%ed%98%bc', '/2022/12/10/환혼'],
    ['/?p=101', '/?p=101'],
    ['/index.php?p=101&preview=true', '/?p=101'],
    ['/?page_id=7', '/?page_id=7'],
    ['/?p=abc', '/'],
    ['/', '/'],
    ['/%E0%A4%A', '/%E0%A4%A'],
  ])('%s → %s', (raw, normal) => {
    expect(normalizeRedirectPath(raw)).toBe(normal);
  });

  it('refuses what is not a local path', () => {
    expect(normalizeRedirectPath('//evil.example/x')).toBeUndefined();
    expect(normalizeRedirectPath('https://evil.example/x')).toBeUndefined();
  });

  it("never redirects Deho's own routes", () => {
    for (const slug of RESERVED_SLUGS) expect(isRedirectable(`/${slug}/x`)).toBe(false);
    expect(isRedirectable('/')).toBe(false);
    expect(isRedirectable('/2022/12/20/a')).toBe(true);
  });
});

describe('RedirectPaths', () => {
  it('reloads its Set when it is older than 30 seconds, without making a request wait', async () => {
    const t = await buildTestApp({ demo: false });
    try {
      let now = 0;
      const paths = new RedirectPaths(t.db, () => now);
      expect(await paths.has('/old')).toBe(false);
      await t.db
        .insertInto('redirects')
        .values({ from_path: '/old', to_path: '/news/new', created_at: 'x' })
        .execute();
      expect(await paths.has('/old')).toBe(false);
      now = 31_000;
      // The first look after 30 s answers from the old Set and starts the reload in the background.
      expect(await paths.has('/old')).toBe(false);
      await until(() => paths.has('/old'));
    } finally {
      await t.close();
    }
  });
});

describe('old WordPress addresses on the reader site', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    await importWordpress(t.db, t.clock, {
      file: path.join(FIXTURES, 'export.xml'),
      dataDir: t.handle.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });
  });
  afterAll(async () => t.close());

  it.each([
    ['/2022/12/20/alchemy-of-souls-bts/', '/news/alchemy-of-souls-bts'],
    ['/2022/12/20/alchemy-of-souls-bts', '/news/alchemy-of-souls-bts'],
    ['/?p=101', '/news/alchemy-of-souls-bts'],
    [
      '/2022/12/10/%ed%99%98%ed%98%bc-%ec%b2%ab-%eb%b0%a9%ec%86%a1/',
      `/news/${encodeURIComponent('환혼-첫-방송')}`,
    ],
    [
      '/2022/12/10/%ED%99%98%ED%98%BC-%EC%B2%AB-%EB%B0%A9%EC%86%A1/',
      `/news/${encodeURIComponent('환혼-첫-방송')}`,
    ],
    ['/2023/01/05/go-yoon-jung-interview/', '/news/go-yoon-jung-interview-2'],
    ['/about/contact/', '/contact'],
    ['/?page_id=110', '/about'],
  ])('%s answers 301 → %s', async (url, location) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(location);
  });

  it('serves the new addresses, and the pages at /:slug', async () => {
    expect((await t.app.inject('/news/alchemy-of-souls-bts')).statusCode).toBe(200);
    const about = await t.app.inject('/about');
    expect(about.statusCode).toBe(200);
    expect(about.body).toContain('We write about Korean dramas.');
    expect((await t.app.inject('/schedule-2')).statusCode).toBe(200);
  });

  it('puts imported articles in the search index', async () => {
    const res = await t.app.inject(`/search?q=${encodeURIComponent('환혼')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/news/환혼-첫-방송');
  });

  it('leaves unknown addresses and drafts at 404, and the home page alone', async () => {
    expect((await t.app.inject('/2021/01/01/never-was/')).statusCode).toBe(404);
    expect((await t.app.inject('/?p=103')).statusCode).toBe(200); // the home page: a draft has no old address
    expect((await t.app.inject('/news/newsroom-memo')).statusCode).toBe(404);
    expect((await t.app.inject('/news/casting-rumours-draft')).statusCode).toBe(404);
  });

  it('does not redirect POSTs', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/2022/12/20/alchemy-of-souls-bts/' });
    expect(res.statusCode).toBe(404);
  });
});
