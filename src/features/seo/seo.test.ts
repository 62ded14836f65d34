import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createArticle, paragraph } from '../articles/index.js';
import { createApiKey } from '../auth/index.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['url', 'sitemap', 'image:image'].includes(name),
});
const W3C = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('sitemaps, robots.txt, oEmbed, share metadata and embeds', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: NOW });
    key = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
    const at = NOW.toISOString();
    const image = await t.db
      .insertInto('media')
      .values({
        path: '/media/p.webp',
        mime: 'image/webp',
        width: 1200,
        height: 630,
        bytes: 1,
        alt: 'Jang Uk & Bu-yeon',
        caption: null,
        focal_x: null,
        focal_y: null,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('shows')
      .values({
        slug: 'alchemy-of-souls',
        title: 'Alchemy of Souls',
        created_at: at,
        updated_at: '2026-02-10T00:00:00.000Z',
      })
      .execute();
    await t.db
      .insertInto('people')
      .values({
        slug: 'go-yoon-jung',
        name: 'Go Yoon-jung',
        created_at: at,
        updated_at: '2026-02-11T00:00:00.000Z',
      })
      .execute();
    await t.db
      .insertInto('groups')
      .values({ slug: 'oh-my-girl', name: 'Oh My Girl', created_at: at, updated_at: at })
      .execute();
    const author = await t.db
      .insertInto('users')
      .values({
        email: 'writer@deho.invalid',
        name: 'Han Da-eun',
        slug: 'han-da-eun',
        role: 'author',
        password_hash: null,
        bio: null,
        totp_secret: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const video = await t.db
      .insertInto('videos')
      .values({
        title: 'Behind the scenes',
        kind: 'behind_the_scenes',
        provider: 'youtube',
        provider_id: 'dQw4w9WgXcQ',
        url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        start_seconds: 0,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const add = (input: Parameters<typeof createArticle>[2]) =>
      t.db.transaction().execute((trx) => createArticle(trx, t.clock, input));
    await add({
      title: 'Fresh </script><script>alert(1)</script> & news',
      dek: 'A "quoted" dek',
      body: [paragraph('Watch the full video here!'), { type: 'video', videoId: video.id }],
      status: 'published',
      publishedAt: '2026-03-01T09:00:00.000Z',
      featureImageId: image.id,
      tags: [{ name: 'Behind the scenes' }],
    });
    await add({
      title: 'Old news',
      body: [paragraph('x')],
      authorId: author.id,
      status: 'published',
      publishedAt: '2026-02-01T09:00:00.000Z',
    });
    await add({ title: 'Hidden draft', body: [paragraph('x')], status: 'draft' });
  });
  afterAll(async () => {
    await t.close();
  });

  const xml = async (path: string) => {
    const res = await t.app.inject(path);
    expect(res.statusCode, path).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    return parser.parse(res.body) as Record<string, Record<string, unknown>>;
  };

  it('has a sitemap index whose every sitemap parses, with absolute locs and W3C lastmods', async () => {
    const index = await xml('/sitemap.xml');
    const sitemaps = index.sitemapindex?.sitemap as { loc: string; lastmod?: string }[];
    expect(index.sitemapindex?.['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(sitemaps.map((s) => s.loc)).toEqual([
      'http://deho.test/sitemap-articles-1.xml',
      'http://deho.test/sitemap-shows.xml',
      'http://deho.test/sitemap-people.xml',
      'http://deho.test/sitemap-groups.xml',
      'http://deho.test/sitemap-tags.xml',
      'http://deho.test/sitemap-authors.xml',
      'http://deho.test/sitemap-pages.xml',
      'http://deho.test/sitemap-news.xml',
    ]);
    const seen: string[] = [];
    for (const sitemap of sitemaps) {
      expect(sitemap.lastmod).toMatch(W3C);
      const set = await xml(new URL(sitemap.loc).pathname);
      const urls = set.urlset?.url as { loc: string; lastmod?: string }[];
      for (const url of urls) {
        expect(url.loc).toMatch(/^http:\/\/deho\.test\//);
        if (url.lastmod !== undefined) expect(url.lastmod).toMatch(W3C);
        // The news sitemap names recent articles again, as Google News asks.
        if (!sitemap.loc.endsWith('/sitemap-news.xml')) seen.push(url.loc);
      }
    }
    expect(seen).toContain('http://deho.test/news/fresh-script-script-alert-1-script-news');
    expect(seen).toContain('http://deho.test/news/old-news');
    expect(seen).not.toContain('http://deho.test/news/hidden-draft');
    expect(seen).toContain('http://deho.test/shows/alchemy-of-souls');
    expect(seen).toContain('http://deho.test/people/go-yoon-jung');
    expect(seen).toContain('http://deho.test/tags/behind-the-scenes');
    expect(seen).toContain('http://deho.test/');
    expect(seen).toContain('http://deho.test/groups/oh-my-girl');
    expect(seen).toContain('http://deho.test/authors/han-da-eun');
    for (const index of ['/shows', '/people', '/groups', '/tags', '/events']) {
      expect(seen).toContain(`http://deho.test${index}`);
      // Each sitemap entry answers.
      expect((await t.app.inject(index)).statusCode, index).toBe(200);
    }
    expect(new Set(seen).size).toBe(seen.length);
    const articles = await xml('/sitemap-articles-1.xml');
    const fresh = (
      articles.urlset?.url as { loc: string; 'image:image'?: { 'image:loc': string }[] }[]
    ).find((u) => u.loc.includes('fresh'));
    expect(fresh?.['image:image']?.[0]?.['image:loc']).toBe('http://deho.test/media/p.webp');
    expect((await t.app.inject('/sitemap-articles-2.xml')).statusCode).toBe(404);
  });

  it('lists the last two days in the Google News sitemap', async () => {
    const news = await xml('/sitemap-news.xml');
    const urls = news.urlset?.url as { loc: string; 'news:news': Record<string, unknown> }[];
    expect(urls.map((u) => u.loc)).toEqual([
      'http://deho.test/news/fresh-script-script-alert-1-script-news',
    ]);
    expect(urls[0]?.['news:news']).toEqual({
      'news:publication': { 'news:name': 'Deho', 'news:language': 'en' },
      'news:publication_date': '2026-03-01T09:00:00Z',
      'news:title': 'Fresh </script><script>alert(1)</script> & news',
    });
  });

  it('serves robots.txt pointing at the sitemaps', async () => {
    const res = await t.app.inject('/robots.txt');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('Sitemap: http://deho.test/sitemap.xml');
    expect(res.body).toContain('Disallow: /api/admin/');
  });

  it('puts Open Graph, Twitter, oEmbed discovery and parseable JSON-LD in the article head', async () => {
    const res = await t.app.inject('/news/fresh-script-script-alert-1-script-news');
    expect(res.statusCode).toBe(200);
    const doc = parseDocument(res.body);
    const metas = DomUtils.getElementsByTagName('meta', doc);
    const meta = (attr: string, value: string) =>
      metas.find((m) => m.attribs[attr] === value)?.attribs.content;
    expect(meta('property', 'og:title')).toBe('Fresh </script><script>alert(1)</script> & news');
    expect(meta('property', 'og:image')).toBe('http://deho.test/media/p.webp');
    expect(meta('property', 'og:url')).toBe(
      'http://deho.test/news/fresh-script-script-alert-1-script-news',
    );
    expect(meta('name', 'twitter:card')).toBe('summary_large_image');
    expect(meta('property', 'article:published_time')).toBe('2026-03-01T09:00:00.000Z');
    const oembed = DomUtils.getElementsByTagName('link', doc).find(
      (l) => l.attribs.type === 'application/json+oembed',
    );
    expect(oembed?.attribs.href).toBe(
      'http://deho.test/oembed?format=json&url=http%3A%2F%2Fdeho.test%2Fnews%2Ffresh-script-script-alert-1-script-news',
    );

    const scripts = DomUtils.getElementsByTagName('script', doc).filter(
      (s: Element) => s.attribs.type === 'application/ld+json',
    );
    expect(scripts).toHaveLength(1);
    const ld = JSON.parse(DomUtils.textContent(scripts[0] as Element)) as Record<
      string,
      unknown
    > & {
      video: Record<string, unknown>[];
    };
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Fresh </script><script>alert(1)</script> & news',
      datePublished: '2026-03-01T09:00:00.000Z',
      dateModified: expect.any(String) as unknown,
      author: [{ '@type': 'Organization', name: 'Deho' }],
      publisher: { '@type': 'Organization', name: 'Deho' },
      image: [
        { '@type': 'ImageObject', url: 'http://deho.test/media/p.webp', width: 1200, height: 630 },
      ],
    });
    expect(ld.video).toEqual([
      expect.objectContaining({
        '@type': 'VideoObject',
        name: 'Behind the scenes',
        contentUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
        thumbnailUrl: ['https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg'],
        uploadDate: '2026-03-01T09:00:00.000Z',
      }),
    ]);
    // Nothing in the title breaks out of the data block.
    expect(res.body.match(/<script>alert/g)).toBeNull();
  });

  it('answers oEmbed in JSON and XML for published articles only', async () => {
    const url = encodeURIComponent('http://deho.test/news/old-news');
    const json = await t.app.inject(`/oembed?url=${url}`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({
      version: '1.0',
      type: 'rich',
      title: 'Old news',
      provider_name: 'Deho',
      width: 600,
    });
    const xmlRes = await t.app.inject(`/oembed?url=${url}&format=xml&maxwidth=300`);
    expect(XMLValidator.validate(xmlRes.body)).toBe(true);
    expect((parser.parse(xmlRes.body) as { oembed: Record<string, unknown> }).oembed).toMatchObject(
      { type: 'rich', width: 300 },
    );
    expect(
      (
        await t.app.inject(
          `/oembed?url=${encodeURIComponent('http://deho.test/news/hidden-draft')}`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject(`/oembed?url=${encodeURIComponent('https://evil.test/news/old-news')}`))
        .statusCode,
    ).toBe(404);
    expect((await t.app.inject(`/oembed?url=${url}&format=yaml`)).statusCode).toBe(400);
    expect((await t.app.inject('/oembed')).statusCode).toBe(400);
  });

  it('resolves pasted clip URLs to video blocks (no metadata fetch in tests)', async () => {
    const resolve = (url: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/embeds/resolve',
        headers: { authorization: `Bearer ${key}` },
        payload: { url, fetch_metadata: false },
      });
    const yt = await resolve('https://youtu.be/dQw4w9WgXcQ?t=1m5s');
    expect(yt.statusCode).toBe(200);
    expect(yt.json()).toEqual({
      embed: {
        type: 'video',
        provider: 'youtube',
        provider_name: 'YouTube',
        provider_id: 'dQw4w9WgXcQ',
        start_seconds: 65,
        url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        embed_url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65',
        title: null,
        thumbnail_url: null,
      },
    });
    for (const [url, provider] of [
      ['https://vimeo.com/76979871', 'vimeo'],
      ['https://tv.naver.com/v/31036141', 'naver'],
      ['https://www.dailymotion.com/video/x8abcd1', 'dailymotion'],
      ['https://www.tiktok.com/@tvn/video/7200000000000000000', 'tiktok'],
    ] as const) {
      expect((await resolve(url)).json()).toMatchObject({ embed: { provider } });
    }
    const bad = await resolve('http://169.254.169.254/latest/meta-data/');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', property: 'url' } });
  });

  it('percent-encodes a Hangul address in the sitemaps, as the sitemap protocol asks', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/articles',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        article: {
          title: 'Drama night',
          html: '<p>Text.</p>',
          status: 'published',
          tags: ['드라마'],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const tags = (await t.app.inject('/sitemap-tags.xml')).body;
    expect(tags).toContain(`<loc>http://deho.test/tags/${encodeURIComponent('드라마')}</loc>`);
    expect(tags).not.toContain('드라마');
  });
});
