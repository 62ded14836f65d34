/*
 * A fast path for the words of plain English text: the same words, in the same order, as
 * names' `foldedWords` gives, for text made of ASCII and a few common punctuation marks (curly
 * quotes, dashes, no-break space). Folding every character through the general Unicode path
 * was most of the time of rebuilding the search index; anything else (accents, Hangul,
 * combining marks) answers undefined, and the caller takes the general path.
 */

const LETTER = 1;
/** A separator between words (space, underscore…). */
const SOFT = 2;
/** A soft separator that, alone between two words, also makes their joined form (Jae-wook). */
const JOINER = 3;
/** Punctuation: words on either side are never joined. */
const HARD = 4;

const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
  const soft = c === 0x20 || c === 0x5f || c === 0x60 || (c >= 9 && c <= 13);
  ASCII[c] = letter ? LETTER : c === 0x2d || c === 0x27 ? JOINER : soft ? SOFT : HARD;
}

/** Non-ASCII characters the fast path knows, classed as the general folding classes them. */
const OTHER: ReadonlyMap<number, number> = new Map([
  [0x00a0, SOFT], // no-break space
  [0x00ad, SOFT], // soft hyphen
  [0x2018, SOFT], // ‘
  [0x2010, JOINER], // ‐ hyphen
  [0x2011, JOINER], // non-breaking hyphen
  [0x2019, JOINER], // ’ (Jae-wook’s)
  [0x2013, HARD], // – en dash
  [0x2014, HARD], // — em dash
  [0x201c, HARD], // “
  [0x201d, HARD], // ”
  [0x2026, HARD], // …
]);

/**
 * The folded words of `text` (lowercase; "Jae-wook" → jae, wook, jaewook), or undefined when
 * the text holds a character outside the fast path.
 */
export function plainWords(text: string): string[] | undefined {
  const words: string[] = [];
  let joined = '';
  let parts = 0;
  let wordStart = -1;
  /** Index just after the last letter of the previous word (of the current joined group). */
  let lastEnd = -1;
  const flushJoined = () => {
    if (parts > 1) words.push(joined);
    joined = '';
    parts = 0;
  };
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? text.charCodeAt(i) : 0x20;
    const kind = code < 0x80 ? ASCII[code] : OTHER.get(code);
    if (kind === undefined) return undefined;
    if (kind === LETTER) {
      if (wordStart === -1) {
        wordStart = i;
        const gap = i - lastEnd;
        const glued = parts > 0 && gap === 1 && classOf(text.charCodeAt(lastEnd)) === JOINER;
        if (!glued) flushJoined();
      }
      continue;
    }
    if (wordStart !== -1) {
      const word = text.slice(wordStart, i).toLowerCase();
      words.push(word);
      joined += word;
      parts++;
      lastEnd = i;
      wordStart = -1;
    }
    if (kind === HARD) flushJoined();
  }
  flushJoined();
  return words;
}

function classOf(code: number): number | undefined {
  return code < 0x80 ? ASCII[code] : OTHER.get(code);
}
