import { describe, expect, it } from 'vitest';
import { bodyLines, diffLines } from './blocks.js';

describe('editor block helpers', () => {
  it('writes an image with its caption and credit as one line', () => {
    expect(
      bodyLines([
        {
          type: 'image',
          src: '/m.jpg',
          alt: 'Still',
          caption: [{ text: 'On set' }],
          credit: 'tvN',
        },
      ]),
    ).toEqual(['[image /m.jpg "Still" On set · tvN]']);
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
