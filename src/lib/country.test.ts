import { describe, expect, it } from 'vitest';
import { countryCode } from './country.js';

describe('countryCode', () => {
  it('gives the ISO 3166-1 code of an English country name, whatever its case', () => {
    expect(countryCode('South Korea')).toBe('KR');
    expect(countryCode(' japan ')).toBe('JP');
    expect(countryCode('Malaysia')).toBe('MY');
    expect(countryCode('Republic of Korea')).toBe('KR');
    expect(countryCode('United States')).toBe('US');
  });

  it('takes a code as it is', () => {
    expect(countryCode('kr')).toBe('KR');
    expect(countryCode('TH')).toBe('TH');
  });

  it('gives nothing for text that names no country', () => {
    expect(countryCode('Daeho')).toBeUndefined();
    expect(countryCode('ZZ')).toBeUndefined();
    expect(countryCode('')).toBeUndefined();
  });
});
