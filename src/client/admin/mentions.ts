import type { Block, Span } from './types.js';

/*
 * Pure helpers of the linker panel: the body as one text for the detect endpoint (and the way
 * back from its offsets to the spans of a block), grouping suggestions per entity, and turning
 * text into a mention span or back.
 */

export type EntityType = NonNullable<Span['mention']>['type'];

export interface EntityRef {
  type: EntityType;
  id: number;
}

/** A suggestion as `POST /entities/detect` answers it (offsets into the text sent). */
export interface Detected extends EntityRef {
  name: string;
  start: number;
  end: number;
  confidence: number;
}

/** Where a list of spans sits in the body: a block's content, caption, or one list item. */
export type SpanPlace =
  { block: number; part: 'content' | 'caption' } | { block: number; item: number };

interface Segment {
  place: SpanPlace;
  spans: Span[];
  /** Offset of this segment's first character in the joined text. */
  start: number;
}

export const refKey = (ref: EntityRef): string => `${ref.type}:${ref.id}`;

const spansText = (spans: readonly Span[]) => spans.map((s) => s.text).join('');

/** Every list of spans in reading order, with its offset in the text the linker sees. */
export function segments(body: readonly Block[]): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  const add = (place: SpanPlace, spans: Span[]) => {
    out.push({ place, spans, start });
    start += spansText(spans).length + 1;
  };
  body.forEach((b, block) => {
    if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'quote')
      add({ block, part: 'content' }, b.content);
    if (b.type === 'list') b.items.forEach((spans, item) => add({ block, item }, spans));
    if ((b.type === 'image' || b.type === 'video') && b.caption)
      add({ block, part: 'caption' }, b.caption);
  });
  return out;
}

/** The body's text, one line per list of spans: what the detect endpoint is sent. */
export function linkerText(body: readonly Block[]): string {
  return segments(body)
    .map((s) => spansText(s.spans))
    .join('\n');
}

function replaceSpans(body: readonly Block[], place: SpanPlace, spans: Span[]): Block[] {
  return body.map((b, i) => {
    if (i !== place.block) return b;
    if ('item' in place)
      return b.type === 'list'
        ? { ...b, items: b.items.map((it, j) => (j === place.item ? spans : it)) }
        : b;
    if (place.part === 'caption')
      return b.type === 'image' || b.type === 'video' ? { ...b, caption: spans } : b;
    return 'content' in b ? { ...b, content: spans } : b;
  });
}

/**
 * Turns [start, end) of the spans' text into a mention, keeping the marks of each piece.
 * @returns undefined when the range touches a link or another mention (left as it is)
 */
export function addMention(
  spans: readonly Span[],
  start: number,
  end: number,
  mention: EntityRef,
): Span[] | undefined {
  const out: Span[] = [];
  let pos = 0;
  for (const span of spans) {
    const from = pos;
    const to = pos + span.text.length;
    pos = to;
    if (to <= start || from >= end) {
      out.push(span);
      continue;
    }
    if (span.mention !== undefined || span.href !== undefined) return undefined;
    const a = Math.max(start, from) - from;
    const b = Math.min(end, to) - from;
    const pieces: Span[] = [
      { ...span, text: span.text.slice(0, a) },
      { ...span, text: span.text.slice(a, b), mention: { type: mention.type, id: mention.id } },
      { ...span, text: span.text.slice(b) },
    ];
    out.push(...pieces.filter((p) => p.text !== ''));
  }
  return out;
}

/**
 * Links the first of `occurrences` (offsets into linkerText(body)) that can be linked.
 * @returns the new body, or undefined when every occurrence is inside a link or a mention
 */
export function linkFirst(
  body: readonly Block[],
  occurrences: readonly { start: number; end: number }[],
  ref: EntityRef,
): Block[] | undefined {
  const segs = segments(body);
  for (const occ of [...occurrences].sort((a, b) => a.start - b.start)) {
    const seg = segs.find(
      (s) => s.start <= occ.start && occ.end <= s.start + spansText(s.spans).length,
    );
    if (seg === undefined) continue;
    const spans = addMention(seg.spans, occ.start - seg.start, occ.end - seg.start, ref);
    if (spans !== undefined) return replaceSpans(body, seg.place, spans);
  }
  return undefined;
}

function withoutMention(span: Span): Span {
  const copy = { ...span };
  delete copy.mention;
  return copy;
}

const sameFormat = (a: Span, b: Span) =>
  a.href === b.href &&
  a.mention === undefined &&
  b.mention === undefined &&
  (a.marks ?? []).join() === (b.marks ?? []).join();

/** Removes every mention of the entity, merging the text back into its neighbours. */
export function unlink(body: readonly Block[], ref: EntityRef): Block[] {
  let next = [...body];
  for (const seg of segments(body)) {
    if (!seg.spans.some((s) => s.mention !== undefined && refKey(s.mention) === refKey(ref)))
      continue;
    const out: Span[] = [];
    for (const span of seg.spans) {
      const plain: Span =
        span.mention !== undefined && refKey(span.mention) === refKey(ref)
          ? withoutMention(span)
          : span;
      const last = out.at(-1);
      if (last !== undefined && sameFormat(last, plain))
        out[out.length - 1] = { ...last, text: last.text + plain.text };
      else out.push(plain);
    }
    next = replaceSpans(next, seg.place, out);
  }
  return next;
}

/** The entities the body mentions, with the text of their first mention. */
export function linkedEntities(body: readonly Block[]): Map<string, EntityRef & { text: string }> {
  const out = new Map<string, EntityRef & { text: string }>();
  for (const seg of segments(body))
    for (const span of seg.spans)
      if (span.mention !== undefined && !out.has(refKey(span.mention)))
        out.set(refKey(span.mention), { ...span.mention, text: span.text });
  return out;
}

/** One entity the linker found, however many times. */
export interface Suggestion extends EntityRef {
  key: string;
  name: string;
  confidence: number;
  /** The distinct ways the text writes it, first one first. */
  texts: string[];
  occurrences: { start: number; end: number }[];
}

/** A name the linker could not attribute: the writer chooses among the candidates. */
export interface Choice {
  key: string;
  text: string;
  candidates: (EntityRef & { name: string })[];
  occurrences: { start: number; end: number }[];
}

/** Groups the linker's answer: one suggestion per entity, one choice per ambiguous name. */
export function groupSuggestions(
  text: string,
  found: readonly Detected[],
  rejected: ReadonlySet<string>,
): { suggestions: Suggestion[]; choices: Choice[] } {
  const byRange = new Map<string, Detected[]>();
  for (const m of found) {
    const range = `${m.start}:${m.end}`;
    byRange.set(range, [...(byRange.get(range) ?? []), m]);
  }
  const suggestions = new Map<string, Suggestion>();
  const choices = new Map<string, Choice>();
  for (const list of byRange.values()) {
    const first = list[0];
    if (first === undefined) continue;
    const occurrence = { start: first.start, end: first.end };
    const written = text.slice(first.start, first.end);
    const open = list.filter((m) => !rejected.has(refKey(m)));
    if (open.length === 0) continue;
    if (list.length === 1) {
      const key = refKey(first);
      const s = suggestions.get(key) ?? {
        key,
        type: first.type,
        id: first.id,
        name: first.name,
        confidence: 0,
        texts: [],
        occurrences: [],
      };
      s.confidence = Math.max(s.confidence, first.confidence);
      if (!s.texts.includes(written)) s.texts.push(written);
      s.occurrences.push(occurrence);
      suggestions.set(key, s);
      continue;
    }
    const key = open.map(refKey).sort().join('|');
    const c = choices.get(key) ?? {
      key,
      text: written,
      candidates: open.map((m) => ({ type: m.type, id: m.id, name: m.name })),
      occurrences: [],
    };
    c.occurrences.push(occurrence);
    choices.set(key, c);
  }
  return { suggestions: [...suggestions.values()], choices: [...choices.values()] };
}
