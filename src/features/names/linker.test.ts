import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hangulLexiconOf, Linker, type NameEntry } from './linker.js';
import { foldWithPositions, foldedWords, nameKey } from './normalize.js';
import { personVariants, westernOrder } from './variants.js';

const person = (
  id: number,
  name: string,
  nameKo: string | null,
  aliases: string[] = [],
): NameEntry[] =>
  personVariants(name, nameKo, aliases).map((v) => ({
    type: 'person',
    id,
    name,
    surface: v.surface,
    source: v.source,
  }));

describe('normalizer', () => {
  it('folds case, hyphens, spaces, apostrophes, diacritics, full-width and NFD to one key', () => {
    for (const spelling of [
      'Lee Jae-wook',
      'Lee Jae Wook',
      'LeeJaewook',
      'lee-jae-wook',
      'Ｌｅｅ　Ｊａｅｗｏｏｋ',
      'Lée Jaé-wook',
    ]) {
      expect(nameKey(spelling)).toBe('leejaewook');
    }
    expect(nameKey("NU'EST")).toBe(nameKey('NU’EST'));
    expect(nameKey('이재욱')).toBe(nameKey('이재욱'.normalize('NFD')));
    expect(nameKey('Alchemy of Souls, Part 2')).toBe('alchemyofsouls|part2');
  });

  it('maps every folded character back into the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const f = foldWithPositions(s);
        for (let i = 0; i < f.text.length; i++) {
          const a = f.starts[i] ?? -1;
          const b = f.ends[i] ?? -1;
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(a).toBeGreaterThanOrEqual(f.starts[i - 1] ?? 0);
        }
      }),
    );
  });

  it('splits words for search and keeps joined forms of hyphenated names', () => {
    expect(foldedWords('Lee Jae-wook’s fans')).toEqual([
      'lee',
      'jae',
      'wook',
      's',
      'jaewooks',
      'fans',
    ]);
  });

  it('generates Western order only after a Korean family name', () => {
    expect(westernOrder('Lee Jae-wook')).toBe('Jae-wook Lee');
    expect(westernOrder('Go Won')).toBeUndefined();
    expect(westernOrder('Crown Prince Go Won')).toBeUndefined();
    expect(westernOrder('Arin')).toBeUndefined();
  });
});

describe('linker', () => {
  const linker = new Linker(
    [
      ...person(1, 'Lee Jae-wook', '이재욱', ['Lee Jae Wook']),
      ...person(2, 'Hwang Min-hyun', '황민현', ['Hwang Minhyun', 'Minhyun']),
      ...person(3, 'Kim Min-hyun', null, ['Minhyun']),
      ...person(4, 'Arin', '아린'),
      { type: 'group', id: 9, name: 'NU’EST', surface: "NU'EST", source: 'alias' },
      {
        type: 'show',
        id: 7,
        name: 'Alchemy of Souls',
        surface: 'Alchemy of Souls',
        source: 'canonical',
      },
      {
        type: 'show',
        id: 7,
        name: 'Alchemy of Souls, Part 2',
        surface: 'Alchemy of Souls, Part 2',
        source: 'canonical',
      },
    ],
    [
      [
        { type: 'person', id: 2 },
        { type: 'group', id: 9 },
      ],
      [
        { type: 'person', id: 3 },
        { type: 'show', id: 8 },
      ],
    ],
  );
  const found = (text: string, context?: { type: 'show'; id: number }[]) =>
    linker
      .detect(text, context ? { context } : {})
      .map((m) => [text.slice(m.start, m.end), m.type, m.id, m.confidence] as const);

  it('matches every spelling, Western order, possessives and Hangul with particles', () => {
    const text = 'Jae-wook Lee’s co-star Hwang Minhyun met LEE JAE WOOK; 이재욱이 웃었다.';
    expect(found(text).map(([s, , id]) => [s, id])).toEqual([
      ['Jae-wook Lee', 1],
      ['Hwang Minhyun', 2],
      ['LEE JAE WOOK', 1],
      ['이재욱', 1],
    ]);
  });

  it('respects word boundaries and sentence breaks', () => {
    expect(found('Marina and Clarinet, Lee. Jae-wook')).toEqual([]);
    expect(found('이재욱스타일')).toEqual([]);
  });

  it('prefers the longest name', () => {
    expect(
      found('“Alchemy of Souls, Part 2” and Alchemy of Souls').map(([s, , , c]) => [s, c >= 0.8]),
    ).toEqual([
      ['Alchemy of Souls, Part 2', true],
      ['Alchemy of Souls', true],
    ]);
  });

  it('offers, never guesses, an ambiguous name without context', () => {
    const result = found('Minhyun smiled.');
    expect(result.map(([, , id]) => id).sort()).toEqual([2, 3]);
    for (const [, , , confidence] of result) expect(confidence).toBeLessThan(0.5);
  });

  it('resolves an ambiguous name from other names in the text or the given context', () => {
    expect(found("NU'EST fans cheered as Minhyun smiled.").map(([s, , id]) => [s, id])).toEqual([
      ["NU'EST", 9],
      ['Minhyun', 2],
    ]);
    const withContext = found('Minhyun smiled.', [{ type: 'show', id: 8 }]);
    expect(withContext).toHaveLength(1);
    expect(withContext[0]?.[2]).toBe(3);
  });

  it('trusts a lowercase common word less than a capitalised name', () => {
    const [lower] = found('arin');
    const [upper] = found('Arin');
    expect(lower?.[3] ?? 1).toBeLessThan(upper?.[3] ?? 0);
  });

  it('never throws and always returns ranges inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        for (const m of linker.detect(s)) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(s.length);
          expect(m.end).toBeGreaterThan(m.start);
        }
      }),
    );
  });
});

describe('hangulLexiconOf', () => {
  it('keys every Hangul word run of a name by its spaceless form, the first name winning', () => {
    const lexicon = hangulLexiconOf([
      '빛과 그림자',
      'Lee Jae-wook (이재욱)',
      '빛과그림자 OST',
      'IU',
      '김',
    ]);
    expect([...lexicon]).toEqual([
      ['빛과그림자', '빛과 그림자'],
      ['이재욱', '이재욱'],
    ]);
  });
});
