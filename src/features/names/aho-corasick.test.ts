import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';

/** Every occurrence by brute force, in the automaton's order (by end, then longest first). */
function naive(patterns: readonly string[], text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let end = 1; end <= text.length; end++) {
    const found: [number, number, number][] = [];
    const seen = new Set<string>();
    for (const [index, pattern] of patterns.entries()) {
      if (pattern.length === 0 || pattern.length > end || seen.has(pattern)) continue;
      if (text.slice(end - pattern.length, end) !== pattern) continue;
      seen.add(pattern);
      found.push([index, end - pattern.length, end]);
    }
    found.sort((a, b) => b[2] - b[1] - (a[2] - a[1]));
    out.push(...found);
  }
  return out;
}

describe('AhoCorasick', () => {
  it('finds exactly what a brute-force scan finds, the first of equal patterns reported', () => {
    // A small alphabet (with a surrogate pair and Hangul) makes overlaps and shared prefixes common.
    const unit = fc.constantFrom('a', 'b', 'ab', ' ', '가', '나', '\ud83d\ude00', 'é');
    const word = fc.array(unit, { minLength: 0, maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.array(unit, { maxLength: 40 }),
        (patterns, text) => {
          const joined = text.join('');
          const found: [number, number, number][] = [];
          new AhoCorasick(patterns).search(joined, (p, s, e) => found.push([p, s, e]));
          expect(found).toEqual(naive(patterns, joined));
        },
      ),
    );
  });
});
