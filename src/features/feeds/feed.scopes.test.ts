import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createArticle, paragraph } from '../articles/index.js';
import { writeSettings } from '../settings/index.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['entry', 'item', 'link', 'author', 'category'].includes(name),
});

interface AtomEntry {
  id: string;
  title: { '#text': string; '@type': string };
  link: { '@rel': string; '@href': string; '@type': string; '@length'?: string }[];
  published: string;
  updated: string;
  author: { name: string }[];
  summary: { '#text': string };
  content?: { '#text': string; '@type': string };
  category?: { '@term': string }[];
}

describe('Atom, scoped feeds, enclosures and the full-text setting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: NOW });
    const image = await t.db
      .insertInto('media')
      .values({
        path: '/media/2026/poster.webp',
        mime: 'image/webp',
        width: 1280,
        height: 720,
        bytes: 54321,
        alt: 'Poster',
        caption: null,
        focal_x: null,
        focal_y: null,
        created_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const show = await t.db
      .insertInto('shows')
      .values({
        slug: 'alchemy-of-souls',
        title: 'Alchemy of Souls',
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await t.db
      .insertInto('people')
      .values({
        slug: 'lee-jae-wook',
        name: 'Lee Jae-wook',
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const add = (input: Parameters<typeof createArticle>[2]) =>
      t.db.transaction().execute((trx) => createArticle(trx, t.clock, input));
    await add({
      title: 'Light & Shadow <finale>',
      dek: 'Jang Uk returns',
      body: [paragraph('Full body text & more')],
      status: 'published',
      publishedAt: '2026-02-28T12:10:00.000Z',
      featureImageId: image.id,
      tags: [{ name: 'Casting' }],
      showIds: [show.id],
      personIds: [person.id],
    });
    await add({
      title: 'Unrelated',
      body: [paragraph('x')],
      status: 'published',
      publishedAt: '2026-02-27T00:00:00.000Z',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('/atom.xml is Atom 1.0 that parses back, with ids, dates, authors, content and enclosures', async () => {
    const res = await t.app.inject('/atom.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const { feed } = parser.parse(res.body) as {
      feed: {
        '@xmlns': string;
        id: string;
        updated: string;
        link: { '@rel': string; '@href': string }[];
        entry: AtomEntry[];
      };
    };
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.link).toContainEqual(
      expect.objectContaining({ '@rel': 'self', '@href': 'http://deho.test/atom.xml' }),
    );
    expect(feed.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [first] = feed.entry;
    expect(first?.title['#text']).toBe('Light & Shadow <finale>');
    expect(first?.id).toBe('http://deho.test/news/light-shadow-finale');
    expect(first?.published).toBe('2026-02-28T12:10:00.000Z');
    expect(first?.author[0]?.name).toBe('Deho');
    expect(first?.content?.['@type']).toBe('html');
    expect(first?.content?.['#text']).toContain('Full body text &amp; more');
    expect(first?.category?.[0]?.['@term']).toBe('Casting');
    expect(first?.link).toContainEqual({
      '@rel': 'enclosure',
      '@type': 'image/webp',
      '@href': 'http://deho.test/media/2026/poster.webp',
      '@length': '54321',
    });
  });

  it('RSS carries the image as enclosure and media:content; JSON Feed as attachment', async () => {
    const rss = parser.parse((await t.app.inject('/feed.xml')).body) as {
      rss: {
        channel: {
          item: Record<string, { '@url'?: string; '@length'?: string; '@type'?: string }>[];
        };
      };
    };
    const item = rss.rss.channel.item[0];
    expect(item?.enclosure).toEqual({
      '@url': 'http://deho.test/media/2026/poster.webp',
      '@length': '54321',
      '@type': 'image/webp',
    });
    expect(item?.['media:content']).toMatchObject({
      '@url': 'http://deho.test/media/2026/poster.webp',
      '@medium': 'image',
    });
    const json = (await t.app.inject('/feed.json')).json<{ items: Record<string, unknown>[] }>();
    expect(json.items[0]?.attachments).toEqual([
      {
        url: 'http://deho.test/media/2026/poster.webp',
        mime_type: 'image/webp',
        size_in_bytes: 54321,
      },
    ]);
  });

  it.each([
    ['/tags/casting', 'Casting · Deho'],
    ['/shows/alchemy-of-souls', 'Alchemy of Souls · Deho'],
    ['/people/lee-jae-wook', 'Lee Jae-wook · Deho'],
  ])('%s has its own RSS, Atom and JSON feeds with only its articles', async (path, title) => {
    const rss = await t.app.inject(`${path}/feed.xml`);
    expect(rss.statusCode).toBe(200);
    const channel = (
      parser.parse(rss.body) as {
        rss: { channel: { title: string; link: string[]; item: { title: string }[] } };
      }
    ).rss.channel;
    expect(channel.title).toBe(title);
    expect(channel.link[0]).toBe(`http://deho.test${path}`);
    expect(channel.item.map((i) => i.title)).toEqual(['Light & Shadow <finale>']);
    const atom = await t.app.inject(`${path}/atom.xml`);
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const json = (await t.app.inject(`${path}/feed.json`)).json<{
      feed_url: string;
      items: unknown[];
    }>();
    expect(json.feed_url).toBe(`http://deho.test${path}/feed.json`);
    expect(json.items).toHaveLength(1);
  });

  it('answers 404 for the feed of an unknown tag, show or person, or a malformed slug', async () => {
    expect((await t.app.inject('/tags/nothing/feed.xml')).statusCode).toBe(404);
    expect((await t.app.inject('/shows/nothing/atom.xml')).statusCode).toBe(404);
    expect((await t.app.inject('/people/Not%20A%20Slug/feed.json')).statusCode).toBe(404);
  });

  it('links the feeds for autodiscovery: site-wide everywhere, a tag’s on its page', async () => {
    const page = await t.app.inject('/tags/casting');
    expect(page.body).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Deho" href="/atom.xml"/>',
    );
    expect(page.body).toContain('href="/tags/casting/feed.xml"');
    expect(page.body).toContain(
      'type="application/feed+json" title="Casting (JSON Feed)" href="/tags/casting/feed.json"',
    );
  });

  it('sends summaries only when feed_full_text is off', async () => {
    // As the settings route does: the change drops every cached page, feeds included.
    await writeSettings(t.db, t.clock, { feed_full_text: false });
    await t.app.refreshSite();
    try {
      const rss = await t.app.inject('/feed.xml');
      expect(rss.body).not.toContain('content:encoded>');
      expect(rss.body).toContain('<description>Jang Uk returns</description>');
      const atom = parser.parse((await t.app.inject('/atom.xml')).body) as {
        feed: { entry: AtomEntry[] };
      };
      expect(atom.feed.entry[0]?.content).toBeUndefined();
      expect(atom.feed.entry[0]?.summary['#text']).toBe('Jang Uk returns');
      const json = (await t.app.inject('/feed.json')).json<{ items: Record<string, unknown>[] }>();
      expect(json.items[0]).not.toHaveProperty('content_html');
      expect(json.items[0]?.content_text).toBe('Jang Uk returns');
    } finally {
      await writeSettings(t.db, t.clock, { feed_full_text: true });
      await t.app.refreshSite();
    }
  });
});
