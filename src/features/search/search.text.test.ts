import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldedWords } from '../names/index.js';
import { plainWords } from './search.words.js';

const KNOWN = ['\u00a0', '\u00ad', '‘', '’', '‐', '‑', '–', '—', '“', '”', '…'];
const ascii = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));
const plainText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'B', 'z', '7', ' ', '-', "'", '.', '\n') },
    { weight: 3, arbitrary: ascii },
    { weight: 2, arbitrary: fc.constantFrom(...KNOWN) },
  ),
  maxLength: 60,
});

describe('plainWords, the fast path of search tokens', () => {
  it('gives exactly the words of foldedWords for ASCII and common punctuation', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        expect(plainWords(text)).toEqual(foldedWords(text));
      }),
      { numRuns: 5_000 },
    );
    expect(plainWords('Lee Jae-wook’s “Moving” — fans’ rock’n’roll_night...x')).toEqual(
      foldedWords('Lee Jae-wook’s “Moving” — fans’ rock’n’roll_night...x'),
    );
  });

  it('declines text it does not know, so the general folding handles it', () => {
    for (const text of ['Café', 'e\u0301', '이재욱', 'Ｌｅｅ', 'ㅇㅈㅇ', '\ud800x', 'a\u0301b']) {
      expect(plainWords(text), text).toBeUndefined();
    }
  });
});
