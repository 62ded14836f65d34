import { disassembleCompleteCharacter } from 'es-hangul';

/*
 * Romanizations of Korean names, generated from the Hangul: the spellings readers and news copy
 * actually use, not only the official one. Names are romanized syllable by syllable (as
 * Revised Romanization does for personal names), so "이재욱" is "Lee Jae-wook" and never
 * "Ijaeuk" with sound changes across syllables.
 *
 * Every spelling comes from the tables below (exported so tests can read them):
 * - FAMILY_SPELLINGS: the usual spellings of family names (이 → Lee, Yi, Rhee, Ri, I).
 * - INITIAL_SPELLINGS / VOWEL_SPELLINGS / FINAL_SPELLINGS: per jamo, Revised Romanization
 *   first, then McCune–Reischauer with its diacritics and apostrophes folded away (ŏ → o,
 *   ch' → ch), then common spellings (u/oo/ou, eo/u, a/ah, ui/eui…).
 * - SYLLABLE_SPELLINGS: whole syllables whose common spelling no jamo rule gives (우 → woo,
 *   주 → joo, 희 → hee).
 * Spaced, hyphenated and joined forms need no variant: names fold to one key (normalize.ts).
 */

/** Spellings of family names, the usual first. */
export const FAMILY_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  이: ['Lee', 'Yi', 'Rhee', 'Ri', 'I'],
  리: ['Ri', 'Lee'],
  김: ['Kim', 'Gim'],
  박: ['Park', 'Pak', 'Bak'],
  최: ['Choi', 'Choe'],
  정: ['Jung', 'Jeong', 'Chung', 'Chong'],
  강: ['Kang', 'Gang'],
  조: ['Cho', 'Jo'],
  윤: ['Yoon', 'Yun'],
  장: ['Jang', 'Chang'],
  임: ['Lim', 'Im', 'Yim'],
  한: ['Han'],
  오: ['Oh', 'O'],
  서: ['Seo', 'Suh', 'So'],
  신: ['Shin', 'Sin'],
  권: ['Kwon', 'Gwon'],
  황: ['Hwang'],
  안: ['Ahn', 'An'],
  송: ['Song'],
  전: ['Jeon', 'Jun', 'Chun', 'Chon'],
  홍: ['Hong'],
  유: ['Yoo', 'Yu', 'You'],
  류: ['Ryu', 'Yoo', 'Yu'],
  고: ['Go', 'Ko'],
  문: ['Moon', 'Mun'],
  양: ['Yang'],
  손: ['Son', 'Sohn'],
  배: ['Bae', 'Pae'],
  백: ['Baek', 'Paek', 'Baik'],
  허: ['Heo', 'Huh', 'Ho'],
  남: ['Nam'],
  노: ['Noh', 'No', 'Roh'],
  하: ['Ha'],
  곽: ['Kwak', 'Gwak'],
  성: ['Sung', 'Seong'],
  차: ['Cha'],
  주: ['Joo', 'Ju', 'Chu'],
  우: ['Woo', 'U'],
  구: ['Koo', 'Gu', 'Ku'],
  민: ['Min'],
  나: ['Na', 'Ra'],
  진: ['Jin', 'Chin'],
  지: ['Ji', 'Chi'],
  엄: ['Um', 'Eom'],
  원: ['Won'],
  천: ['Cheon', 'Chun'],
  방: ['Bang', 'Pang'],
  변: ['Byun', 'Byeon', 'Pyon'],
  채: ['Chae'],
  염: ['Yeom', 'Yum'],
  석: ['Seok', 'Suk'],
  설: ['Seol', 'Sul'],
  여: ['Yeo', 'Yoo'],
  육: ['Yook', 'Yuk'],
  표: ['Pyo'],
  도: ['Do', 'To'],
  마: ['Ma'],
  길: ['Gil', 'Kil'],
};

/** Initial consonants: RR, then MR (word-initial, unvoiced), then others. ㅇ is silent. */
export const INITIAL_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  ㄱ: ['g', 'k'],
  ㄲ: ['kk', 'gg'],
  ㄴ: ['n'],
  ㄷ: ['d', 't'],
  ㄸ: ['tt', 'dd'],
  ㄹ: ['r', 'l'],
  ㅁ: ['m'],
  ㅂ: ['b', 'p'],
  ㅃ: ['pp', 'bb'],
  ㅅ: ['s', 'sh'],
  ㅆ: ['ss'],
  ㅇ: [''],
  ㅈ: ['j', 'ch'],
  ㅉ: ['jj', 'tch'],
  ㅊ: ['ch'],
  ㅋ: ['k'],
  ㅌ: ['t'],
  ㅍ: ['p'],
  ㅎ: ['h'],
};

/** Vowels: RR, MR (ŏ → o, ŭ → u), then common spellings. */
export const VOWEL_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  ㅏ: ['a', 'ah'],
  ㅐ: ['ae'],
  ㅑ: ['ya'],
  ㅒ: ['yae'],
  ㅓ: ['eo', 'u', 'o'],
  ㅔ: ['e'],
  ㅕ: ['yeo', 'yo', 'yu'],
  ㅖ: ['ye'],
  ㅗ: ['o', 'oh'],
  ㅘ: ['wa'],
  ㅙ: ['wae'],
  ㅚ: ['oe', 'oi'],
  ㅛ: ['yo'],
  ㅜ: ['u', 'oo', 'ou'],
  ㅝ: ['wo'],
  ㅞ: ['we'],
  ㅟ: ['wi'],
  ㅠ: ['yu', 'yoo', 'you'],
  ㅡ: ['eu', 'u'],
  ㅢ: ['ui', 'eui', 'ee'],
  ㅣ: ['i', 'ee'],
};

/** Final consonants as names are written (no sound change across syllables). */
export const FINAL_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  '': [''],
  ㄱ: ['k', 'g'],
  ㄲ: ['k'],
  ㄴ: ['n'],
  ㄷ: ['t'],
  ㄹ: ['l'],
  ㅁ: ['m'],
  ㅂ: ['p', 'b'],
  ㅅ: ['t'],
  ㅆ: ['t'],
  ㅇ: ['ng'],
  ㅈ: ['t'],
  ㅊ: ['t'],
  ㅋ: ['k'],
  ㅌ: ['t'],
  ㅍ: ['p'],
  ㅎ: ['t'],
};

/** Whole syllables with common spellings the jamo rules do not give, added after them. */
export const SYLLABLE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  우: ['woo', 'wu'],
  욱: ['wook', 'uk', 'ook'],
  운: ['woon', 'un'],
  웅: ['woong'],
  유: ['yoo', 'yu'],
  윤: ['yoon', 'yun'],
  율: ['yul', 'youl', 'yool'],
  주: ['joo', 'ju'],
  준: ['joon', 'jun'],
  중: ['joong', 'jung'],
  수: ['soo', 'su'],
  숙: ['sook', 'suk'],
  순: ['soon', 'sun'],
  구: ['goo', 'gu', 'koo'],
  국: ['gook', 'guk', 'kook'],
  훈: ['hoon', 'hun'],
  현: ['hyun', 'hyeon'],
  연: ['yeon', 'yun'],
  영: ['young', 'yeong'],
  경: ['kyung', 'gyeong', 'kyeong'],
  성: ['sung', 'seong'],
  정: ['jung', 'jeong'],
  희: ['hee', 'hui', 'heui'],
  의: ['eui', 'ui'],
  이: ['yi', 'lee'],
  은: ['eun'],
  석: ['seok', 'suk'],
  선: ['sun', 'seon'],
  빈: ['bin'],
  민: ['min'],
  진: ['jin'],
  지: ['ji'],
  기: ['ki', 'gi'],
  규: ['kyu', 'gyu'],
  근: ['geun', 'keun'],
  건: ['geon', 'gun', 'kun'],
  범: ['bum', 'beom'],
  호: ['ho'],
  아: ['ah', 'a'],
};

/** At most this many spellings of one syllable are kept (the most common first). */
const PER_SYLLABLE = 6;
/** At most this many romanizations of one name are generated (the most common first). */
export const MAX_ROMANIZATIONS = 24;

function unique(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.toLowerCase()))];
}

/** The spellings of one Hangul syllable, most common first. */
export function syllableSpellings(syllable: string): string[] {
  const own = SYLLABLE_SPELLINGS[syllable] ?? [];
  const parts = disassembleCompleteCharacter(syllable);
  if (parts === undefined) return unique(own);
  const initials = INITIAL_SPELLINGS[parts.choseong] ?? [];
  // A compound vowel may come disassembled (ㅗㅏ); it is looked up composed.
  const vowel = VOWEL_SPELLINGS[composeVowel(parts.jungseong)] ?? [];
  const finals = FINAL_SPELLINGS[parts.jongseong] ??
    FINAL_SPELLINGS[parts.jongseong.slice(-1)] ?? [''];
  const ruled: string[] = [];
  for (const i of initials)
    for (const v of vowel)
      for (const f of finals) {
        // "ah" is how a syllable ending in ㅏ is written (Min Ah), never before a final consonant.
        if (f !== '' && v.endsWith('h')) continue;
        ruled.push(i + v + f);
      }
  // The first rule spelling (Revised Romanization), then the common ones, then the rest.
  return unique([...ruled.slice(0, 1), ...own, ...ruled.slice(1)]).slice(0, PER_SYLLABLE);
}

const COMPOUND_VOWELS: Readonly<Record<string, string>> = {
  ㅗㅏ: 'ㅘ',
  ㅗㅐ: 'ㅙ',
  ㅗㅣ: 'ㅚ',
  ㅜㅓ: 'ㅝ',
  ㅜㅔ: 'ㅞ',
  ㅜㅣ: 'ㅟ',
  ㅡㅣ: 'ㅢ',
};

function composeVowel(middle: string): string {
  return COMPOUND_VOWELS[middle] ?? middle;
}

/** Combinations of per-position choices, fewest and earliest choices first, up to `max`. */
function combinations(choices: readonly (readonly string[])[], max: number): string[][] {
  const out: string[][] = [];
  const limit = Math.max(...choices.map((c) => c.length), 1);
  // Visit index vectors by the sum of their indexes: the most common spellings come first.
  const maxSum = choices.reduce((sum, c) => sum + c.length - 1, 0);
  for (let sum = 0; sum <= maxSum && out.length < max; sum++) {
    const walk = (position: number, left: number, picked: string[]) => {
      if (out.length >= max) return;
      if (position === choices.length) {
        if (left === 0) out.push(picked);
        return;
      }
      const options = choices[position] ?? [];
      for (let index = 0; index <= Math.min(left, limit - 1); index++) {
        const choice = options[index];
        if (choice === undefined) break;
        walk(position + 1, left - index, [...picked, choice]);
      }
    };
    walk(0, sum, []);
  }
  return out;
}

const capital = (s: string) => (s === '' ? s : s[0]?.toUpperCase() + s.slice(1));

/**
 * Romanizations of a Korean personal name written in Hangul ("이재욱" → "Lee Jae-wook",
 * "Yi Jae-uk", "Rhee Jae-ook"…), most common first: a family name of one syllable, then the
 * given name hyphenated. Undefined for anything that is not two to four Hangul syllables.
 */
export function romanizePersonName(hangul: string): string[] {
  const name = hangul.replace(/\s+/gu, '');
  if (!/^[\uac00-\ud7a3]{2,4}$/u.test(name)) return [];
  const [familySyllable = '', ...given] = [...name];
  const family = FAMILY_SPELLINGS[familySyllable] ?? syllableSpellings(familySyllable);
  const choices = [family.map((f) => f.toLowerCase()), ...given.map(syllableSpellings)];
  return combinations(choices, MAX_ROMANIZATIONS).map(
    ([f = '', ...g]) => `${capital(f)} ${capital(g.join('-'))}`,
  );
}

/**
 * Romanizations of a Hangul title or stage name, word by word ("빛과 그림자" → "Bichgwa
 * Geulimja"…): syllables joined, most common spellings first. Only for names of at most
 * three words; titles are rarely typed this way, so few are made.
 */
export function romanizeWords(hangul: string, max = 4): string[] {
  const words = hangul.trim().split(/\s+/u);
  if (words.length > 3 || !words.every((w) => /^[\uac00-\ud7a3]+$/u.test(w))) return [];
  const syllables = words.flatMap((w, i) => [...w].map((s, k) => ({ s, gap: i > 0 && k === 0 })));
  const choices = syllables.map(({ s }) => syllableSpellings(s));
  return combinations(choices, max).map((picked) =>
    picked
      .map((p, i) => (syllables[i]?.gap ? ` ${capital(p)}` : i === 0 ? capital(p) : p))
      .join(''),
  );
}
