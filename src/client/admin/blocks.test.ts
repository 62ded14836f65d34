import { describe, expect, it } from 'vitest';
import { diffLines, respan } from './blocks.js';

describe('editor block helpers', () => {
  it('keeps a mention through later edits while its words are still there', () => {
    const spans = [
      { text: 'Lee Jae-wook', mention: { type: 'person' as const, id: 7 } },
      { text: ' stars again' },
    ];
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
