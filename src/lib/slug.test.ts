import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify, tagSlug, uniqueSlug } from './slug.js';

/** Any text: ASCII, Latin with diacritics, Hangul, full-width forms, emoji, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc
    .array(
      fc.constantFrom(
        'Lee',
        'Jae-wook',
        'Café',
        "NU'EST",
        '이재욱',
        'ＡＢＣ',
        '  ',
        '--',
        ',',
        '😀',
        '\u0301',
      ),
      {
        maxLength: 30,
      },
    )
    .map((parts) => parts.join(' ')),
);

describe('slugify (properties)', () => {
  it('returns a routable slug of at most 80 characters, or the empty string', () => {
    fc.assert(
      fc.property(anyText, (name) => {
        const slug = slugify(name);
        expect(slug.length).toBeLessThanOrEqual(80);
        if (slug !== '') expect(slug).toMatch(SLUG_PATTERN);
      }),
      { numRuns: 2_000 },
    );
  });

  it('is idempotent: a slug slugifies to itself', () => {
    fc.assert(
      fc.property(anyText, (name) => {
        const slug = slugify(name);
        expect(slugify(slug)).toBe(slug);
      }),
      { numRuns: 1_000 },
    );
  });

  it('ignores case, surrounding separators and composed/decomposed forms', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(' ', '-', ', ', '!!'), (name, edge) => {
        const slug = slugify(name);
        expect(slugify(name.toUpperCase().toLowerCase())).toBe(slugify(name.toLowerCase()));
        expect(slugify(`${edge}${name}${edge}`)).toBe(slug);
        expect(slugify(name.normalize('NFD'))).toBe(slugify(name.normalize('NFC')));
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps every ASCII letter and digit of a short name, in order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        const kept = name.toLowerCase().replace(/[^a-z0-9]/g, '');
        expect(slugify(name).replaceAll('-', '')).toBe(kept);
      }),
      { numRuns: 1_000 },
    );
  });

  it('uniqueSlug never returns a taken slug', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText,
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 12 }),
        async (name, takenNumbers) => {
          const base = slugify(name);
          const root = base === '' ? 'item' : base;
          const taken = new Set(takenNumbers.map((n) => (n === 1 ? root : `${root}-${n}`)));
          const slug = await uniqueSlug(base, async (s) => taken.has(s));
          expect(taken.has(slug)).toBe(false);
          expect(slug).toMatch(SLUG_PATTERN);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** True when no surrogate stands without its pair (String.prototype.isWellFormed, ES2024). */
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

describe('tagSlug (properties)', () => {
  it('returns a slug the tag routes accept, of whole characters, or the empty string', () => {
    fc.assert(
      fc.property(anyText, (name) => {
        const slug = tagSlug(name);
        if (slug === '') return;
        expect(slug).toMatch(SLUG_PATTERN);
        expect([...slug].length).toBeLessThanOrEqual(80);
        expect(wellFormed(slug)).toBe(true);
      }),
    );
  });

  it('keeps Hangul words and cuts a long name of astral letters between characters', () => {
    expect(tagSlug('tvN 드라마')).toBe('tvn-드라마');
    // U+20000 and on (CJK Extension B) take two UTF-16 units each.
    const slug = tagSlug('𠀀'.repeat(100));
    expect([...slug]).toHaveLength(80);
    expect(wellFormed(slug)).toBe(true);
  });
});
