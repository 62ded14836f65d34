import type { Block, Span } from './types.js';

/* Pure helpers over blocks for the editor: their text, one line per block, and a line diff. */

export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
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
