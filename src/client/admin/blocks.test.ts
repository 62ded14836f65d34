import { describe, expect, it } from 'vitest';
import { addMention, diffLines, respan } from './blocks.js';

describe('editor block helpers', () => {
  it('adds a mention inside plain text and keeps it through later edits', () => {
    const spans = addMention([{ text: 'Lee Jae-wook stars again' }], 0, 12, {
      type: 'person',
      id: 7,
    });
    expect(spans).toEqual([
      { text: 'Lee Jae-wook', mention: { type: 'person', id: 7 } },
      { text: ' stars again' },
    ]);
    expect(respan('Actor Lee Jae-wook stars', spans)).toEqual([
      { text: 'Actor ' },
      { text: 'Lee Jae-wook', mention: { type: 'person', id: 7 } },
      { text: ' stars' },
    ]);
    expect(respan('Someone else', spans)).toEqual([{ text: 'Someone else' }]);
  });

  it('diffs lines', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });
});
