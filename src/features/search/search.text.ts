import {
  choseong,
  foldedWords,
  isChoseongWord,
  isHangulWord,
  nameKey,
  PARTICLES,
  wellFormed,
  BREAK,
} from '../names/index.js';
import { plainWords } from './search.words.js';

/*
 * Our own tokenizer, in front of FTS5's unicode61 (SQLite) and the 'simple' parser
 * (PostgreSQL): documents and queries are turned into space-separated tokens here, so both
 * databases only split on spaces and the two dialects index exactly the same tokens.
 *
 * - Latin words: folded (case, diacritics, width), plus the joined form of hyphenated words
 *   ("Jae-wook" → jae wook jaewook).
 * - Hangul: overlapping syllable bigrams ("이재욱이" → 이재 재욱 욱이), so a two-syllable given
 *   name ("재욱") is a whole token; FTS5's trigram tokenizer can match nothing under three
 *   characters (see docs/decisions.md for the measurements).
 * - Names of entities: also joined ("leejaewook", "jaewooklee") and, for Hangul names, their
 *   initial consonants and those of each suffix (이재욱 → ㅇㅈㅇ ㅈㅇ).
 */

/** Syllable bigrams of a Hangul word; a one-syllable word is its own token. */
export function hangulBigrams(word: string): string[] {
  if (word.length < 2) return [word];
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(i, i + 2));
  return out;
}

/** Index tokens of running text (title, dek, body), space-separated. */
export function documentTokens(text: string): string {
  const out: string[] = [];
  for (const word of plainWords(text) ?? foldedWords(text)) {
    if (isHangulWord(word)) out.push(...hangulBigrams(word));
    else out.push(word);
  }
  return out.join(' ');
}

/** Index tokens of an entity's names: words, joined forms, Hangul bigrams. */
export function nameTokens(names: readonly string[]): string {
  const out = new Set<string>();
  for (const name of names) {
    for (const token of documentTokens(name).split(' ')) if (token !== '') out.add(token);
    const joined = nameKey(name).replaceAll(BREAK, '');
    if (joined !== '' && !isHangulWord(joined)) out.add(joined);
  }
  return [...out].join(' ');
}

/** Initial-consonant tokens of the Hangul in names: 이재욱 → ㅇㅈㅇ ㅈㅇ. */
export function initialTokens(names: readonly string[]): string {
  const out = new Set<string>();
  for (const name of names) {
    const hangul = foldedWords(name).filter(isHangulWord).join('');
    if (hangul.length < 2) continue;
    const initials = choseong(hangul);
    for (let i = 0; i + 1 < initials.length; i++) out.add(initials.slice(i));
  }
  return [...out].join(' ');
}

export type QueryTerm =
  /** A folded Latin (or other script) word; `prefix` for the last word typed. */
  | { kind: 'word'; value: string; prefix: boolean }
  /** A Hangul word: matched as its bigrams in sequence. */
  | { kind: 'hangul'; value: string }
  /** Initial consonants (ㅇㅈㅇ), matched against the initials of names. */
  | { kind: 'initials'; value: string };

export interface NameKeyCandidate {
  /** A search key (folded, no separators) to look names up by. */
  key: string;
  /** How many of the query's units (words, or names found in unspaced Hangul) it covers. */
  span: number;
  /** Its position among the query's units (the first that it covers). */
  at: number;
  /** It follows a possessive ("Oh My Girl's Arin": Arin), so it is what the query is about. */
  head: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** All Latin words joined ("lee jae wook" → leejaewook), tried as an alternative. */
  joined: string | undefined;
  /** Whether `joined` also matches longer words ("leejaewo" → leejaewook). */
  joinedPrefix: boolean;
  /** Keys that may spell a whole name: the whole query first, then each run of its units. */
  nameKeys: NameKeyCandidate[];
}

/** Longest query we read; the rest is ignored (a name or a headline fits easily). */
export const MAX_QUERY_CHARS = 200;
const MAX_TERMS = 8;
/**
 * A last word shorter than this is matched exactly: "fi*" expands to every word starting
 * with fi, and merging their lists cost 50–70 ms over 100,000 articles.
 */
const MIN_PREFIX = 3;
/** Longest name looked for inside unspaced Hangul, in syllables. */
const MAX_HANGUL_NAME = 16;

/** "Wook's", "Jung’s" (the name is group 1), "Girls'" (group 2 keeps the plural's s). */
const POSSESSIVE = /^(.*\p{L})['\u2019\u02bc]s$|^(.*\p{L}s)['\u2019\u02bc]$/u;
const searchKeyOf = (text: string) => nameKey(text).replaceAll(BREAK, '');

/**
 * Names inside a Hangul word typed without spaces ("이재욱고윤정" → 이재욱, 고윤정; "빛과그림자"
 * → 빛과 그림자), the longest known name first at each position; particles after a name
 * (이재욱이, 고윤정의) are dropped. A word with no known name in it is returned whole.
 */
export function segmentHangul(word: string, lexicon: ReadonlyMap<string, string>): string[] {
  const pieces: string[] = [];
  let leftover = '';
  let found = false;
  const flush = () => {
    if (leftover === '') return;
    if (!(found && PARTICLES.includes(leftover))) pieces.push(leftover);
    leftover = '';
  };
  for (let i = 0; i < word.length;) {
    let match: string | undefined;
    for (let n = Math.min(MAX_HANGUL_NAME, word.length - i); n >= 2 && match === undefined; n--) {
      match = lexicon.get(word.slice(i, i + n));
      if (match !== undefined) {
        flush();
        pieces.push(match);
        found = true;
        i += n;
      }
    }
    if (match === undefined) leftover += word[i++] ?? '';
  }
  flush();
  return found ? pieces : [word];
}

/**
 * Parses what a reader typed. Never throws: anything that is not a letter or digit (quotes,
 * `*`, `NEAR(`, `-`, lone surrogates…) is a separator, so no syntax reaches the database.
 * A possessive ("Lee Jae Wook's", "Go Yoon Jung’s", "fans'") is read as the name it follows.
 * `lexicon` (the Hangul names known, spaceless → spaced) finds names in unspaced Hangul.
 */
export function parseQuery(raw: string, lexicon?: ReadonlyMap<string, string>): ParsedQuery {
  const text = wellFormed(raw).slice(0, MAX_QUERY_CHARS);
  const terms: QueryTerm[] = [];
  /** Units of the query for name keys: a word, or a name found inside unspaced Hangul. */
  const units: { key: string; afterPossessive: boolean }[] = [];
  let possessiveSeen = false;
  for (const rawChunk of text.split(/\s+/u)) {
    if (rawChunk === '') continue;
    const possessive = POSSESSIVE.exec(rawChunk);
    const chunk = possessive === null ? rawChunk : (possessive[1] ?? possessive[2] ?? rawChunk);
    if (isChoseongWord(chunk)) {
      terms.push({ kind: 'initials', value: chunk });
      continue;
    }
    // Hyphenated input ("jae-wook") searches for the joined word, which documents also carry.
    const words = foldedWords(chunk);
    const hasJoined = words.length > 1 && /[-\u2010\u2011'\u2019]/u.test(chunk);
    const selected = hasJoined ? words.slice(-1) : words;
    for (const word of selected) {
      if (isChoseongWord(word)) terms.push({ kind: 'initials', value: word });
      else if (isHangulWord(word)) {
        for (const piece of lexicon === undefined ? [word] : segmentHangul(word, lexicon)) {
          units.push({ key: searchKeyOf(piece), afterPossessive: possessiveSeen });
          for (const part of piece.split(' ')) terms.push({ kind: 'hangul', value: part });
        }
      } else {
        terms.push({ kind: 'word', value: word, prefix: false });
        units.push({ key: word, afterPossessive: possessiveSeen });
      }
    }
    if (possessive !== null) possessiveSeen = true;
  }
  const kept = terms.slice(0, MAX_TERMS);
  const last = kept.at(-1);
  if (last?.kind === 'word' && last.value.length >= MIN_PREFIX) last.prefix = true;
  const words = kept.filter((t) => t.kind === 'word').map((t) => t.value);
  return {
    terms: kept,
    joined: words.length > 1 ? words.join('') : undefined,
    joinedPrefix: true,
    nameKeys: nameKeyCandidates(units.slice(0, MAX_TERMS)),
  };
}

/** The whole query's key, then every shorter run of units, longest first. */
function nameKeyCandidates(units: readonly { key: string; afterPossessive: boolean }[]) {
  const out: NameKeyCandidate[] = [];
  const seen = new Set<string>();
  for (let span = units.length; span >= 1; span--) {
    for (let at = 0; at + span <= units.length; at++) {
      const key = units
        .slice(at, at + span)
        .map((u) => u.key)
        .join('');
      if (key.length < 2 || seen.has(key)) continue;
      seen.add(key);
      out.push({ key, span, at, head: units[at]?.afterPossessive ?? false });
    }
  }
  return out;
}

/** The tokens a query matches as prefixes only because they were typed last or joined. */
export function prefixTokens(query: ParsedQuery): string[] {
  const last = query.terms.at(-1);
  const out = last?.kind === 'word' && last.prefix ? [last.value] : [];
  if (query.joined !== undefined && query.joinedPrefix) out.push(query.joined);
  return out;
}

/**
 * The query with these of its prefix tokens matched exactly. A word that is itself common
 * already fills the ranking window, and expanding it (kiss → kisses, kissing…) makes FTS5
 * merge the lists of every such word before it can return the first row.
 */
export function withExactTokens(query: ParsedQuery, exact: ReadonlySet<string>): ParsedQuery {
  const terms = query.terms.map((term) =>
    term.kind === 'word' && term.prefix && exact.has(term.value)
      ? { ...term, prefix: false }
      : term,
  );
  const joinedPrefix =
    query.joinedPrefix && !(query.joined !== undefined && exact.has(query.joined));
  return { ...query, terms, joinedPrefix };
}

/**
 * English function words found in nearly every article. Required in an article query they
 * select next to nothing (every article has them) and cost the most: FTS5 merges each word's
 * list of matches, and bm25 walks it whole for its document frequency (at 100,000 articles,
 * "The Light of Winter 1" took 42 ms, 9 ms without "the" and "of"). The joined form
 * ("thelightofwinter1") keeps them.
 */
const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'at',
  'by',
  'for',
  'from',
  'in',
  'is',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

/** The query without the terms `leave` picks, unless that would leave none. */
export function withoutTerms(
  query: ParsedQuery,
  leave: (term: QueryTerm, at: number) => boolean,
): ParsedQuery {
  const terms = query.terms.filter((term, at) => !leave(term, at));
  return terms.length === 0 || terms.length === query.terms.length ? query : { ...query, terms };
}

/** The query to match articles with: without its function words, unless it has nothing else. */
export function withoutStopWords(query: ParsedQuery): ParsedQuery {
  return withoutTerms(query, (term) => term.kind === 'word' && STOP_WORDS.has(term.value));
}

/** True when nothing searchable is left. */
export function isEmptyQuery(query: ParsedQuery): boolean {
  return query.terms.length === 0;
}

/** A token as an FTS5 string (a phrase of one token): nothing in it is syntax. */
export const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;

/** The FTS5 MATCH expression of a parsed query: every term quoted by us, never by the reader. */
export function toFts5(query: ParsedQuery): string {
  const parts = query.terms.map((term) => {
    switch (term.kind) {
      case 'word':
        return term.prefix ? `${quote(term.value)}*` : quote(term.value);
      case 'hangul':
        return term.value.length === 1
          ? `${quote(term.value)}*`
          : quote(hangulBigrams(term.value).join(' '));
      case 'initials':
        return `initials : ${quote(term.value)}*`;
    }
  });
  const all = parts.join(' AND ');
  if (query.joined === undefined) return all;
  return `(${all}) OR ${quote(query.joined)}${query.joinedPrefix ? '*' : ''}`;
}

/** The PostgreSQL tsquery text of a parsed query (tokens are letters and digits only). */
export function toTsquery(query: ParsedQuery): string {
  const lexeme = (t: string) => `'${t.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  const parts = query.terms.map((term) => {
    switch (term.kind) {
      case 'word':
        return term.prefix ? `${lexeme(term.value)}:*` : lexeme(term.value);
      case 'hangul':
        return term.value.length === 1
          ? `${lexeme(term.value)}:*`
          : `(${hangulBigrams(term.value).map(lexeme).join(' <-> ')})`;
      case 'initials':
        return `${lexeme(term.value)}:*`;
    }
  });
  const all = parts.join(' & ');
  if (query.joined === undefined) return all;
  return `(${all}) | ${lexeme(query.joined)}${query.joinedPrefix ? ':*' : ''}`;
}
