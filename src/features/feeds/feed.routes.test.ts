import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createArticle, paragraph, type NewArticle } from '../articles/index.js';
import { FEED_SIZE } from './feed.service.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const NASTY_TITLE = 'Lee & Go <script>alert("x")</script> talk "Light & Shadow"';

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  date_published: string;
}

describe('site feeds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: NOW });
    const add = (input: NewArticle) =>
      t.db.transaction().execute((trx) => createArticle(trx, t.clock, input));
    for (let i = 0; i < FEED_SIZE + 2; i++) {
      const day = String(i + 1).padStart(2, '0');
      await add({
        title: `Filler ${i}`,
        body: [paragraph(`Filler body ${i}`)],
        status: 'published',
        publishedAt: `2026-01-${day}T09:00:00.000Z`,
      });
    }
    await add({
      title: NASTY_TITLE,
      dek: 'Fish & chips <b>bold</b>',
      body: [paragraph('Body with <img src=x onerror=alert(1)> & more')],
      status: 'published',
      publishedAt: '2026-02-28T12:10:00.000Z',
    });
    await add({ title: 'Secret draft', body: [paragraph('draft')], status: 'draft' });
    await add({
      title: 'Not yet',
      body: [paragraph('later')],
      status: 'scheduled',
      publishedAt: '2026-03-02T00:00:00.000Z',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('/feed.json is JSON Feed 1.1 with the latest published articles only', async () => {
    const res = await t.app.inject('/feed.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = res.json<{
      version: string;
      title: string;
      home_page_url: string;
      feed_url: string;
      items: JsonFeedItem[];
    }>();
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      home_page_url: 'http://deho.test/',
      feed_url: 'http://deho.test/feed.json',
    });
    expect(typeof feed.title).toBe('string');
    expect(feed.items).toHaveLength(FEED_SIZE);
    for (const item of feed.items) {
      expect(item.id).toBeTruthy();
      expect(item.url).toMatch(/^http:\/\/deho\.test\/news\//);
      expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
    }
    const titles = feed.items.map((i) => i.title);
    expect(titles).not.toContain('Secret draft');
    expect(titles).not.toContain('Not yet');
    const first = feed.items[0];
    expect(first?.title).toBe(NASTY_TITLE);
    expect(first?.summary).toBe('Fish & chips <b>bold</b>');
    expect(first?.content_html).toContain('&lt;img src=x onerror=alert(1)');
    expect(first?.content_html).toContain('&amp; more');
    expect(first?.content_html).not.toContain('<img');
  });

  it('/feed.xml is RSS 2.0 that parses back to the same articles', async () => {
    const res = await t.app.inject('/feed.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const { rss } = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(
      res.body,
    ) as {
      rss: {
        '@version': string;
        channel: {
          'atom:link': { '@href': string; '@rel': string };
          item: {
            title: string;
            link: string;
            guid: { '#text': string; '@isPermaLink': string };
            pubDate: string;
          }[];
        };
      };
    };
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel['atom:link']).toMatchObject({
      '@href': 'http://deho.test/feed.xml',
      '@rel': 'self',
    });
    expect(rss.channel.item).toHaveLength(FEED_SIZE);
    const first = rss.channel.item[0];
    expect(first?.title).toBe(NASTY_TITLE);
    expect(first?.pubDate).toBe('Sat, 28 Feb 2026 12:10:00 GMT');
    expect(first?.guid).toEqual({ '#text': first?.link, '@isPermaLink': 'true' });
    expect(res.body).not.toContain('<script>');
    expect(rss.channel.item.map((i) => i.title)).not.toContain('Secret draft');
  });
});
