import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/*
 * Issue 21: the JSON-LD search engines read from the demo site's pages, parsed out of the HTML.
 */

type Ld = Record<string, unknown>;

/** Every JSON-LD object of a page (arrays flattened). */
function jsonLd(html: string): Ld[] {
  const blocks = [
    ...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g),
  ].map((m) => JSON.parse(m[1] ?? 'null') as Ld | Ld[]);
  return blocks.flat();
}

const ofType = (objects: Ld[], type: string) => objects.find((o) => o['@type'] === type);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('structured data on the demo site', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Fetches the logo a JSON-LD object names and checks it is a small raster image. */
  async function expectRasterLogo(logo: unknown) {
    const url = (logo as { url?: string } | undefined)?.url ?? '';
    expect(url).toMatch(/^http:\/\/deho\.test\/assets\/logo\.png\?v=/);
    const res = await t.app.inject(url.replace('http://deho.test', ''));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Google asks for at least 112 × 112 px: the PNG's own header says its size.
    expect(res.rawPayload.readUInt32BE(16)).toBeGreaterThanOrEqual(112);
    expect(res.rawPayload.readUInt32BE(20)).toBeGreaterThanOrEqual(112);
    expect(res.rawPayload.length).toBeLessThan(10_000);
  }

  describe('a demo article from 2023', () => {
    let article: Ld;
    beforeAll(async () => {
      const res = await t.app.inject('/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes');
      expect(res.statusCode).toBe(200);
      const found = ofType(jsonLd(res.body), 'NewsArticle');
      expect(found).toBeDefined();
      article = found ?? {};
    });

    it('was modified when it was published, not when the demo was seeded', () => {
      expect(article.datePublished).toMatch(/^2023-/);
      expect(article.dateModified).toBe(article.datePublished);
    });

    it('names a raster publisher logo', async () => {
      const publisher = article.publisher as Ld;
      expect(publisher['@type']).toBe('Organization');
      await expectRasterLogo(publisher.logo);
    });

    it('gives the author the url of their author page, which answers', async () => {
      expect(article.author).toEqual([
        { '@type': 'Person', name: 'Han Da-eun', url: 'http://deho.test/authors/han-da-eun' },
      ]);
      expect((await t.app.inject('/authors/han-da-eun')).statusCode).toBe(200);
    });
  });

  it('puts WebSite with a search action and Organization on the home page', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    const objects = jsonLd(res.body);
    expect(ofType(objects, 'WebSite')).toMatchObject({
      '@context': 'https://schema.org',
      name: 'Deho',
      url: 'http://deho.test/',
      potentialAction: {
        '@type': 'SearchAction',
        target: {
          '@type': 'EntryPoint',
          urlTemplate: 'http://deho.test/search?q={search_term_string}',
        },
        'query-input': 'required name=search_term_string',
      },
    });
    const organization = ofType(objects, 'Organization');
    expect(organization).toMatchObject({ name: 'Deho', url: 'http://deho.test/' });
    await expectRasterLogo(organization?.logo);
    // The search action's address answers.
    expect((await t.app.inject('/search?q=alchemy')).statusCode).toBe(200);
  });

  it('describes each index page as a CollectionPage whose ItemList names its entries', async () => {
    const expected: [path: string, name: string, entry: string][] = [
      ['/shows', 'Shows', 'http://deho.test/shows/alchemy-of-souls'],
      ['/shows?status=finished', 'Finished shows', 'http://deho.test/shows/alchemy-of-souls'],
      ['/people', 'People', 'http://deho.test/people/lee-jae-wook'],
      ['/groups', 'Groups', 'http://deho.test/groups/oh-my-girl'],
      ['/tags', 'Tags', 'http://deho.test/tags/alchemy-of-souls'],
    ];
    for (const [path, name, entry] of expected) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBe(200);
      const page = ofType(jsonLd(res.body), 'CollectionPage');
      expect(page, path).toMatchObject({
        '@context': 'https://schema.org',
        url: `http://deho.test${path}`,
        name,
        mainEntity: { '@type': 'ItemList' },
      });
      const list = page?.mainEntity as {
        numberOfItems: number;
        itemListElement: { '@type': string; position: number; url: string; name: string }[];
      };
      expect(list.itemListElement.length, path).toBeGreaterThan(0);
      expect(list.numberOfItems, path).toBeGreaterThanOrEqual(list.itemListElement.length);
      expect(
        list.itemListElement.map((item) => item.position),
        path,
      ).toEqual(list.itemListElement.map((_, i) => i + 1));
      expect(
        list.itemListElement.map((item) => item.url),
        path,
      ).toContain(entry);
    }
  });

  it('describes an author page as a ProfilePage about a Person with bio and url', async () => {
    const res = await t.app.inject('/authors/han-da-eun');
    expect(res.statusCode).toBe(200);
    expect(ofType(jsonLd(res.body), 'ProfilePage')).toMatchObject({
      '@context': 'https://schema.org',
      url: 'http://deho.test/authors/han-da-eun',
      mainEntity: {
        '@type': 'Person',
        name: 'Han Da-eun',
        url: 'http://deho.test/authors/han-da-eun',
        description: expect.stringContaining('Korean dramas') as unknown,
      },
    });
  });

  it('gives an event’s country as its ISO 3166 code', async () => {
    const res = await t.app.inject('/events/yoon-da-rim-fan-meeting-seoul');
    expect(res.statusCode).toBe(200);
    const event = ofType(jsonLd(res.body), 'Event');
    const location = event?.location as { address?: Ld } | undefined;
    expect(location?.address?.addressCountry).toBe('KR');
  });
});
