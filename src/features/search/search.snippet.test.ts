import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRanges, snippet, wholeSnippet } from './search.snippet.js';
import { parseQuery } from './search.text.js';

const words = [
  'kiss',
  'scene',
  'Lee',
  'Jae-wook',
  '이재욱이',
  'the',
  'finale',
  'rooftop',
  '😀',
  'é',
];
const longText = fc
  .array(
    fc.tuple(
      // Mostly words that match nothing, so that the first match falls anywhere, or nowhere.
      fc.oneof(
        { weight: 300, arbitrary: fc.constantFrom('drama', 'episode', 'ratings', 'cast') },
        { weight: 1, arbitrary: fc.constantFrom(...words) },
      ),
      fc.constantFrom(' ', '  ', '\n', ', ', '. ', '\t'),
    ),
    { minLength: 600, maxLength: 1_500 },
  )
  .map((pieces) => pieces.map(([word, space]) => word + space).join(''));

describe('snippet of a long text', () => {
  it('is the snippet of the whole text, though it reads only the head when a match is early', () => {
    fc.assert(
      fc.property(
        longText,
        fc.constantFrom(...words, 'lee jae wook', 'zzz', '재욱', '이', '가'),
        (text, q) => {
          const query = parseQuery(q);
          expect(snippet(text, query)).toEqual(wholeSnippet(text, query));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('matches of a Hangul query', () => {
  const shortText = fc
    .array(fc.constantFrom(...words, 'drama', ' ', '(', '\uffa0', '\u3200'), { maxLength: 40 })
    .map((pieces) => pieces.join(' '));

  it('are found in Hangul written any way, and not looked for in a text without Hangul', () => {
    fc.assert(
      fc.property(shortText, fc.constantFrom('재욱', '이재욱', '가', '이', 'ㅇㅈㅇ'), (text, q) => {
        const query = parseQuery(q);
        // With Hangul after it, the text is always folded: its own matches must be the same.
        const folded = matchRanges(`${text} 가`, query).filter(([, end]) => end <= text.length);
        expect(matchRanges(text, query)).toEqual(folded);
      }),
      { numRuns: 300 },
    );
    // 이재욱 in conjoining jamo (NFD), with no syllable anywhere in the text.
    const nfd = '\u110b\u1175\u110c\u1162\u110b\u116e\u11a8';
    expect(matchRanges(`drama ${nfd} drama`, parseQuery('재욱'))).toEqual([[8, 13]]);
  });
});
