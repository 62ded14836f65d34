import { XMLParser } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, paragraph } from '../../src/features/articles/index.js';
import { writeSettings } from '../../src/features/settings/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from './browser.js';
import { STRINGS, VECTORS } from './xss-vectors.js';

/*
 * Issue 17, item 4: feed readers treat RSS <description> as HTML. Plain text (an article's
 * standfirst, a tag's or the site's description) must reach the reader as that text, not as
 * markup. Each feed is parsed by a real feed parser (rss-parser), each description is put into a
 * page as a reader shows it (innerHTML) in Chromium, and the DOM must hold no element, no
 * attribute and exactly the intended text.
 */

/** What XML cannot carry (the renderer drops it) and what HTML's input stream normalises. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const asReaderSees = (text: string) => text.replace(NOT_XML, '').replace(/\r\n?/g, '\n').trim();

/** Hostile strings with something visible in them (an empty standfirst is replaced by the body). */
const HOSTILE = [...new Set(STRINGS)].filter((s) => asReaderSees(s) !== '');

interface Rendered {
  elements: string[];
  attributes: string[];
  text: string;
}

/** Puts each HTML fragment into the page as a feed reader does and reads back its DOM. */
async function renderAsHtml(page: Page, fragments: string[]): Promise<Rendered[]> {
  return page.evaluate((list) => {
    return list.map((html) => {
      const box = document.createElement('div');
      document.body.append(box);
      box.innerHTML = html;
      const all = [...box.querySelectorAll('*')];
      const result = {
        elements: all.map((el) => el.tagName.toLowerCase()),
        attributes: all.flatMap((el) => el.getAttributeNames()),
        text: box.textContent ?? '',
      };
      box.remove();
      return result;
    });
  }, fragments);
}

describe('feeds carry plain text as text, whatever a reader does with HTML', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const rss = new Parser();

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    // One tag per string, described by it, with one article whose standfirst is the same string:
    // the tag's feed then carries the string as channel and as item description.
    for (const [i, text] of HOSTILE.entries()) {
      await t.db.transaction().execute((trx) =>
        createArticle(trx, t.clock, {
          title: `Article ${i}`,
          dek: text,
          body: [paragraph(`Body ${i}`)],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          tags: [{ slug: `t-${i}`, name: `Tag ${i}` }],
        }),
      );
      await t.db
        .updateTable('tags')
        .set({ description: text })
        .where('slug', '=', `t-${i}`)
        .execute();
    }
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>reader</title><body></body>');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('RSS <description> of tags and articles renders as exactly the plain text', async () => {
    const expected: string[] = [];
    const descriptions: string[] = [];
    for (const [i, text] of HOSTILE.entries()) {
      const res = await t.app.inject(`/tags/t-${i}/feed.xml`);
      expect(res.statusCode).toBe(200);
      const feed = await rss.parseString(res.body);
      expect(feed.items).toHaveLength(1);
      descriptions.push(feed.description ?? '', feed.items[0]?.content ?? '');
      expected.push(asReaderSees(text), asReaderSees(text));
    }
    const rendered = await renderAsHtml(page, descriptions);
    const wrong = rendered
      .map((r, i) => ({ ...r, expected: expected[i] }))
      .filter(
        (r) => r.elements.length > 0 || r.attributes.length > 0 || r.text.trim() !== r.expected,
      );
    expect(wrong).toEqual([]);
  });

  it('the site description in the site-wide RSS feed renders as exactly the plain text', async () => {
    const descriptions: string[] = [];
    for (const text of VECTORS) {
      await writeSettings(t.db, t.clock, { site_description: text });
      await t.app.refreshSite();
      const feed = await rss.parseString((await t.app.inject('/feed.xml')).body);
      descriptions.push(feed.description ?? '');
    }
    const rendered = await renderAsHtml(page, descriptions);
    expect(rendered).toEqual(
      VECTORS.map((text) => ({ elements: [], attributes: [], text: asReaderSees(text) })),
    );
  });

  it('Atom marks every plain-text construct type="text", and it reads back as the text', async () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => name === 'entry',
      trimValues: false,
      parseTagValue: false,
    });
    type TextConstruct = { '#text'?: string; '@type': string };
    for (const [i, text] of HOSTILE.entries()) {
      const res = await t.app.inject(`/tags/t-${i}/atom.xml`);
      const { feed } = parser.parse(res.body) as {
        feed: { subtitle: TextConstruct; entry: { summary: TextConstruct }[] };
      };
      const summary = feed.entry[0]?.summary;
      expect([feed.subtitle['@type'], summary?.['@type']]).toEqual(['text', 'text']);
      expect(asReaderSees(String(summary?.['#text'] ?? ''))).toBe(asReaderSees(text));
    }
  });
});
