import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import type { EntityRef } from '../mentions.js';
import { schema } from './schema.js';

/*
 * The linker over the editor's document: the text sent to the detect endpoint (every text block
 * in reading order, one per line, a hard break as "\n"), and mentions added or removed as marks
 * by a transaction on the current state. The offsets the endpoint answers are good only for the
 * text they were found in; the panel checks that the text is still the same before using them.
 */

interface Segment {
  /** Document position of the text block's first character. */
  pos: number;
  /** Offset of that character in the linker text. */
  start: number;
  length: number;
}

function segments(doc: PMNode): { text: string; segments: Segment[] } {
  const parts: string[] = [];
  const out: Segment[] = [];
  let start = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textBetween(0, node.content.size, undefined, (leaf) =>
      leaf.type === schema.nodes.hard_break ? '\n' : '',
    );
    out.push({ pos: pos + 1, start, length: text.length });
    parts.push(text);
    start += text.length + 1;
    return false;
  });
  return { text: parts.join('\n'), segments: out };
}

/** The document's text as the linker reads it. */
export function linkerTextOf(doc: PMNode): string {
  return segments(doc).text;
}

/**
 * The document ranges of linker text offset ranges (one pass over the document), leaving out
 * those that span text blocks or are already inside a link or a mention.
 */
export function occurrenceRanges<T extends { start: number; end: number }>(
  doc: PMNode,
  occurrences: readonly T[],
): (T & { from: number; to: number })[] {
  const { segments: segs } = segments(doc);
  const { link, mention } = schema.marks;
  const out: (T & { from: number; to: number })[] = [];
  for (const occurrence of occurrences) {
    const seg = segs.find(
      (s) => s.start <= occurrence.start && occurrence.end <= s.start + s.length,
    );
    if (seg === undefined) continue;
    const from = seg.pos + (occurrence.start - seg.start);
    const to = seg.pos + (occurrence.end - seg.start);
    if (doc.rangeHasMark(from, to, link) || doc.rangeHasMark(from, to, mention)) continue;
    out.push({ ...occurrence, from, to });
  }
  return out;
}

/**
 * Marks the first of `occurrences` that is not inside a link or a mention as a mention of `ref`.
 * @returns the transaction, or undefined when every occurrence is already inside one
 */
export function linkFirstTr(
  state: EditorState,
  occurrences: readonly { start: number; end: number }[],
  ref: EntityRef,
  tr: Transaction = state.tr,
): Transaction | undefined {
  const { segments: segs } = segments(tr.doc);
  const { link, mention } = schema.marks;
  for (const occ of [...occurrences].sort((a, b) => a.start - b.start)) {
    const seg = segs.find((s) => s.start <= occ.start && occ.end <= s.start + s.length);
    if (seg === undefined) continue;
    const from = seg.pos + (occ.start - seg.start);
    const to = seg.pos + (occ.end - seg.start);
    if (tr.doc.rangeHasMark(from, to, link) || tr.doc.rangeHasMark(from, to, mention)) continue;
    return tr.addMark(from, to, mention.create({ type: ref.type, id: ref.id }));
  }
  return undefined;
}

/** Removes every mention of the entity. */
export function unlinkTr(state: EditorState, ref: EntityRef): Transaction {
  const tr = state.tr;
  state.doc.descendants((node, pos) => {
    for (const mark of node.marks) {
      if (
        mark.type === schema.marks.mention &&
        mark.attrs.type === ref.type &&
        mark.attrs.id === ref.id
      )
        tr.removeMark(pos, pos + node.nodeSize, mark);
    }
  });
  return tr;
}
