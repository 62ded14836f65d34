import { describe, expect, it } from 'vitest';
import {
  addMention,
  groupSuggestions,
  linkedEntities,
  linkerText,
  linkFirst,
  unlink,
  type Detected,
} from './mentions.js';
import type { Block } from './types.js';

const LEE = { type: 'person' as const, id: 7 };

describe('linker panel helpers', () => {
  const body: Block[] = [
    { type: 'heading', level: 2, content: [{ text: 'On set' }] },
    {
      type: 'paragraph',
      content: [
        { text: 'A clip with ' },
        { text: 'Lee Jae-wook', href: 'https://example.com/' },
        { text: ' and ' },
        { text: 'Lee Jae-wook', marks: ['bold'] },
        { text: ' again.' },
      ],
    },
    { type: 'video', videoId: 3, caption: [{ text: 'Lee Jae Wook laughs' }] },
    { type: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'Lee Jae-wook' }]] },
  ];

  it('sends the body as one text whose offsets lead back to the spans', () => {
    const text = linkerText(body);
    expect(text).toBe(
      'On set\nA clip with Lee Jae-wook and Lee Jae-wook again.\nLee Jae Wook laughs\none\nLee Jae-wook',
    );
    // Offsets of every "Lee Jae…" in the text, as the detect endpoint answers them.
    const occurrences = [...text.matchAll(/Lee Jae[- ][wW]ook/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    expect(occurrences).toHaveLength(4);
    // The first is inside a link: the first one that can be linked is, marks kept.
    const linked = linkFirst(body, occurrences, LEE);
    expect(linked?.[1]).toEqual({
      type: 'paragraph',
      content: [
        { text: 'A clip with ' },
        { text: 'Lee Jae-wook', href: 'https://example.com/' },
        { text: ' and ' },
        { text: 'Lee Jae-wook', marks: ['bold'], mention: LEE },
        { text: ' again.' },
      ],
    });
    // Everything else is as it was.
    expect(linked?.filter((_, i) => i !== 1)).toEqual(body.filter((_, i) => i !== 1));
    expect(linkerText(linked ?? [])).toBe(text);
    expect([...linkedEntities(linked ?? []).values()]).toEqual([{ ...LEE, text: 'Lee Jae-wook' }]);
    // Unlinking gives the text back to its neighbours.
    expect(unlink(linked ?? [], LEE)).toEqual(body);
  });

  it('links inside list items and captions, splitting only the mentioned words', () => {
    const text = linkerText(body);
    const start = text.indexOf('Lee Jae Wook');
    const linked = linkFirst(body, [{ start, end: start + 12 }], LEE);
    expect(linked?.[2]).toEqual({
      type: 'video',
      videoId: 3,
      caption: [{ text: 'Lee Jae Wook', mention: LEE }, { text: ' laughs' }],
    });
    const last = text.lastIndexOf('Lee Jae-wook');
    expect(linkFirst(body, [{ start: last, end: last + 12 }], LEE)?.[3]).toEqual({
      type: 'list',
      ordered: false,
      items: [[{ text: 'one' }], [{ text: 'Lee Jae-wook', mention: LEE }]],
    });
  });

  it('leaves links and mentions alone', () => {
    expect(addMention([{ text: 'Arin', href: '/x' }], 0, 4, LEE)).toBeUndefined();
    expect(addMention([{ text: 'Arin', mention: { type: 'group', id: 1 } }], 0, 4, LEE)).toBe(
      undefined,
    );
    expect(addMention([{ text: 'Go Arin', marks: ['italic'] }], 3, 7, LEE)).toEqual([
      { text: 'Go ', marks: ['italic'] },
      { text: 'Arin', marks: ['italic'], mention: LEE },
    ]);
  });

  it('lists each entity once and ambiguous names as choices, rejected ones left out', () => {
    const text = 'Lee Jae-wook met Arin. Lee Jae Wook laughed. Arin smiled. Seo Yul waved.';
    const at = (word: string, from = 0) => {
      const start = text.indexOf(word, from);
      return { start, end: start + word.length };
    };
    const found: Detected[] = [
      { ...LEE, name: 'Lee Jae-wook', confidence: 0.92, ...at('Lee Jae-wook') },
      { type: 'person', id: 9, name: 'Arin', confidence: 0.8, ...at('Arin') },
      { ...LEE, name: 'Lee Jae-wook', confidence: 0.88, ...at('Lee Jae Wook') },
      { type: 'person', id: 9, name: 'Arin', confidence: 0.75, ...at('Arin', 20) },
      { type: 'person', id: 4, name: 'Hwang Min-hyun', confidence: 0.4, ...at('Seo Yul') },
      { type: 'character', id: 2, name: 'Seo Yul', confidence: 0.4, ...at('Seo Yul') },
    ];
    const all = groupSuggestions(text, found, new Set());
    expect(
      all.suggestions.map((s) => [s.name, s.confidence, s.texts, s.occurrences.length]),
    ).toEqual([
      ['Lee Jae-wook', 0.92, ['Lee Jae-wook', 'Lee Jae Wook'], 2],
      ['Arin', 0.8, ['Arin'], 2],
    ]);
    expect(all.choices).toEqual([
      {
        key: 'character:2|person:4',
        text: 'Seo Yul',
        candidates: [
          { type: 'person', id: 4, name: 'Hwang Min-hyun' },
          { type: 'character', id: 2, name: 'Seo Yul' },
        ],
        occurrences: [at('Seo Yul')],
      },
    ]);
    const left = groupSuggestions(text, found, new Set(['person:9', 'character:2']));
    expect(left.suggestions.map((s) => s.name)).toEqual(['Lee Jae-wook']);
    expect(left.choices.map((c) => c.candidates.map((m) => m.name))).toEqual([['Hwang Min-hyun']]);
  });
});
