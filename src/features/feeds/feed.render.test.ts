import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Feed } from './feed.model.js';
import { escapeXml, renderJsonFeed, renderRss, rfc822 } from './feed.render.js';

const feed: Feed = {
  title: 'Deho & Friends',
  description: 'News <b>fast</b>',
  homePageUrl: 'https://deho.test/',
  urls: {
    json: 'https://deho.test/feed.json',
    rss: 'https://deho.test/feed.xml',
    atom: 'https://deho.test/atom.xml',
  },
  fullText: true,
  language: 'en',
  updatedAt: '2023-01-07T12:10:00.000Z',
  items: [
    {
      url: 'https://deho.test/news/a?x=1&y=2',
      title: 'Tom\u0001 & Jerry <script>alert(1)</script> "quoted"',
      summary: 'A & B',
      contentHtml: '<p>Hi &amp; <a href="https://x.test/?a=1&amp;b=2">there</a></p>',
      publishedAt: '2023-01-07T12:10:00.000Z',
      updatedAt: '2023-01-07T12:10:00.000Z',
      authors: [{ name: 'Kim & Lee' }],
      image: 'https://deho.test/media/a.webp',
    },
  ],
};

describe('renderRss', () => {
  const xml = renderRss(feed);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(
    xml,
  ) as {
    rss: { channel: Record<string, unknown> & { item: Record<string, unknown> } };
  };

  it('is well-formed XML with an RSS 2.0 channel and a self link', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parsed.rss).toMatchObject({ '@version': '2.0' });
    expect(parsed.rss.channel.title).toBe('Deho & Friends');
    expect(parsed.rss.channel['atom:link']).toMatchObject({
      '@href': 'https://deho.test/feed.xml',
      '@rel': 'self',
      '@type': 'application/rss+xml',
    });
  });

  it('escapes titles so that they read back as the same text (control characters dropped)', () => {
    const item = parsed.rss.channel.item;
    expect(item.title).toBe('Tom & Jerry <script>alert(1)</script> "quoted"');
    expect(xml).not.toContain('<script>');
    expect(item.link).toBe('https://deho.test/news/a?x=1&y=2');
    expect(item.guid).toMatchObject({
      '#text': 'https://deho.test/news/a?x=1&y=2',
      '@isPermaLink': 'true',
    });
    expect(item['content:encoded']).toBe(feed.items[0]?.contentHtml);
    expect(item['dc:creator']).toBe('Kim & Lee');
  });

  it('sends plain-text descriptions as HTML that shows that text (readers render them as HTML)', () => {
    expect(parsed.rss.channel.description).toBe('News &lt;b&gt;fast&lt;/b&gt;');
    expect(parsed.rss.channel.item.description).toBe('A &amp; B');
  });

  it('dates items in RFC 822', () => {
    expect(parsed.rss.channel.item.pubDate).toBe('Sat, 07 Jan 2023 12:10:00 GMT');
    expect(rfc822('2023-01-07T12:10:00Z')).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
  });
});

describe('renderJsonFeed', () => {
  it('has the JSON Feed 1.1 required fields and plain-text titles', () => {
    const json = renderJsonFeed(feed);
    expect(json).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Deho & Friends',
      home_page_url: 'https://deho.test/',
      feed_url: 'https://deho.test/feed.json',
    });
    expect(json.items[0]).toMatchObject({
      id: 'https://deho.test/news/a?x=1&y=2',
      title: feed.items[0]?.title,
      content_html: feed.items[0]?.contentHtml,
      date_published: '2023-01-07T12:10:00.000Z',
      authors: [{ name: 'Kim & Lee' }],
      image: 'https://deho.test/media/a.webp',
    });
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials and keeps Hangul and emoji', () => {
    expect(escapeXml(`<a href="x">'&'</a> 환혼 🎬`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt; 환혼 🎬',
    );
  });
});

describe('absolutizeUrls', () => {
  it('makes site paths absolute and leaves other URLs alone', async () => {
    const { absolutizeUrls } = await import('./feed.service.js');
    const html =
      '<a href="/news/a">a</a><img src="/media/p.webp" srcset="/media/p-480.webp 480w, /media/p-960.webp 960w">' +
      '<a href="https://x.test/">x</a><a href="//cdn.test/y">y</a><a href="mailto:a@b.test">m</a>';
    expect(absolutizeUrls(html, 'https://deho.test')).toBe(
      '<a href="https://deho.test/news/a">a</a><img src="https://deho.test/media/p.webp" srcset="https://deho.test/media/p-480.webp 480w, https://deho.test/media/p-960.webp 960w">' +
        '<a href="https://x.test/">x</a><a href="//cdn.test/y">y</a><a href="mailto:a@b.test">m</a>',
    );
  });
});
