import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';

/*
 * Work that takes a while (an upload, a video lookup, converting pasted HTML) holds its place in
 * the text with a placeholder: a widget decoration mapped through every later transaction. When
 * the answer comes, it is inserted where the placeholder is *now*, as one transaction on the
 * editor's current state. Nothing typed, moved or deleted meanwhile is overwritten, because no
 * copy of the document taken before the work started is ever written back.
 */

interface Placeholder {
  id: object;
  pos: number;
  label: string;
}

type Action = { add: Placeholder } | { remove: object };

const placeholderKey = new PluginKey<DecorationSet>('placeholders');

/** The spec of a placeholder's decoration names it by its id. */
const isPlaceholder = (id: object) => (spec: { id?: object }) => spec.id === id;

function widget(label: string): HTMLElement {
  const el = document.createElement('span');
  el.className = 'editor-placeholder';
  el.setAttribute('role', 'status');
  el.textContent = label;
  return el;
}

export const placeholderPlugin = new Plugin<DecorationSet>({
  key: placeholderKey,
  state: {
    init: () => DecorationSet.empty,
    apply(tr, set) {
      let next = set.map(tr.mapping, tr.doc);
      const action = tr.getMeta(placeholderKey) as Action | undefined;
      if (action !== undefined && 'add' in action) {
        const { id, pos, label } = action.add;
        const deco = Decoration.widget(pos, () => widget(label), { id, side: -1 });
        next = next.add(tr.doc, [deco]);
      } else if (action !== undefined) {
        next = next.remove(next.find(undefined, undefined, isPlaceholder(action.remove)));
      }
      return next;
    },
  },
  props: {
    decorations: (state) => placeholderKey.getState(state),
  },
});

/** Where the placeholder is in this state, or undefined once its text was deleted. */
function placeholderPos(state: EditorState, id: object): number | undefined {
  const set = placeholderKey.getState(state);
  return set?.find(undefined, undefined, isPlaceholder(id))[0]?.from;
}

/** The number of placeholders still waiting (tests and the save notice read it). */
export function pendingCount(state: EditorState): number {
  return placeholderKey.getState(state)?.find().length ?? 0;
}

/** Inserts block content at `pos`, splitting the paragraph there when it is in the middle of one. */
function insertAt(tr: Transaction, pos: number, content: PMNode | Fragment): Transaction {
  const fragment = content instanceof Fragment ? content : Fragment.from(content);
  if (fragment.childCount === 1 && fragment.firstChild?.isBlock) {
    return tr.replaceRangeWith(pos, pos, fragment.firstChild);
  }
  return tr.replaceRange(pos, pos, Slice.maxOpen(fragment));
}

/** The position beside the text block when `pos` is at its start or end, else `pos` itself. */
function beside(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock || $pos.depth === 0 || $pos.parent.content.size === 0) return pos;
  if ($pos.parentOffset === $pos.parent.content.size) return $pos.after();
  if ($pos.parentOffset === 0) return $pos.before();
  return pos;
}

/**
 * Holds a place at `pos` (default: the selection, which is deleted first) while `work` runs,
 * then puts its result there.
 * @param work resolves to the content to insert, or undefined for nothing
 * @param options.block the content is a block (a figure): started at either end of a paragraph,
 *   it goes beside the paragraph, so that typing on continues the paragraph
 * @throws what `work` threw, once its placeholder is removed (nothing else changes)
 */
export async function insertWhenReady(
  view: EditorView,
  label: string,
  work: Promise<PMNode | Fragment | undefined>,
  { pos, block = false }: { pos?: number | undefined; block?: boolean } = {},
): Promise<void> {
  const id = {};
  const start = view.state.tr;
  if (pos === undefined && !start.selection.empty) start.deleteSelection();
  const from = pos ?? start.selection.from;
  start.setMeta(placeholderKey, {
    add: { id, pos: block ? beside(start.doc, from) : from, label },
  });
  view.dispatch(start);
  let content: PMNode | Fragment | undefined;
  try {
    content = await work;
  } catch (error) {
    view.dispatch(view.state.tr.setMeta(placeholderKey, { remove: id }));
    throw error;
  }
  // The state as it is now: whatever was typed while waiting is in it.
  const state = view.state;
  const at = placeholderPos(state, id) ?? state.doc.content.size;
  const tr = state.tr.setMeta(placeholderKey, { remove: id });
  if (content !== undefined) insertAt(tr, at, content);
  view.dispatch(tr);
}
