/*
 * Comment formatting: plain text in, a small tree out. No HTML in a comment is ever
 * interpreted; the tree holds only text, http(s) links whose text is the URL as typed, and
 * spoilers. The views render the tree with Preact, which escapes every text node.
 *
 * Invariant (property-tested): `toPlainText(formatComment(s))` gives back `s` with runs of
 * blank lines folded to one — every character shows exactly as typed.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'spoiler'; children: Inline[] };

/** A paragraph: inline pieces, shown with white-space: pre-wrap so single line breaks stay. */
export type Paragraph = Inline[];

const SPOILER = /\|\|([\s\S]+?)\|\|/gu;
const URL = /https?:\/\/[^\s<>"]+/giu;
/** Punctuation that usually ends a sentence rather than a URL ("see https://x.com/a."). */
const TRAILING = /[.,;:!?'’”*]+$/u;

/** Where the URL really ends: trailing sentence punctuation and an unbalanced ")" stay text. */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    if (url.endsWith(')')) {
      const open = url.split('(').length - 1;
      const close = url.split(')').length - 1;
      if (close > open) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** Splits text into text and link pieces. */
export function linkify(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(URL)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    // "https://" alone is not a link.
    if (!/^https?:\/\/[^/?#]/iu.test(url)) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', href: url, text: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function formatParagraph(text: string): Paragraph {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(SPOILER)) {
    const start = match.index;
    if (start > last) out.push(...linkify(text.slice(last, start)));
    out.push({ kind: 'spoiler', children: linkify(match[1] ?? '') });
    last = start + match[0].length;
  }
  if (last < text.length) out.push(...linkify(text.slice(last)));
  return out;
}

/**
 * Formats a stored comment body.
 * @param body plain text as typed (line breaks "\n")
 * @returns paragraphs (split at blank lines) of text, link and spoiler pieces
 */
export function formatComment(body: string): Paragraph[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/u)
    .filter((p) => p !== '')
    .map(formatParagraph);
}

function inlineText(inline: Inline): string {
  switch (inline.kind) {
    case 'text':
    case 'link':
      return inline.text;
    case 'spoiler':
      return `||${inline.children.map(inlineText).join('')}||`;
  }
}

/** The text a tree shows, spoiler marks put back: the inverse of formatComment. */
export function toPlainText(paragraphs: readonly Paragraph[]): string {
  return paragraphs.map((p) => p.map(inlineText).join('')).join('\n\n');
}

/** Number of links a body would show (for the link-count moderation threshold). */
export function countLinks(body: string): number {
  let n = 0;
  const visit = (inline: Inline): void => {
    if (inline.kind === 'link') n += 1;
    else if (inline.kind === 'spoiler') inline.children.forEach(visit);
  };
  formatComment(body).forEach((p) => p.forEach(visit));
  return n;
}
