import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { charCount, normalizeBody, normalizeEmail, normalizeName } from './comment.text.js';

function refusal(fn: () => unknown): {
  code: string;
  property: string | undefined;
  message: string;
} {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, property: error.property, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('normalizeName', () => {
  it('stores NFC, trims invisible padding, folds white space', () => {
    expect(normalizeName('  Jang\u00A0\u00A0 Uk \u200B')).toBe('Jang Uk');
    expect(normalizeName('\u1100\u1161\u11A8')).toBe('\uAC01'); // conjoining jamo → 각 (NFC)
    expect(normalizeName('Cafe\u0301')).toBe('Café');
    expect(normalizeName('\u3164Arin\u3164')).toBe('Arin');
    expect(normalizeName('👨‍👩‍👧')).toBe('👨‍👩‍👧'); // ZWJ inside is kept
  });
  it.each([
    ['', 'Please enter'],
    ['\u200B', 'invisible'],
    ['\u3164', 'invisible'],
    ['\u2800\u2800', 'invisible'],
    ['\uFE0F\u034F', 'invisible'],
    ['a\u202Eb', 'override'],
    ['a\u0007', 'control'],
  ])('refuses %j', (raw, words) => {
    const r = refusal(() => normalizeName(raw));
    expect(r).toMatchObject({ code: 'validation_failed', property: 'name' });
    expect(r.message).toContain(words);
  });
  it('counts characters, not UTF-16 units', () => {
    expect(normalizeName('😀'.repeat(50))).toHaveLength(100);
    expect(refusal(() => normalizeName('😀'.repeat(51))).property).toBe('name');
    expect(charCount('😀a')).toBe(2);
  });
});

describe('normalizeBody', () => {
  it('keeps inner characters exactly, normalises line breaks, trims edges', () => {
    expect(normalizeBody('\n  <b>hi</b>\r\n\tx  \n')).toBe('<b>hi</b>\n\tx');
    expect(normalizeBody('ㅋ'.repeat(5000))).toHaveLength(5000);
    expect(refusal(() => normalizeBody('ㅋ'.repeat(5001))).message).toContain('5,001');
  });
});

describe('normalizeEmail', () => {
  it('accepts empty as none, refuses nonsense', () => {
    expect(normalizeEmail('')).toBeNull();
    expect(normalizeEmail(undefined)).toBeNull();
    expect(normalizeEmail(' a@b.co ')).toBe('a@b.co');
    for (const bad of ['a', 'a@b', 'a@@b.co', 'a b@c.de', '@b.co', 'a@b.co\u202E']) {
      expect(refusal(() => normalizeEmail(bad)).property).toBe('email');
    }
  });
});
