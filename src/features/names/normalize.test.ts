import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BREAK, foldedWords, foldWithPositions, nameKey, wellFormed } from './normalize.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text made of what names are made of: Latin letters with and without combining accents,
 * full-width Latin, Hangul syllables, compatibility, conjoining and half-width jamo, hyphens,
 * apostrophes and spaces.
 */
const nameText = fc.string({
  unit: fc.constantFrom(
    'a',
    'B',
    'é',
    'e\u0301',
    '-',
    "'",
    '’',
    ' ',
    '재',
    '욱',
    '이',
    'Ｌ',
    'ｅ',
    '\u200b',
    'ㅇ',
    'ㅏ',
    '\u1100',
    '\u1161',
    '\u11a8',
    '\uffa1',
    '\uffc2',
    '\uffbe',
  ),
  maxLength: 40,
});

/** Any text: code units (lone surrogates included), graphemes, and name-like mixes. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc
    .array(
      fc.constantFrom(
        'Lee',
        'Jae-wook',
        "Jae'wook",
        'Café',
        'CAFE\u0301',
        '이재욱',
        '\u110b\u1175',
        'ＬＥＥ',
        '·',
        ', ',
        '(',
        ')',
        '—',
        '  ',
        '\t',
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
);

describe('name normalizer (properties)', () => {
  it('maps every folded character back to a range of the original, in order', () => {
    fc.assert(
      fc.property(anyText, (original) => {
        const folded = foldWithPositions(original);
        const n = folded.text.length;
        expect(folded.starts.length).toBe(n);
        expect(folded.ends.length).toBe(n);
        expect(folded.wordStart.length).toBe(n);
        for (let i = 0; i < n; i++) {
          const start = folded.starts[i] ?? -1;
          const end = folded.ends[i] ?? -1;
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(original.length);
          if (i > 0) expect(start).toBeGreaterThanOrEqual(folded.starts[i - 1] ?? 0);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('folds to lowercase letters, digits and single breaks only', () => {
    fc.assert(
      fc.property(anyText, (original) => {
        const { text } = foldWithPositions(original);
        expect(text).toBe(text.toLowerCase());
        expect(text).not.toMatch(/\s/u);
        expect(text.includes(BREAK + BREAK)).toBe(false);
        for (const ch of text.replaceAll(BREAK, '')) expect(ch).toMatch(/^[\p{L}\p{N}]$/u);
      }),
      { numRuns: 2_000 },
    );
  });

  it('nameKey is stable under NFC/NFD, surrounding spaces, and on its own output', () => {
    fc.assert(
      fc.property(nameText, (name) => {
        const key = nameKey(name);
        expect(nameKey(name.normalize('NFD'))).toBe(nameKey(name.normalize('NFC')));
        expect(nameKey(`  ${name} `)).toBe(key);
        expect(key.startsWith(BREAK) || key.endsWith(BREAK)).toBe(false);
        // Idempotent on its own output: a key is already folded.
        expect(nameKey(key)).toBe(key);
      }),
      { numRuns: 1_500 },
    );
  });

  it('nameKey ignores case (ASCII; Unicode case mapping can change length, e.g. ᾀ → ἈΙ)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        expect(nameKey(name.toUpperCase())).toBe(nameKey(name.toLowerCase()));
      }),
      { numRuns: 1_000 },
    );
  });

  it('the soft separators join: "Lee Jae-wook", "Lee Jae Wook" and "LeeJaewook" are one name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom(' ', '-', "'", '\u2019', '·', '_', ''), {
          minLength: 5,
          maxLength: 5,
        }),
        (words, seps) => {
          const joined = words.map((w, i) => (i === 0 ? w : `${seps[i] ?? ''}${w}`)).join('');
          expect(nameKey(joined)).toBe(words.join('').toLowerCase());
        },
      ),
    );
  });

  it('foldedWords and wellFormed never throw and give well-formed words', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const clean = wellFormed(text);
        expect(clean.length).toBe(text.length);
        expect(clean).not.toMatch(LONE_SURROGATE);
        for (const word of foldedWords(text)) {
          expect(word).not.toBe('');
          expect(word.includes(BREAK)).toBe(false);
          expect(word).not.toMatch(LONE_SURROGATE);
        }
      }),
      { numRuns: 1_500 },
    );
  });
});
