import type { Span } from './types.js';

/*
 * Editing styled text in a plain textarea: the textarea holds the words, the spans hold the
 * marks, links and mentions. These pure helpers carry the styling through each edit, and apply
 * bold, italic and links to a selection.
 */

type Style = Omit<Span, 'text'>;

const MARK_ORDER = ['bold', 'italic', 'code'] as const;
export type Mark = (typeof MARK_ORDER)[number];

function textOf(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}

/** A span of `text` styled like `from`, marks in one order so that equal looks compare equal. */
function styled(text: string, from: Style): Span {
  const out: Span = { text };
  const marks = MARK_ORDER.filter((m) => from.marks?.includes(m));
  if (marks.length > 0) out.marks = marks;
  if (from.href !== undefined) out.href = from.href;
  if (from.mention !== undefined) out.mention = from.mention;
  return out;
}

function sameStyle(a: Style, b: Style): boolean {
  return (
    (a.marks ?? []).join() === (b.marks ?? []).join() &&
    a.href === b.href &&
    a.mention?.type === b.mention?.type &&
    a.mention?.id === b.mention?.id
  );
}

function isStyled(span: Span): boolean {
  return (span.marks?.length ?? 0) > 0 || span.href !== undefined || span.mention !== undefined;
}

/** Drops empty spans and merges neighbours that look the same. */
export function normalize(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    const last = out[out.length - 1];
    if (last !== undefined && sameStyle(last, span)) last.text += span.text;
    else out.push(styled(span.text, span));
  }
  return out.length === 0 ? [{ text: '' }] : out;
}

/** The part [from, to) of the spans' text, each piece styled as before. */
function slice(spans: readonly Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const span of spans) {
    const a = Math.max(from, pos);
    const b = Math.min(to, pos + span.text.length);
    if (a < b) out.push(styled(span.text.slice(a - pos, b - pos), span));
    pos += span.text.length;
  }
  return out;
}

/** The span holding the character at `offset`. */
function spanAt(spans: readonly Span[], offset: number): Span | undefined {
  let pos = 0;
  for (const span of spans) {
    if (offset < pos + span.text.length) return span;
    pos += span.text.length;
  }
  return undefined;
}

/**
 * New spans for edited text. A textarea reports only its new value, so the edit is what lies
 * between the unchanged start and the unchanged end (the caret, when given, is where the typing
 * ended). Outside the edit every mark, link and mention stays. Typed text takes the marks of the
 * character before it, and the link when typed inside one. Styled words that the edit replaced
 * but that are still there (a paste over the whole text) keep their style; a mention whose words
 * the edit cut into is dropped, as the words may no longer name what the linker found.
 */
export function respan(text: string, old: readonly Span[], caret?: number): Span[] {
  const before = textOf(old);
  if (text === before) return old.map((s) => styled(s.text, s));
  const shortest = Math.min(text.length, before.length);
  const suffixLimit = caret === undefined ? shortest : Math.min(shortest, text.length - caret);
  let end = 0;
  while (end < suffixLimit && text[text.length - 1 - end] === before[before.length - 1 - end]) {
    end++;
  }
  let start = 0;
  while (start < shortest - end && text[start] === before[start]) start++;
  const cutEnd = before.length - end;
  const left = start > 0 ? spanAt(old, start - 1) : undefined;
  const right = spanAt(old, cutEnd);
  const typedStyle: Style = {
    ...((left ?? right)?.marks !== undefined && { marks: (left ?? right)?.marks }),
    ...(left?.href !== undefined && left.href === right?.href && { href: left.href }),
  };

  // Styled spans wholly inside the edit, to find again in the new words; mentions cut into go.
  const replaced: Span[] = [];
  let pos = 0;
  const edited = old.map((span) => {
    const from = pos;
    pos += span.text.length;
    if (from >= start && pos <= cutEnd && from < pos && isStyled(span)) replaced.push(span);
    const cut = (from < cutEnd && pos > start && start < cutEnd) || (from < start && start < pos);
    return span.mention === undefined || !cut
      ? span
      : styled(span.text, { ...span, mention: undefined });
  });

  const inserted = text.slice(start, text.length - end);
  const middle: Span[] = [];
  let at = 0;
  for (const span of replaced) {
    const found = inserted.indexOf(span.text, at);
    if (found < 0) continue;
    middle.push(styled(inserted.slice(at, found), typedStyle), styled(span.text, span));
    at = found + span.text.length;
  }
  middle.push(styled(inserted.slice(at), typedStyle));
  return normalize([
    ...slice(edited, 0, start),
    ...middle,
    ...slice(edited, cutEnd, before.length),
  ]);
}

/** Restyles [start, end) of the spans with `change`, leaving the rest as it is. */
function restyle(
  spans: readonly Span[],
  start: number,
  end: number,
  change: (span: Span) => Span,
): Span[] {
  return normalize([
    ...slice(spans, 0, start),
    ...slice(spans, start, end).map(change),
    ...slice(spans, end, textOf(spans).length),
  ]);
}

/** Bold, italic or code on [start, end), or off when all of it has the mark already. */
export function toggleMark(spans: readonly Span[], start: number, end: number, mark: Mark): Span[] {
  if (start >= end) return [...spans];
  const all = slice(spans, start, end).every((s) => s.marks?.includes(mark));
  return restyle(spans, start, end, (s) =>
    styled(s.text, {
      ...s,
      marks: all ? (s.marks ?? []).filter((m) => m !== mark) : [...(s.marks ?? []), mark],
    }),
  );
}

/** Links [start, end) to `href`, or unlinks it when href is undefined. */
export function setLink(
  spans: readonly Span[],
  start: number,
  end: number,
  href: string | undefined,
): Span[] {
  if (start >= end) return [...spans];
  return restyle(spans, start, end, (s) => styled(s.text, { ...s, href }));
}

/** The items of a list as one text with a line per item, to edit in one textarea. */
export function joinItems(items: readonly (readonly Span[])[]): Span[] {
  return items.flatMap((item, i) => (i === 0 ? [...item] : [{ text: '\n' }, ...item]));
}

/** Splits spans at line breaks back into list items. */
export function splitItems(spans: readonly Span[]): Span[][] {
  const items: Span[][] = [[]];
  for (const span of spans) {
    span.text.split('\n').forEach((part, i) => {
      if (i > 0) items.push([]);
      if (part !== '') items[items.length - 1]?.push(styled(part, span));
    });
  }
  return items.map(normalize);
}

/** Links the editor accepts: web, mail, or a path on this site (what the pages will render). */
export function acceptableHref(href: string): boolean {
  const value = href.trim();
  return (
    /^https?:\/\/[^\s]+$/i.test(value) ||
    /^mailto:[^\s]+$/i.test(value) ||
    /^\/(?!\/)[^\s]*$/.test(value)
  );
}
