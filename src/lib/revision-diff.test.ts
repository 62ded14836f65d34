import { describe, expect, it } from 'vitest';
import { articleLines, bodyLines, diffLines } from './revision-diff.js';

describe('revision diff', () => {
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

describe('articleLines and diffLines together', () => {
  it('names the title and standfirst and keeps a shared start and end as they are', () => {
    const p = (text: string) => ({ type: 'paragraph' as const, content: [{ text }] });
    const before = articleLines({ title: 'Old', dek: 'Same', body: [p('a'), p('b'), p('c')] });
    const after = articleLines({ title: 'New', dek: 'Same', body: [p('a'), p('B'), p('c')] });
    expect(diffLines(before, after)).toEqual([
      { kind: 'removed', text: 'Title: Old' },
      { kind: 'added', text: 'Title: New' },
      { kind: 'same', text: 'Standfirst: Same' },
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
    ]);
  });
});
