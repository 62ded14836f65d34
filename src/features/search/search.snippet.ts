import { foldWithPositions, nameKey } from '../names/index.js';
import type { ParsedQuery } from './search.text.js';

/**
 * A piece of a snippet: plain text, marked when it matched the query. Snippets are data, not
 * HTML: the view wraps matched pieces in <mark>, and Preact escapes every piece.
 */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

const WINDOW = 180;
const MAX_SCAN = 30_000;

/** What to look for in the original text, as folded needles. */
function needles(query: ParsedQuery): { value: string; wordStart: boolean }[] {
  const out: { value: string; wordStart: boolean }[] = [];
  for (const term of query.terms) {
    if (term.kind === 'word' || term.kind === 'hangul') {
      out.push({ value: term.value, wordStart: term.kind === 'word' });
    }
  }
  if (query.joined !== undefined) out.push({ value: nameKey(query.joined), wordStart: true });
  return out.filter((n) => n.value.length > 0);
}

/**
 * Every character that can fold to (part of) a Hangul syllable: syllables, jamo of every block,
 * half-width jamo and the parenthesized and circled Hangul of the enclosed block.
 */
const HANGUL_SOURCE =
  /[\u1100-\u11ff\u3131-\u318e\u3200-\u32ff\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]/u;

/** Ranges [start, end) of the original text that match the query, merged and in order. */
export function matchRanges(text: string, query: ParsedQuery): [number, number][] {
  // A Hangul query over a text without Hangul (an English article found through the names it
  // links): nothing can match, so the text is not folded at all.
  if (query.terms.every((t) => t.kind === 'hangul') && !HANGUL_SOURCE.test(text)) return [];
  const folded = foldWithPositions(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  const ranges: [number, number][] = [];
  for (const needle of needles(query)) {
    let from = 0;
    for (;;) {
      const at = folded.text.indexOf(needle.value, from);
      if (at === -1) break;
      from = at + 1;
      if (needle.wordStart && folded.wordStart[at] !== 1) continue;
      ranges.push([folded.starts[at] ?? 0, folded.ends[at + needle.value.length - 1] ?? 0]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

function segments(
  text: string,
  ranges: readonly [number, number][],
  from: number,
  to: number,
): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  let at = from;
  for (const [a, b] of ranges) {
    if (b <= from || a >= to) continue;
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (start > at) out.push({ text: text.slice(at, start), match: false });
    out.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), match: false });
  return out;
}

/** The whole text with its matches marked (for titles). */
export function highlightAll(text: string, query: ParsedQuery): SnippetSegment[] {
  return segments(text, matchRanges(text, query), 0, text.length);
}

/**
 * How much of a long text is read first: an article's body is 200–900 words, and folding all of
 * it for every result was a fifth of a search's time in JavaScript. The whole text is read only
 * when no match comes early enough in this head for the window around it to lie inside it.
 */
const HEAD = 2_000;
/** The longest a match can be: a needle is at most a query's length (MAX_QUERY_CHARS). */
const LONGEST_MATCH = 200;

/**
 * A window of about 180 characters around the first match, cut at word boundaries, with
 * matches marked; the opening of the text when nothing matches literally (a match through a
 * name's other spelling, for instance).
 */
export function snippet(text: string, query: ParsedQuery): SnippetSegment[] {
  if (text.length > 2 * HEAD) {
    // Never cut a surrogate pair in two.
    const end = /[\ud800-\udbff]/u.test(text.charAt(HEAD - 1)) ? HEAD - 1 : HEAD;
    const head = text.slice(0, end).replace(/\s+/gu, ' ').trimStart();
    const ranges = matchRanges(head, query);
    const first = ranges[0];
    // The window and every match reaching into it end well before the head does.
    if (first !== undefined && first[0] + WINDOW + LONGEST_MATCH < head.length) {
      return window(head, ranges, true);
    }
  }
  return wholeSnippet(text, query);
}

/** The snippet read from the whole text (what `snippet` gives, at a higher cost). */
export function wholeSnippet(text: string, query: ParsedQuery): SnippetSegment[] {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean === '') return [];
  return window(clean, matchRanges(clean, query), false);
}

/** The snippet of `clean` around its first range; `more`: the text goes on after `clean`. */
function window(
  clean: string,
  ranges: readonly [number, number][],
  more: boolean,
): SnippetSegment[] {
  const first = ranges[0];
  let from = first === undefined ? 0 : Math.max(0, first[0] - 60);
  if (from > 0) {
    const space = clean.indexOf(' ', from);
    from = space !== -1 && space < (first?.[0] ?? 0) ? space + 1 : from;
  }
  let to = Math.min(clean.length, from + WINDOW);
  if (to < clean.length) {
    const space = clean.lastIndexOf(' ', to);
    if (space > from + 40) to = space;
  }
  // Never cut a surrogate pair in two.
  if (to < clean.length && /[\ud800-\udbff]/u.test(clean.charAt(to - 1))) to--;
  const out = segments(clean, ranges, from, to);
  if (from > 0) out.unshift({ text: '… ', match: false });
  if (to < clean.length || more) out.push({ text: ' …', match: false });
  return out;
}
