import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snippet, wholeSnippet } from './search.snippet.js';
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
      fc.property(longText, fc.constantFrom(...words, 'lee jae wook', 'zzz'), (text, q) => {
        const query = parseQuery(q);
        expect(snippet(text, query)).toEqual(wholeSnippet(text, query));
      }),
      { numRuns: 200 },
    );
  });
});
