import { disassemble, getChoseong } from 'es-hangul';

/*
 * Name normalization: one folding shared by the linker (which needs positions in the original
 * text) and search (which needs tokens). Folding is per "chunk": a code point plus the
 * combining marks and Hangul vowel/final jamo that follow it, so that NFD input (e + ◌́, or
 * ᄋ + ᅵ) folds like NFC input and every folded character maps back to a range of the original.
 *
 * What folds: case, diacritics, full-width and other compatibility forms (NFKC), NFD Hangul.
 * Hyphens, apostrophes, spaces and middle dots are "soft" separators: they vanish, so
 * "Lee Jae-wook", "Lee Jae Wook" and "LeeJaewook" all fold to `leejaewook`. Other punctuation
 * (commas, brackets, quotes, dashes, full stops…) is a "hard" break, folded to a single `|`,
 * so a name never matches across a sentence or a bracket.
 */

/** The character folded text uses for a hard break. Never part of a folded word. */
export const BREAK = '|';

const SOFT = /^[\s\u002d\u2010\u2011\u00ad'\u2019\u2018\u02bc`\u00b7\u30fb_]$/u;
const LETTER = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const JAMO_TAIL = /^[\u1160-\u11ff\ud7b0-\ud7ff]$/u;
/** What vowel and final jamo compose with: a leading jamo, or a syllable (LV + T). */
const JAMO_BASE = /^[\u1100-\u115f\uac00-\ud7a3]$/u;
const HANGUL = /^[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]$/u;
const COMPAT_JAMO = /^[\u3131-\u318e]$/u;

/*
 * Jamo that did not compose into a syllable are written as compatibility jamo (ㄱ, ㅏ), the form
 * people type: otherwise a conjoining or half-width jamo (NFKC turns ﾡ into U+1100) could fold to
 * a different key the second time, once it sits next to a vowel it can compose with.
 */
const CHOSEONG_COMPAT = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JONGSEONG_COMPAT = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';
const STANDALONE_JAMO = new Map<string, string>([
  ...[...CHOSEONG_COMPAT].map((c, i) => [String.fromCharCode(0x1100 + i), c] as const),
  ...Array.from(
    { length: 21 },
    (_, i) => [String.fromCharCode(0x1161 + i), String.fromCharCode(0x314f + i)] as const,
  ),
  ...[...JONGSEONG_COMPAT].map((c, i) => [String.fromCharCode(0x11a8 + i), c] as const),
]);

const cache = new Map<string, string>();

const LETTER_CLASS = 2;
const SOFT_CLASS = 1;
const HARD_CLASS = 0;
const BREAK_CODE = 0x7c;
/** Class of each ASCII code: letter/digit, soft separator (space, tab, newline, - ' _ `), or hard. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
  const soft =
    c === 0x20 || c === 0x2d || c === 0x27 || c === 0x5f || c === 0x60 || (c >= 9 && c <= 13);
  ASCII_CLASS[c] = letter ? LETTER_CLASS : soft ? SOFT_CLASS : HARD_CLASS;
}
// Lone surrogates survive decoding as themselves (utf-16le never validates pairs here: the
// folded text only holds what foldChunk produced, which is well formed).
const UTF16 = new TextDecoder('utf-16le');

/** Folds one chunk (a code point with its trailing marks) to lowercase letters and digits. */
function foldChunk(chunk: string): string {
  const code = chunk.charCodeAt(0);
  if (chunk.length === 1 && code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return chunk;
    return '';
  }
  const hit = cache.get(chunk);
  if (hit !== undefined) return hit;
  let out: string;
  // Compatibility jamo (ㅇ, ㅈ) are what people type for initial-consonant search; NFKC would
  // turn them into conjoining jamo, so they are kept as they are.
  if (COMPAT_JAMO.test(chunk)) out = chunk;
  else {
    out = '';
    const folded = chunk.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase();
    for (const ch of folded) if (LETTER.test(ch)) out += STANDALONE_JAMO.get(ch) ?? ch;
  }
  if (cache.size < 50_000) cache.set(chunk, out);
  return out;
}

type ChunkClass = 'letter' | 'soft' | 'hard';

function classify(chunk: string): ChunkClass {
  const code = chunk.charCodeAt(0);
  if (code < 0x80) {
    if (
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39)
    ) {
      return 'letter';
    }
    return code === 0x20 ||
      code === 0x2d ||
      code === 0x27 ||
      code === 0x5f ||
      code === 0x60 ||
      (code >= 9 && code <= 13)
      ? 'soft'
      : 'hard';
  }
  const first = String.fromCodePoint(chunk.codePointAt(0) ?? 0);
  if (SOFT.test(first)) return 'soft';
  if (LETTER.test(first)) return 'letter';
  return 'hard';
}

/** Text folded for matching, with the way back to the original. */
export interface FoldedText {
  /** The folded text: lowercase letters and digits, `|` for hard breaks. */
  text: string;
  /** For each folded character, the UTF-16 offset in the original where its source begins. */
  starts: Int32Array;
  /** … and where its source ends (exclusive). */
  ends: Int32Array;
  /** 1 where a folded character begins a word of the original (after a separator, a break or a script change). */
  wordStart: Uint8Array;
}

/**
 * Folds text for matching and keeps, for every folded character, the range of the original
 * it came from. Linear in the length of the text.
 * @param original any string (lone surrogates are treated as hard breaks)
 */
export function foldWithPositions(original: string): FoldedText {
  const n = original.length;
  let capacity = n + 16;
  let codes = new Uint16Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let wordStart = new Uint8Array(capacity);
  const grow = () => {
    capacity *= 2;
    const c = new Uint16Array(capacity);
    c.set(codes);
    codes = c;
    const s = new Int32Array(capacity);
    s.set(starts);
    starts = s;
    const e = new Int32Array(capacity);
    e.set(ends);
    ends = e;
    const w = new Uint8Array(capacity);
    w.set(wordStart);
    wordStart = w;
  };
  let length = 0;
  let pendingBoundary = true;
  let lastWasBreak = true;
  let lastHangul = false;
  let i = 0;
  while (i < n) {
    const start = i;
    const code = original.charCodeAt(i);
    // Fast path: ASCII not followed by a combining mark (most of any English article).
    if (code < 0x80 && (i + 1 === n || original.charCodeAt(i + 1) < 0x300)) {
      i++;
      const kind = ASCII_CLASS[code];
      if (kind === SOFT_CLASS) {
        pendingBoundary = true;
        continue;
      }
      if (length + 1 >= capacity) grow();
      if (kind === HARD_CLASS) {
        pendingBoundary = true;
        if (!lastWasBreak) {
          codes[length] = BREAK_CODE;
          starts[length] = start;
          ends[length] = i;
          wordStart[length] = 1;
          length++;
          lastWasBreak = true;
        }
        continue;
      }
      codes[length] = code >= 0x41 && code <= 0x5a ? code + 32 : code;
      starts[length] = start;
      ends[length] = i;
      wordStart[length] = pendingBoundary || lastHangul ? 1 : 0;
      length++;
      pendingBoundary = false;
      lastWasBreak = false;
      lastHangul = false;
      continue;
    }
    i +=
      code >= 0xd800 &&
      code <= 0xdbff &&
      i + 1 < n &&
      (original.charCodeAt(i + 1) & 0xfc00) === 0xdc00
        ? 2
        : 1;
    // Absorb combining marks, and the vowel and final jamo of a Hangul syllable, into this chunk.
    while (i < n) {
      const next = original.charCodeAt(i);
      if (next < 0x300) break;
      const width = (next & 0xfc00) === 0xd800 && i + 1 < n ? 2 : 1;
      const piece = original.slice(i, i + width);
      if (!MARK.test(piece) && !(JAMO_TAIL.test(piece) && JAMO_BASE.test(original[start] ?? '')))
        break;
      i += width;
    }
    const chunk = original.slice(start, i);
    const kind = classify(chunk);
    if (kind === 'soft') {
      pendingBoundary = true;
      continue;
    }
    if (kind === 'hard') {
      pendingBoundary = true;
      if (!lastWasBreak) {
        if (length + 1 >= capacity) grow();
        codes[length] = BREAK_CODE;
        starts[length] = start;
        ends[length] = i;
        wordStart[length] = 1;
        length++;
        lastWasBreak = true;
      }
      continue;
    }
    const folded = foldChunk(chunk);
    if (folded === '') {
      pendingBoundary = true;
      continue;
    }
    const hangul = HANGUL.test(folded[0] ?? '');
    for (let k = 0; k < folded.length; k++) {
      if (length + 1 >= capacity) grow();
      codes[length] = folded.charCodeAt(k);
      starts[length] = start;
      ends[length] = i;
      wordStart[length] = k === 0 && (pendingBoundary || hangul !== lastHangul) ? 1 : 0;
      length++;
    }
    pendingBoundary = false;
    lastWasBreak = false;
    lastHangul = hangul;
  }
  return {
    text: UTF16.decode(codes.subarray(0, length)),
    starts: starts.subarray(0, length),
    ends: ends.subarray(0, length),
    wordStart: wordStart.subarray(0, length),
  };
}

/**
 * The matching key of a name: folded, soft separators removed, hard breaks kept inside and
 * trimmed at the ends. "Lee Jae-wook" → `leejaewook`; "Alchemy of Souls, Part 2" →
 * `alchemyofsouls|part2`.
 */
export function nameKey(name: string): string {
  // Invisible code points (zero-width, Hangul fillers) are never part of a name; dropping them
  // first keeps the key the same whatever surrounds them.
  const text = foldWithPositions(name.replace(/\p{Default_Ignorable_Code_Point}/gu, '')).text;
  let a = 0;
  let b = text.length;
  while (a < b && text[a] === BREAK) a++;
  while (b > a && text[b - 1] === BREAK) b--;
  return text.slice(a, b);
}

/** Replaces unpaired UTF-16 surrogates (which no encoder can send on) with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** True for a string of Hangul syllables only. */
export function isHangulWord(word: string): boolean {
  return /^[\uac00-\ud7a3]+$/u.test(word);
}

/** True for a string of initial consonants only (ㄱ…ㅎ), as typed for 초성 search. */
export function isChoseongWord(word: string): boolean {
  return /^[\u3131-\u314e]+$/u.test(word);
}

/** The initial consonants of Hangul syllables: 이재욱 → ㅇㅈㅇ. */
export function choseong(word: string): string {
  return getChoseong(word).replace(/\s+/g, '');
}

/** Hangul decomposed to compatibility jamo: 재욱 → ㅈㅐㅇㅜㄱ. */
export function jamo(word: string): string {
  return disassemble(word);
}

/**
 * Words of folded text for search: runs of letters/digits split at every separator, plus the
 * joined form of words written with hyphens or apostrophes ("Jae-wook" → jae, wook, jaewook).
 */
export function foldedWords(text: string): string[] {
  const words: string[] = [];
  const folded = foldWithPositions(wellFormed(text));
  let current = '';
  let joined = '';
  let parts = 0;
  let prevEnd = -1;
  const flushJoined = () => {
    if (parts > 1 && joined !== '') words.push(joined);
    joined = '';
    parts = 0;
  };
  const flushWord = () => {
    if (current !== '') {
      words.push(current);
      joined += current;
      parts++;
    }
    current = '';
  };
  for (let k = 0; k < folded.text.length; k++) {
    const ch = folded.text[k] ?? '';
    if (ch === BREAK) {
      flushWord();
      flushJoined();
      prevEnd = -1;
      continue;
    }
    if (folded.wordStart[k] === 1 && current !== '') {
      flushWord();
      // Words joined by a hyphen or apostrophe (no space) stay one "joined" word.
      const gap = text.slice(prevEnd, folded.starts[k]);
      if (!/^[-\u2010\u2011'\u2019]$/u.test(gap)) flushJoined();
    }
    current += ch;
    prevEnd = folded.ends[k] ?? prevEnd;
  }
  flushWord();
  flushJoined();
  return words;
}
