/*
 * A readable diff of two versions of an article (revisions, or a revision and the editor's
 * text): title, standfirst and body as lines of text, one per block, compared by longest common
 * subsequence. Pure, shared by the Admin API and the editor. The block shapes are those of
 * features/articles/blocks.ts, restated here with only what the text needs, so that the browser
 * bundle does not take the server's schemas.
 */

interface TextSpan {
  text: string;
}
type Spans = readonly TextSpan[];

/** The parts of a Deho block that carry text. */
export type TextBlock =
  | { type: 'paragraph'; content: Spans }
  | { type: 'heading'; level: number; content: Spans }
  | { type: 'quote'; content: Spans; cite?: string }
  | { type: 'list'; ordered: boolean; items: readonly Spans[] }
  | { type: 'image'; src: string; alt: string; caption?: Spans; credit?: string }
  | { type: 'video'; videoId: number }
  | { type: 'airtime'; episodeId: number }
  | { type: 'code'; text: string }
  | { type: 'table'; rows: readonly (readonly Spans[])[] }
  | { type: 'gallery'; images: readonly { src: string }[] };

function spansText(spans: Spans): string {
  return spans.map((s) => s.text).join('');
}

/** The readable text of a body, one line per block (what the revision diff compares). */
export function bodyLines(blocks: readonly TextBlock[]): string[] {
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
        return [
          `[image ${b.src} "${b.alt}"${b.caption ? ` ${spansText(b.caption)}` : ''}${b.credit ? ` · ${b.credit}` : ''}]`,
        ];
      case 'video':
        return [`[video ${b.videoId}]`];
      case 'airtime':
        return [`[air time of episode ${b.episodeId}]`];
      case 'code':
        return b.text.split('\n');
      case 'table':
        return b.rows.map((row) => `| ${row.map(spansText).join(' | ')} |`);
      case 'gallery':
        return [`[gallery ${b.images.map((i) => i.src).join(' ')}]`];
    }
  });
}

/** A version of an article as lines: its title and standfirst, named, then its body. */
export function articleLines(version: {
  title: string;
  dek: string;
  body: readonly TextBlock[];
}): string[] {
  return [`Title: ${version.title}`, `Standfirst: ${version.dek}`, ...bodyLines(version.body)];
}

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * A line diff (longest common subsequence): what changes from `before` to `after`. The lines
 * both share at the start and the end are set aside first, so that the table is only as large
 * as the changed middle (a typo fixed in a long article compares two lines, not two thousand).
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  const same = (lines: readonly string[]): DiffLine[] =>
    lines.map((text) => ({ kind: 'same', text }));
  return [
    ...same(before.slice(0, start)),
    ...middleDiff(before.slice(start, before.length - end), after.slice(start, after.length - end)),
    ...same(before.slice(before.length - end)),
  ];
}

function middleDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
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
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      // On a tie the old line goes first: a replaced line reads "− old, + new".
      out.push({ kind: 'removed', text: before[i] ?? '' });
      i++;
    } else {
      out.push({ kind: 'added', text: after[j] ?? '' });
      j++;
    }
  }
  return out;
}
