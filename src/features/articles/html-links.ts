import type { DbOrTrx } from '../../db/database.js';
import { AUTO_CONFIDENCE, currentLinker, type Mention } from '../names/index.js';
import type { Block, Span } from './blocks.js';

/*
 * Entity links for an article body that arrives as HTML through the Admin API (issue 20), as
 * the WordPress import does with --link: the linker's confident mentions (alone at their range,
 * at or above AUTO_CONFIDENCE) become mentions in the text; the rest are reported as
 * suggestions for an editor. Text that is already a link or a mention is left as it is.
 */

/** One mention found, as the Admin API reports it. */
export interface FoundMention {
  type: Mention['type'];
  id: number;
  name: string;
  /** The words of the body that name it. */
  text: string;
  confidence: number;
}

/** What linking a body did: the mentions applied and those left as suggestions. */
export interface LinkReport {
  linked: FoundMention[];
  suggestions: FoundMention[];
}

function spanLists(blocks: Block[]): Span[][] {
  const lists: Span[][] = [];
  for (const block of blocks) {
    if ('content' in block) lists.push(block.content);
    if (block.type === 'list') lists.push(...block.items);
    if ((block.type === 'image' || block.type === 'video') && block.caption)
      lists.push(block.caption);
  }
  return lists;
}

/** Marks [start, end) of the spans' text as the mention; false when part of it is a link already. */
function applyMention(spans: Span[], m: Mention): boolean {
  const out: Span[] = [];
  let offset = 0;
  for (const span of spans) {
    const from = offset;
    const to = offset + span.text.length;
    offset = to;
    if (to <= m.start || from >= m.end) {
      out.push(span);
      continue;
    }
    if (span.href !== undefined || span.mention !== undefined) return false;
    const { text, ...format } = span;
    const a = Math.max(m.start, from) - from;
    const b = Math.min(m.end, to) - from;
    out.push(
      ...[
        { ...format, text: text.slice(0, a) },
        { ...format, text: text.slice(a, b), mention: { type: m.type, id: m.id } },
        { ...format, text: text.slice(b) },
      ].filter((p) => p.text !== ''),
    );
  }
  spans.splice(0, spans.length, ...out);
  return true;
}

/** Applies the confident mentions of the body in place and reports what was found. */
export async function linkMentions(trx: DbOrTrx, blocks: Block[]): Promise<LinkReport> {
  const report: LinkReport = { linked: [], suggestions: [] };
  const linker = await currentLinker(trx);
  if (linker.size === 0) return report;
  for (const spans of spanLists(blocks)) {
    const text = spans.map((s) => s.text).join('');
    const mentions = linker.detect(text);
    const atRange = new Map<string, number>();
    for (const m of mentions)
      atRange.set(`${m.start}:${m.end}`, (atRange.get(`${m.start}:${m.end}`) ?? 0) + 1);
    // From the end, so earlier offsets stay true while spans are split.
    for (const m of [...mentions].sort((a, b) => b.start - a.start)) {
      const found = {
        type: m.type,
        id: m.id,
        name: m.name,
        text: text.slice(m.start, m.end),
        confidence: m.confidence,
      };
      const sure = atRange.get(`${m.start}:${m.end}`) === 1 && m.confidence >= AUTO_CONFIDENCE;
      if (sure && applyMention(spans, m)) report.linked.unshift(found);
      else report.suggestions.unshift(found);
    }
  }
  return report;
}
