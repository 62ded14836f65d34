import fc from 'fast-check';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { countLinks, formatComment, linkify, toPlainText } from './comment.format.js';
import { CommentBody } from './comment.views.js';

const render = (body: string) =>
  renderToString(h(CommentBody, { paragraphs: formatComment(body) }));

/** Text content of rendered HTML (tags removed, entities decoded) — enough for our own markup. */
function textOf(html: string): string {
  return html
    .replace(/<\/p><p>/g, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

// Text biased towards the characters the formatter cares about.
const piece = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '||',
    '|',
    '\n',
    '\n\n',
    '\n\n\n',
    'https://',
    'http://x.y/',
    '<script>',
    '&amp;',
    '"',
    "'",
    '(',
    ')',
    '.',
    ' ',
  ),
  fc.webUrl(),
  fc.string({ unit: 'grapheme' }),
);
const bodyArb = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('formatComment', () => {
  it('keeps every character: toPlainText inverts it (blank-line runs folded)', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const expected = body
          .replace(/\r\n?/g, '\n')
          .split(/\n{2,}/)
          .filter((p) => p !== '')
          .join('\n\n');
        expect(toPlainText(formatComment(body))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('renders as text only: the HTML shows exactly the typed characters, no tag from input', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const html = render(body);
        const paragraphs = formatComment(body);
        const shown = paragraphs
          .map((p) => toPlainText([p]).replace(/\|\|([\s\S]+?)\|\|/g, '$1'))
          .join('\n\n');
        expect(textOf(html)).toBe(shown);
        // Only our own elements appear.
        for (const tag of html.match(/<[a-z]+/g) ?? []) {
          expect(['<div', '<p', '<a', '<label', '<input', '<span']).toContain(tag);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('links only http(s) URLs, with rel nofollow ugc noopener, href = text', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        for (const p of formatComment(body)) {
          for (const inline of p) {
            if (inline.kind === 'link') {
              expect(inline.href).toMatch(/^https?:\/\/[^\s<>"]+$/i);
              expect(inline.href).toBe(inline.text);
            }
          }
        }
      }),
    );
    const html = render('see https://example.com/a?b=1&c=2. ok');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener" class="comment__link">https://example.com/a?b=1&amp;c=2</a>. ok',
    );
  });

  it('handles the usual URL edges', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Alchemy_(TV))')).toEqual([
      { kind: 'text', text: '(' },
      {
        kind: 'link',
        href: 'https://en.wikipedia.org/wiki/Alchemy_(TV)',
        text: 'https://en.wikipedia.org/wiki/Alchemy_(TV)',
      },
      { kind: 'text', text: ')' },
    ]);
    expect(linkify('javascript:alert(1) https:// ftp://x')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) https:// ftp://x' },
    ]);
    expect(countLinks('a https://x.example b http://y.example ||https://z.example||')).toBe(3);
  });

  it('hides ||spoilers|| behind a toggle that works without JavaScript', () => {
    const html = render('Jang Uk ||is alive|| — wow');
    expect(html).toContain(
      '<label class="comment-spoiler"><input type="checkbox" class="comment-spoiler__toggle" aria-label="Show spoiler"/><span class="comment-spoiler__text">is alive</span></label>',
    );
    expect(formatComment('a || b')).toEqual([[{ kind: 'text', text: 'a || b' }]]);
  });

  it('splits paragraphs at blank lines and keeps single line breaks', () => {
    expect(render('one\ntwo\n\n\nthree')).toBe(
      '<div class="comment__body"><p>one\ntwo</p><p>three</p></div>',
    );
  });
});
