import type { Block, Span } from './types.js';

/* Pure helpers over blocks for the editor: text, spans that keep mentions, and a line diff. */

export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}

/**
 * New spans for edited text that keep the mentions (and links) whose words are still there, in
 * order; everything else becomes plain text.
 */
export function respan(text: string, old: readonly Span[]): Span[] {
  const keep = old.filter((s) => s.mention !== undefined || s.href !== undefined);
  const out: Span[] = [];
  let at = 0;
  for (const span of keep) {
    const found = text.indexOf(span.text, at);
    if (found < 0 || span.text === '') continue;
    if (found > at) out.push({ text: text.slice(at, found) });
    out.push({ ...span });
    at = found + span.text.length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out.length === 0 ? [{ text: '' }] : out;
}

/** Turns [start, end) of the spans' text into a mention span. */
export function addMention(
  spans: readonly Span[],
  start: number,
  end: number,
  mention: NonNullable<Span['mention']>,
): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const span of spans) {
    const from = pos;
    const to = pos + span.text.length;
    pos = to;
    if (to <= start || from >= end || span.mention !== undefined) {
      out.push(span);
      continue;
    }
    const a = Math.max(start, from) - from;
    const b = Math.min(end, to) - from;
    if (a > 0) out.push({ ...span, text: span.text.slice(0, a) });
    out.push({ text: span.text.slice(a, b), mention });
    if (b < span.text.length) out.push({ ...span, text: span.text.slice(b) });
  }
  return out;
}

/** The readable text of a body, one line per block (what the revision diff compares). */
export function bodyLines(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b): string[] => {
    switch (b.type) {
      case 'paragraph':
        return [spansText(b.content)];
      case 'heading':
        return [`${'#'.repeat(b.level)} ${spansText(b.content)}`];
      case 'quote':
        return [`> ${spansText(b.content)}${b.cite ? ` — ${b.cite}` : ''}`];
      case 'list':
        return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '•'} ${spansText(item)}`);
      case 'image':
        return [`[image ${b.src} "${b.alt}"]`];
      case 'video':
        return [`[video ${b.videoId}]`];
      case 'airtime':
        return [`[air time of episode ${b.episodeId}]`];
    }
  });
}

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** A line diff (longest common subsequence): what changes from `before` to `after`. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        before[i] === after[j]
          ? (lcs[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ kind: 'same', text: before[i] ?? '' });
      i++;
      j++;
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      out.push({ kind: 'added', text: after[j] ?? '' });
      j++;
    } else {
      out.push({ kind: 'removed', text: before[i] ?? '' });
      i++;
    }
  }
  return out;
}
