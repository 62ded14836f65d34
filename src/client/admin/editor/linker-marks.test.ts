import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { linkedEntities } from '../mentions.js';
import type { Block } from '../types.js';
import { blocksToDoc, docToBlocks } from './convert.js';
import { linkerTextOf, linkFirstTr, unlinkTr } from './linker-marks.js';

/* The linker over the editor's document: offsets of the detect endpoint back to marks. */

const LEE = { type: 'person' as const, id: 7 };

const body: Block[] = [
  { type: 'heading', level: 2, content: [{ text: 'On set' }] },
  {
    type: 'paragraph',
    content: [
      { text: 'A clip with ' },
      { text: 'Lee Jae-wook', href: 'https://example.com/' },
      { text: ' and ' },
      { text: 'Lee Jae-wook', marks: ['bold'] },
      { text: ' again.\nTwice.' },
    ],
  },
  { type: 'video', videoId: 3, caption: [{ text: 'Lee Jae Wook laughs' }] },
  { type: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'Lee Jae-wook' }]] },
];

const stateOf = (blocks: Block[]) => EditorState.create({ doc: blocksToDoc(blocks) });

describe('the linker in the editor document', () => {
  it('sends the body as one text whose offsets lead back to the text', () => {
    const state = stateOf(body);
    const text = linkerTextOf(state.doc);
    expect(text).toBe(
      'On set\nA clip with Lee Jae-wook and Lee Jae-wook again.\nTwice.\nLee Jae Wook laughs\none\nLee Jae-wook',
    );
    const occurrences = [...text.matchAll(/Lee Jae[- ][wW]ook/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    expect(occurrences).toHaveLength(4);
    // The first is inside a link: the first one that can be linked is, marks kept.
    const tr = linkFirstTr(state, occurrences, LEE);
    const linked = docToBlocks(state.apply(tr ?? state.tr).doc);
    expect(linked[1]).toEqual({
      type: 'paragraph',
      content: [
        { text: 'A clip with ' },
        { text: 'Lee Jae-wook', href: 'https://example.com/' },
        { text: ' and ' },
        { text: 'Lee Jae-wook', marks: ['bold'], mention: LEE },
        { text: ' again.\nTwice.' },
      ],
    });
    expect(linked.filter((_, i) => i !== 1)).toEqual(body.filter((_, i) => i !== 1));
    expect([...linkedEntities(linked).values()]).toEqual([{ ...LEE, text: 'Lee Jae-wook' }]);
    // Unlinking gives the text back to its neighbours.
    const next = state.apply(tr ?? state.tr);
    expect(docToBlocks(next.apply(unlinkTr(next, LEE)).doc)).toEqual(body);
  });

  it('links inside captions and list items, and leaves links alone', () => {
    const state = stateOf(body);
    const text = linkerTextOf(state.doc);
    const at = (from: number) => ({ start: from, end: from + 12 });
    const caption = linkFirstTr(state, [at(text.indexOf('Lee Jae Wook'))], LEE);
    expect(docToBlocks(state.apply(caption ?? state.tr).doc)[2]).toEqual({
      type: 'video',
      videoId: 3,
      caption: [{ text: 'Lee Jae Wook', mention: LEE }, { text: ' laughs' }],
    });
    const item = linkFirstTr(state, [at(text.lastIndexOf('Lee Jae-wook'))], LEE);
    expect(docToBlocks(state.apply(item ?? state.tr).doc)[3]).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ text: 'one' }], [{ text: 'Lee Jae-wook', mention: LEE }]],
    });
    expect(linkFirstTr(state, [at(text.indexOf('Lee Jae-wook'))], LEE)).toBeUndefined();
  });
});
