import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldedWords } from '../names/index.js';
import { parseQuery, toFts5, withoutStopWords } from './search.text.js';
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

describe('withoutStopWords, the article query without the words every article has', () => {
  it('drops English function words and keeps the joined title', () => {
    expect(toFts5(withoutStopWords(parseQuery('The Light of Winter 1')))).toBe(
      '("light" AND "winter" AND "1") OR "thelightofwinter1"*',
    );
    expect(toFts5(withoutStopWords(parseQuery('Alchemy of Souls')))).toBe(
      '("alchemy" AND "souls"*) OR "alchemyofsouls"*',
    );
  });

  it('keeps a query made only of such words, and leaves other words and Hangul alone', () => {
    expect(toFts5(withoutStopWords(parseQuery('of the')))).toBe(toFts5(parseQuery('of the')));
    expect(toFts5(withoutStopWords(parseQuery('Oh My Girl 환혼')))).toBe(
      toFts5(parseQuery('Oh My Girl 환혼')),
    );
  });
});
