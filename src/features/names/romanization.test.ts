import { describe, expect, it } from 'vitest';
import { nameKey } from './normalize.js';
import {
  FAMILY_SPELLINGS,
  MAX_ROMANIZATIONS,
  romanizePersonName,
  syllableSpellings,
  VOWEL_SPELLINGS,
} from './romanization.js';

const keys = (hangul: string) => new Set(romanizePersonName(hangul).map(nameKey));

describe('romanization of Hangul names', () => {
  it('reads its spellings from tables tests can read', () => {
    expect(FAMILY_SPELLINGS['이']).toEqual(['Lee', 'Yi', 'Rhee', 'Ri', 'I']);
    expect(FAMILY_SPELLINGS['고']).toEqual(['Go', 'Ko']);
    expect(FAMILY_SPELLINGS['박']).toEqual(['Park', 'Pak', 'Bak']);
    expect(FAMILY_SPELLINGS['정']).toEqual(expect.arrayContaining(['Jung', 'Jeong', 'Chung']));
    expect(VOWEL_SPELLINGS['ㅜ']).toEqual(['u', 'oo', 'ou']);
    expect(VOWEL_SPELLINGS['ㅓ']).toEqual(expect.arrayContaining(['eo', 'u']));
    expect(VOWEL_SPELLINGS['ㅏ']).toEqual(['a', 'ah']);
    expect(VOWEL_SPELLINGS['ㅢ']).toEqual(expect.arrayContaining(['ui', 'eui']));
  });

  it('generates Revised Romanization first, then McCune–Reischauer and the common spellings', () => {
    const lee = romanizePersonName('이재욱');
    expect(lee[0]).toBe('Lee Jae-uk');
    expect(lee).toContain('Lee Jae-wook');
    for (const spelling of ['Yi Jae-uk', 'Rhee Jae-wook', 'Ri Jae-uk', 'Lee Chae-uk']) {
      expect(keys('이재욱'), spelling).toContain(nameKey(spelling));
    }
    expect(keys('고윤정')).toContain(nameKey('Ko Yoon-jung'));
    expect(keys('고윤정')).toContain(nameKey('Go Yun-jeong'));
    expect(keys('서율')).toContain(nameKey('Seo Youl'));
    expect(keys('신민아')).toContain(nameKey('Shin Min Ah'));
    expect(keys('장윤주')).toContain(nameKey('Jang Yoon Joo'));
    expect(keys('박서준')).toContain(nameKey('Pak So-jun'));
    expect(keys('정소민')).toContain(nameKey('Chung So-min'));
    expect(keys('김희선')).toContain(nameKey('Kim Hee-sun'));
    expect(keys('김희선')).toContain(nameKey('Kim Heui-seon'));
  });

  it('keeps the number of romanizations bounded', () => {
    for (const name of ['이재욱', '정유정', '황민현', '서주원', '권유리']) {
      const list = romanizePersonName(name);
      expect(list.length).toBeLessThanOrEqual(MAX_ROMANIZATIONS);
      expect(new Set(list).size).toBe(list.length);
    }
    expect(romanizePersonName('IU')).toEqual([]);
    expect(romanizePersonName('아이유아이유')).toEqual([]);
  });

  it('spells syllables with RR first', () => {
    expect(syllableSpellings('욱')[0]).toBe('uk');
    expect(syllableSpellings('서')).toEqual(expect.arrayContaining(['seo', 'su', 'so']));
    expect(syllableSpellings('주')).toEqual(expect.arrayContaining(['ju', 'joo']));
  });
});
