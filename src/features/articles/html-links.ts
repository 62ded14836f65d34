import type { DbOrTrx } from '../../db/database.js';
import { AUTO_CONFIDENCE, currentLinker, type Mention } from '../names/index.js';
import { applyMention, spanLists, type Block } from './blocks.js';

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
