import {
  baseKeymap,
  chainCommands,
  exitCode,
  setBlockType,
  toggleMark,
} from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { history, redo, undo } from 'prosemirror-history';
import {
  inputRules,
  textblockTypeInputRule,
  undoInputRule,
  wrappingInputRule,
} from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import type { MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Plugin } from 'prosemirror-state';
import { placeholderPlugin } from './placeholders.js';
import { schema } from './schema.js';

/* Keyboard shortcuts, Markdown-style input rules and the commands the toolbar runs. */

const { nodes, marks } = schema;

const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});

/** Enter in a caption starts a paragraph after the figure rather than splitting the figure. */
const leaveCaption: Command = (state, dispatch) => {
  const { $from } = state.selection;
  if ($from.parent.type !== nodes.caption) return false;
  const after = $from.after($from.depth - 1);
  if (dispatch) {
    const tr = state.tr.insert(after, nodes.paragraph.create());
    dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView());
  }
  return true;
};

/** Turns the selected text blocks into a bulleted or numbered list, or back into paragraphs. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const list = $from.depth >= 3 ? $from.node($from.depth - 2) : undefined;
    if (list?.type === type) return liftListItem(nodes.list_item)(state, dispatch);
    if (
      list !== undefined &&
      (list.type === nodes.bullet_list || list.type === nodes.ordered_list)
    ) {
      if (dispatch) dispatch(state.tr.setNodeMarkup($from.before($from.depth - 2), type));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

/** Makes the selected blocks paragraphs, headings or quotes (a second press makes them paragraphs). */
export function toggleBlock(type: NodeType, attrs: Record<string, unknown> = {}): Command {
  return (state, dispatch) =>
    isBlockActive(state, type, attrs)
      ? setBlockType(nodes.paragraph)(state, dispatch)
      : setBlockType(type, attrs)(state, dispatch);
}

export function isBlockActive(
  state: EditorState,
  type: NodeType,
  attrs: Record<string, unknown> = {},
): boolean {
  const { $from } = state.selection;
  const parent = $from.parent;
  return parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

/** Sets (or, with an empty href, removes) the link on the selected text. */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, marks.link);
      if (href !== '') tr.addMark(from, to, marks.link.create({ href }));
      dispatch(tr);
    }
    return true;
  };
}

function rules(): Plugin {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{1,4})\s$/, nodes.heading, (match) => ({
        level: Math.max(2, match[1]?.length ?? 2),
      })),
      textblockTypeInputRule(/^>\s$/, nodes.quote),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(/^(\d+)\.\s$/, nodes.ordered_list),
    ],
  });
}

/**
 * The editor's plugins.
 * @param openLink called for Ctrl/Cmd+K: the screen asks for the address
 */
export function plugins(openLink: () => void): Plugin[] {
  return [
    rules(),
    keymap({
      'Mod-z': undo,
      'Shift-Mod-z': redo,
      'Mod-y': redo,
      Backspace: undoInputRule,
      'Mod-b': toggleMark(marks.bold),
      'Mod-i': toggleMark(marks.italic),
      'Mod-`': toggleMark(marks.code),
      'Mod-k': () => {
        openLink();
        return true;
      },
      'Shift-Enter': hardBreak,
      'Mod-Enter': hardBreak,
      Enter: chainCommands(leaveCaption, splitListItem(nodes.list_item)),
      'Shift-Tab': liftListItem(nodes.list_item),
    }),
    keymap(baseKeymap),
    dropCursor(),
    gapCursor(),
    history({ newGroupDelay: 750 }),
    placeholderPlugin,
  ];
}

export { redo, undo, toggleMark };
