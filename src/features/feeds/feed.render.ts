import type { Feed } from './feed.model.js';

/*
 * Pure renderers: Feed → JSON Feed 1.1 object, RSS 2.0 and Atom 1.0 documents. No I/O, so they
 * are tested without a database. With `fullText` off, only summaries are sent.
 */

/** JSON Feed 1.1, https://www.jsonfeed.org/version/1.1/ */
export function renderJsonFeed(feed: Feed) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homePageUrl,
    feed_url: feed.urls.json,
    description: feed.description,
    language: feed.language,
    items: feed.items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      summary: item.summary,
      ...(feed.fullText ? { content_html: item.contentHtml } : { content_text: item.summary }),
      date_published: item.publishedAt,
      date_modified: item.updatedAt,
      ...(item.authors.length > 0 && { authors: item.authors }),
      ...(item.tags !== undefined && item.tags.length > 0 && { tags: item.tags }),
      ...(item.image !== undefined && { image: item.image }),
      ...(item.enclosure !== undefined && {
        attachments: [
          {
            url: item.enclosure.url,
            mime_type: item.enclosure.type,
            ...(item.enclosure.length > 0 && { size_in_bytes: item.enclosure.length }),
          },
        ],
      }),
    })),
  };
}

/**
 * Characters XML 1.0 cannot carry at all, not even as references: C0 controls other than tab,
 * newline and carriage return, lone surrogates, U+FFFE and U+FFFF. They are dropped, because
 * one of them makes every strict parser reject the whole feed.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML element content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * Plain text as an HTML fragment that shows exactly that text. RSS readers treat `<description>`
 * as HTML (the RSS 2.0 spec allows entity-encoded HTML there), so plain text bound for it is
 * escaped as HTML first and then as XML by `el`: a standfirst reading `<img onerror=…>` reaches
 * the reader as those characters, never as an element.
 */
export function htmlFromText(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** RFC 822 date-time as RSS 2.0 requires, in GMT: "Sat, 07 Jan 2023 12:10:00 GMT". */
export function rfc822(instant: string): string {
  return new Date(instant).toUTCString();
}

/** An element whose text content is escaped; attribute values likewise. */
function el(name: string, text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

/** An empty element with escaped attribute values. */
function empty(name: string, attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return `<${name}${attrs}/>`;
}

/** RSS 2.0, https://www.rssboard.org/rss-specification, with atom:link rel=self and content:encoded. */
export function renderRss(feed: Feed): string {
  const items = feed.items.map((item) =>
    [
      '<item>',
      el('title', item.title),
      el('link', item.url),
      el('guid', item.url, { isPermaLink: 'true' }),
      el('description', htmlFromText(item.summary)),
      // The full HTML, escaped as text: readers unescape it once and get the markup back.
      ...(feed.fullText ? [el('content:encoded', item.contentHtml)] : []),
      el('pubDate', rfc822(item.publishedAt)),
      ...item.authors.map((author) => el('dc:creator', author.name)),
      ...(item.tags ?? []).map((tag) => el('category', tag)),
      ...(item.enclosure === undefined
        ? []
        : [
            empty('enclosure', {
              url: item.enclosure.url,
              length: String(item.enclosure.length),
              type: item.enclosure.type,
            }),
            empty('media:content', {
              url: item.enclosure.url,
              type: item.enclosure.type,
              medium: 'image',
            }),
          ]),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel>',
    el('title', feed.title),
    el('link', feed.homePageUrl),
    el('description', htmlFromText(feed.description)),
    el('language', feed.language),
    el('lastBuildDate', rfc822(feed.updatedAt)),
    el('generator', 'Deho'),
    `<atom:link href="${escapeXml(feed.urls.rss)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** RFC 3339 as Atom requires: the stored ISO-8601 UTC instant, normalised. */
function rfc3339(instant: string): string {
  return new Date(instant).toISOString();
}

/** Atom 1.0, RFC 4287: ids are the permalinks; the site stands in as author where none is known. */
export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
      el('id', item.url),
      el('title', item.title, { type: 'text' }),
      empty('link', { rel: 'alternate', type: 'text/html', href: item.url }),
      el('published', rfc3339(item.publishedAt)),
      el('updated', rfc3339(item.updatedAt)),
      ...(item.authors.length > 0 ? item.authors : [{ name: feed.title }]).map(
        (author) => `<author>${el('name', author.name)}</author>`,
      ),
      ...(item.tags ?? []).map((tag) => empty('category', { term: tag })),
      el('summary', item.summary, { type: 'text' }),
      ...(feed.fullText ? [el('content', item.contentHtml, { type: 'html' })] : []),
      ...(item.enclosure === undefined
        ? []
        : [
            empty('link', {
              rel: 'enclosure',
              type: item.enclosure.type,
              href: item.enclosure.url,
              ...(item.enclosure.length > 0 && { length: String(item.enclosure.length) }),
            }),
          ]),
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    el('id', feed.urls.atom),
    el('title', feed.title, { type: 'text' }),
    el('subtitle', feed.description, { type: 'text' }),
    el('updated', rfc3339(feed.updatedAt)),
    empty('link', { rel: 'alternate', type: 'text/html', href: feed.homePageUrl }),
    empty('link', { rel: 'self', type: 'application/atom+xml', href: feed.urls.atom }),
    el('generator', 'Deho'),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
