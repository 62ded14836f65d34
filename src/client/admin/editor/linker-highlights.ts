import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { occurrenceRanges } from './linker-marks.js';

/*
 * The linker's suggestions underlined where they stand in the text (issue 18). The panel sends
 * the current suggestions; each occurrence that is not inside a link or a mention already becomes
 * an inline decoration, mapped through every later change until the next answer replaces them.
 * Clicking one tells the editor which suggestion it is and where, so that it can offer Link and
 * Reject right there. Decorations are not content: the body saved is the same with or without.
 */

export interface Highlight {
  /** The suggestion's key (mentions.ts refKey, or a choice's key). */
  key: string;
  /** The suggestion's name, for the underline's tooltip. */
  label: string;
  occurrences: readonly { start: number; end: number }[];
}

export interface PickedHighlight {
  key: string;
  /** Document positions of the clicked occurrence. */
  from: number;
  to: number;
  /** Where it was clicked, in viewport pixels. */
  left: number;
  top: number;
}

const highlightsKey = new PluginKey<DecorationSet>('linker-highlights');

function decorationsOf(doc: PMNode, highlights: readonly Highlight[]): DecorationSet {
  const occurrences = highlights.flatMap((h) =>
    h.occurrences.map((o) => ({ start: o.start, end: o.end, key: h.key, label: h.label })),
  );
  const decorations = occurrenceRanges(doc, occurrences).map((r) =>
    Decoration.inline(
      r.from,
      r.to,
      { class: 'linker-suggestion', 'data-entity': r.key, title: `Suggested link: ${r.label}` },
      { key: r.key },
    ),
  );
  return DecorationSet.create(doc, decorations);
}

export function linkerHighlights(onPick: (picked: PickedHighlight) => void): Plugin {
  return new Plugin<DecorationSet>({
    key: highlightsKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const next = tr.getMeta(highlightsKey) as readonly Highlight[] | undefined;
        return next === undefined ? set.map(tr.mapping, tr.doc) : decorationsOf(tr.doc, next);
      },
    },
    props: {
      decorations: (state) => highlightsKey.getState(state),
      handleClick(view, pos, event) {
        const found = highlightsKey.getState(view.state)?.find(pos, pos);
        const hit = found?.find((d) => d.from <= pos && pos <= d.to);
        if (hit === undefined) return false;
        onPick({
          key: (hit.spec as { key: string }).key,
          from: hit.from,
          to: hit.to,
          left: event.clientX,
          top: event.clientY,
        });
        return false;
      },
    },
  });
}

/** A transaction that replaces the underlined suggestions; not a change to undo. */
export function setHighlightsTr(state: EditorState, highlights: readonly Highlight[]): Transaction {
  return state.tr.setMeta(highlightsKey, highlights).setMeta('addToHistory', false);
}
