import { describe, expect, it } from 'vitest';
import { groupSuggestions, type Detected } from './mentions.js';

const LEE = { type: 'person' as const, id: 7 };

describe('linker panel helpers', () => {
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
