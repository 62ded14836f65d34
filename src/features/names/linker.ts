import { AhoCorasick } from './aho-corasick.js';
import { isAcronym, isCommonName, isFamilyNameUse, writtenAsName } from './evidence.js';
import { BREAK, foldWithPositions, nameKey } from './normalize.js';
import type { NameSource } from './variants.js';

/*
 * The entity linker. Every name of every entity is folded to a key (normalize.ts) and loaded
 * into one Aho–Corasick automaton; an article is folded once, scanned once, and each hit is
 * checked against word boundaries of the original text. Hits are then resolved:
 *
 * - the longest hit wins where hits overlap ("Alchemy of Souls, Part 2" over "Alchemy of Souls");
 * - a key shared by several entities is ambiguous. It is resolved from context — entities named
 *   unambiguously elsewhere in the text, entities the caller says the article is about, and a
 *   bracketed gloss right after the name ("Dan Gu [Yoo In-soo]") — through the relations the
 *   database knows (credits, memberships, a character's show). When context does not decide,
 *   every candidate is offered with a low confidence: offered, never guessed.
 *
 * Positions are UTF-16 offsets into the text as given (what JavaScript's String indexes and
 * what `text.slice(start, end)` expects), end exclusive.
 */

export const MENTION_TYPES = ['show', 'person', 'character', 'group', 'event'] as const;
export type MentionType = (typeof MENTION_TYPES)[number];

/** An entity, as the detect endpoint names it. */
export interface EntityRef {
  type: MentionType;
  id: number;
}

/** One name under which an entity can be mentioned. */
export interface NameEntry extends EntityRef {
  /** The entity's display name for this name (a part's name for part variants). */
  name: string;
  /** The name as written ("Lee Jae Wook", "이재욱"). */
  surface: string;
  source: NameSource;
}

/** A suggestion: this range of the text mentions this entity, this surely. */
export interface Mention extends EntityRef {
  name: string;
  /** UTF-16 offset of the first character of the mention in the given text. */
  start: number;
  /** UTF-16 offset just after the mention (exclusive). */
  end: number;
  /** 0–1. At or above AUTO_CONFIDENCE a suggestion is safe to pre-select for the editor. */
  confidence: number;
}

/** Suggestions at or above this confidence may be pre-selected in the editor (never applied unseen). */
export const AUTO_CONFIDENCE = 0.8;
/** The most an ordinary word used as a name gets without evidence: offered, never applied. */
const UNPROVEN_CONFIDENCE = 0.6;
/** A short acronym in capitals with context. */
const ACRONYM_CONFIDENCE = 0.9;
/** An acronym named this often in capitals is its own context. */
const ACRONYM_REPEATS = 2;

export interface DetectOptions {
  /** Entities the article is known to be about (its linked show, people): context for ambiguous names. */
  context?: readonly EntityRef[];
}

/** Hangul particles and suffixes that may follow a name without a space (이재욱이, 이재욱의, 이재욱 씨…). */
export const PARTICLES: readonly string[] = [
  '에게서',
  '한테서',
  '께서는',
  '이라는',
  '에게',
  '한테',
  '께서',
  '에서',
  '으로',
  '처럼',
  '까지',
  '부터',
  '보다',
  '이랑',
  '이나',
  '이는',
  '이가',
  '이를',
  '이의',
  '이와',
  '이도',
  '이다',
  '이고',
  '이며',
  '씨가',
  '씨는',
  '씨의',
  '이',
  '가',
  '은',
  '는',
  '을',
  '를',
  '의',
  '와',
  '과',
  '도',
  '만',
  '에',
  '로',
  '랑',
  '씨',
  '님',
  '측',
  '표',
];

const BASE: Readonly<Record<NameSource, number>> = {
  canonical: 0.92,
  hangul: 0.92,
  variant: 0.88,
  alias: 0.82,
  romanized: 0.86,
};

const refKey = (ref: EntityRef) => `${ref.type}:${ref.id}`;
const HANGUL_END = /[\uac00-\ud7a3]$/u;
const HAS_UPPER = /\p{Lu}/u;

/** An entity a pattern may name (made from the columns below when a pattern is found). */
interface Candidate extends EntityRef {
  name: string;
  /** refKey of the entity. */
  key: string;
  base: number;
  /** Whether the name as written has capitals (caseAdjusted). */
  upper: boolean;
  /** The name is an ordinary word or phrase (evidence.ts): confident only with evidence. */
  common: boolean;
  /** The name is a short acronym in capitals (BTS, IU). */
  acronym: boolean;
}

const COMMON_FLAG = 1;
const ACRONYM_FLAG = 2;
/**
 * Punctuation a name never spans unless one of its own spellings has it: a sentence end, a
 * bracket, a quote ("Alchemy of Souls. Part 1", "“Alchemy of Souls” Part 1").
 */
const BARRIERS = /[.!?。()[\]{}<>（）【】「」『』《》〈〉"“”‘’«»]/gu;

/** A mention type's place in MENTION_TYPES, as the candidates' type column stores it. */
const TYPE_INDEX = Object.fromEntries(
  MENTION_TYPES.map((type, index) => [type, index]),
) as Readonly<Record<MentionType, number>>;
/** Between an entity's names in `surfaces` (a NUL in a name would only split it in two). */
const NAMES_SEPARATOR = '\u0000';

interface Hit {
  start: number;
  end: number;
  pattern: number;
}

/** A loaded dictionary of names, ready to detect mentions. Build once, use for many texts. */
/**
 * Every Hangul word sequence of these written names, keyed by its spaceless form ("빛과그림자" →
 * "빛과 그림자"), for finding names inside Hangul typed without spaces. Search needs only this,
 * not a whole Linker: building one over 20,000 people and their romanizations takes seconds.
 */
export function hangulLexiconOf(names: Iterable<string>): ReadonlyMap<string, string> {
  const lexicon = new Map<string, string>();
  for (const name of names) {
    for (const piece of name.split(/[^\uac00-\ud7a3\s]+/u)) {
      const spaced = piece.trim().replace(/\s+/gu, ' ');
      const joined = spaced.replaceAll(' ', '');
      if (joined.length >= 2 && !lexicon.has(joined)) lexicon.set(joined, spaced);
    }
  }
  return lexicon;
}

export class Linker {
  private readonly automaton: AhoCorasick;
  /*
   * Per pattern p, the distinct entities it may name, in the order the names came:
   * candidates candStart[p] … candStart[p + 1] - 1, kept column by column. An object per
   * candidate (with the whole name entry) took two thirds of the linker's memory.
   */
  private readonly candStart: Int32Array;
  private readonly candType: Uint8Array;
  private readonly candId: Float64Array;
  private readonly candBase: Float64Array;
  private readonly candUpper: Uint8Array;
  private readonly candFlags: Uint8Array;
  /** Per pattern, the barrier characters its own spellings contain ('' for most). */
  private readonly patternBarriers: string[];
  private readonly candName: string[];
  private readonly patternHangulEnd: Uint8Array;
  private readonly related = new Map<string, Set<string>>();
  /** Per entity (refKey), its written names joined by NAMES_SEPARATOR. */
  private readonly surfaces = new Map<string, string>();
  /** Per entity (refKey), the romanizations generated from its Hangul name. */
  private readonly romanized = new Map<string, string>();
  /** How many names were loaded. */
  readonly size: number;

  /**
   * @param entries every name of every entity
   * @param relations pairs of related entities (actor–character, actor–show, member–group…)
   */
  constructor(
    entries: readonly NameEntry[],
    relations: readonly (readonly [EntityRef, EntityRef])[] = [],
  ) {
    const byKey = new Map<string, { entry: NameEntry; base: number }[]>();
    let count = 0;
    for (const entry of entries) {
      const ref = refKey(entry);
      const map = entry.source === 'romanized' ? this.romanized : this.surfaces;
      const names = map.get(ref);
      map.set(
        ref,
        names === undefined ? entry.surface : `${names}${NAMES_SEPARATOR}${entry.surface}`,
      );
      const key = nameKey(entry.surface);
      if (key.length < 2) continue;
      const base = baseConfidence(entry, key);
      let list = byKey.get(key);
      if (list === undefined) byKey.set(key, (list = []));
      const same = list.findIndex((c) => c.entry.type === entry.type && c.entry.id === entry.id);
      if (same === -1) {
        list.push({ entry, base });
        count++;
      } else if ((list[same]?.base ?? 0) < base) list[same] = { entry, base };
    }
    // A generated romanization never competes with a name someone wrote: "Lee Ji-eun" made
    // from one person's Hangul does not make another's canonical "Lee Ji-eun" ambiguous.
    for (const [key, list] of byKey) {
      if (!list.some((c) => c.entry.source !== 'romanized')) continue;
      const kept = list.filter((c) => c.entry.source !== 'romanized');
      count -= list.length - kept.length;
      byKey.set(key, kept);
    }
    const keys = [...byKey.keys()];
    this.automaton = new AhoCorasick(keys);
    this.candStart = new Int32Array(keys.length + 1);
    this.candType = new Uint8Array(count);
    this.candId = new Float64Array(count);
    this.candBase = new Float64Array(count);
    this.candUpper = new Uint8Array(count);
    this.candFlags = new Uint8Array(count);
    this.patternBarriers = new Array<string>(keys.length).fill('');
    this.candName = new Array<string>(count);
    this.patternHangulEnd = new Uint8Array(keys.length);
    let at = 0;
    for (const [pattern, key] of keys.entries()) {
      this.candStart[pattern] = at;
      this.patternHangulEnd[pattern] = HANGUL_END.test(key) ? 1 : 0;
      for (const { entry, base } of byKey.get(key) ?? []) {
        this.candType[at] = TYPE_INDEX[entry.type];
        this.candId[at] = entry.id;
        this.candBase[at] = base;
        this.candUpper[at] = HAS_UPPER.test(entry.surface) ? 1 : 0;
        this.candFlags[at] =
          (isCommonName(entry.surface) ? COMMON_FLAG : 0) |
          (isAcronym(entry.surface) ? ACRONYM_FLAG : 0);
        const barriers = entry.surface.match(BARRIERS);
        if (barriers !== null) this.patternBarriers[pattern] += barriers.join('');
        this.candName[at] = entry.name;
        at++;
      }
    }
    this.candStart[keys.length] = at;
    this.size = keys.length;
    for (const [a, b] of relations) {
      const ka = refKey(a);
      const kb = refKey(b);
      if (!this.related.has(ka)) this.related.set(ka, new Set());
      if (!this.related.has(kb)) this.related.set(kb, new Set());
      this.related.get(ka)?.add(kb);
      this.related.get(kb)?.add(ka);
    }
  }

  /** Every written name the entity is known by (for search documents). */
  namesOf(ref: EntityRef): readonly string[] {
    return this.surfaces.get(refKey(ref))?.split(NAMES_SEPARATOR) ?? [];
  }

  /** The romanizations generated from the entity's Hangul name (romanization.ts). */
  romanizationsOf(ref: EntityRef): readonly string[] {
    return this.romanized.get(refKey(ref))?.split(NAMES_SEPARATOR) ?? [];
  }

  /** The entities pattern `pattern` may name. */
  private candidatesOf(pattern: number): Candidate[] {
    const out: Candidate[] = [];
    const end = this.candStart[pattern + 1] ?? 0;
    for (let at = this.candStart[pattern] ?? 0; at < end; at++) {
      const type = MENTION_TYPES[this.candType[at] ?? 0] ?? 'show';
      const id = this.candId[at] ?? 0;
      out.push({
        type,
        id,
        name: this.candName[at] ?? '',
        key: refKey({ type, id }),
        base: this.candBase[at] ?? 0,
        upper: this.candUpper[at] === 1,
        common: ((this.candFlags[at] ?? 0) & COMMON_FLAG) !== 0,
        acronym: ((this.candFlags[at] ?? 0) & ACRONYM_FLAG) !== 0,
      });
    }
    return out;
  }

  private isRelated(a: string, b: string): boolean {
    return a !== b && (this.related.get(a)?.has(b) ?? false);
  }

  /** Finds the mentions in a text, in order of position. Linear in the text's length. */
  detect(text: string, options: DetectOptions = {}): Mention[] {
    const folded = foldWithPositions(text);
    const f = folded.text;
    const hits: Hit[] = [];
    this.automaton.search(f, (pattern, start, end) => {
      if (folded.wordStart[start] !== 1) return;
      if (end === f.length || folded.wordStart[end] === 1) {
        hits.push({ start, end, pattern });
        return;
      }
      if (this.patternHangulEnd[pattern] === 1 && particleFollows(f, folded.wordStart, end)) {
        hits.push({ start, end, pattern });
      }
    });

    // A name never spans a sentence end, a bracket or a quote its own spellings lack.
    const crossing = (hit: Hit) => {
      if (!f.slice(hit.start, hit.end).includes(BREAK)) return false;
      const from = folded.starts[hit.start] ?? 0;
      const to = folded.ends[hit.end - 1] ?? from;
      const own = this.patternBarriers[hit.pattern] ?? '';
      return (text.slice(from, to).match(BARRIERS) ?? []).some((ch) => !own.includes(ch));
    };
    const allowed = hits.filter((hit) => !crossing(hit));

    // Leftmost-longest, without overlaps.
    allowed.sort((a, b) => a.start - b.start || b.end - a.end);
    const chosen: Hit[] = [];
    let reach = 0;
    for (const hit of allowed) {
      if (hit.start < reach) continue;
      chosen.push(hit);
      reach = hit.end;
    }

    const spans = chosen.map((hit) => {
      const start = folded.starts[hit.start] ?? 0;
      const end = folded.ends[hit.end - 1] ?? start;
      const original = text.slice(start, end);
      const familyUse = !/\s/u.test(original.trim()) && isFamilyNameUse(text, start, end);
      const candidates = this.candidatesOf(hit.pattern)
        // "Lady Jin", "the Jin clan": a family name, not a person's or group's stage name.
        .filter((c) => !(familyUse && (c.type === 'person' || c.type === 'group')))
        .map((c) => ({
          ...c,
          base: caseAdjusted(c, original),
          unproven: c.common && !writtenAsName(text, start, end),
          capitals: c.acronym && original === original.toUpperCase(),
        }));
      const length = hit.end - hit.start;
      const short = /[\uac00-\ud7a3]/u.test(original) ? length <= 2 : length <= 4;
      return { start, end, original, short, candidates };
    });

    // Context: what the caller says, and whatever the text names without ambiguity (a common
    // word without evidence is no evidence for anything else).
    const context = new Set((options.context ?? []).map(refKey));
    const capitalsSeen = new Map<string, number>();
    for (const span of spans) {
      const only = span.candidates[0];
      if (span.candidates.length === 1 && only !== undefined && only.base >= 0.7 && !only.unproven)
        context.add(only.key);
      for (const c of span.candidates)
        if (c.capitals) capitalsSeen.set(c.key, (capitalsSeen.get(c.key) ?? 0) + 1);
    }
    // Walk the candidate's own relations (few), not the context (up to every name in the text).
    const relatedToContext = (key: string) => {
      for (const other of this.related.get(key) ?? [])
        if (other !== key && context.has(other)) return true;
      return false;
    };

    const mentions: Mention[] = [];
    for (const [index, span] of spans.entries()) {
      const glossed = glossPartners(text, spans, index);
      const scored = span.candidates.map((c) => {
        const ambiguous = span.candidates.length > 1;
        let score = c.base;
        // A short name ("Jin") starts low; a related name nearby ("BTS member Jin") is what
        // makes it sure.
        if (relatedToContext(c.key)) score += ambiguous ? 0.25 : span.short ? 0.1 : 0.04;
        if (glossed.some((g) => g.candidates.some((o) => this.isRelated(c.key, o.key))))
          score += ambiguous ? 0.35 : 0.06;
        if (ambiguous && context.has(c.key)) score += 0.3;
        const related = relatedToContext(c.key);
        // An ordinary word becomes a confident name only with evidence: the way it is written,
        // or a related entity nearby.
        if (c.unproven && !related) score = Math.min(score, UNPROVEN_CONFIDENCE);
        // A known acronym in capitals, with context (the caller's, a related name, or named
        // again in capitals), is as sure as a full name.
        const backed =
          related || context.has(c.key) || (capitalsSeen.get(c.key) ?? 0) >= ACRONYM_REPEATS;
        if (c.capitals && !ambiguous && backed) score = Math.max(score, ACRONYM_CONFIDENCE);
        return { c, score };
      });
      scored.sort((a, b) => b.score - a.score);
      const [top, second] = scored;
      if (top === undefined) continue;
      if (second === undefined || top.score - second.score >= 0.2) {
        mentions.push(toMention(top.c, span, Math.min(0.99, top.score)));
      } else {
        for (const { c } of scored) mentions.push(toMention(c, span, Math.min(0.45, c.base * 0.5)));
      }
    }
    return mentions;
  }
}

function toMention(
  entry: EntityRef & { name: string },
  span: { start: number; end: number },
  confidence: number,
): Mention {
  return {
    type: entry.type,
    id: entry.id,
    name: entry.name,
    start: span.start,
    end: span.end,
    confidence: Math.round(Math.max(0.01, confidence) * 100) / 100,
  };
}

function baseConfidence(entry: NameEntry, key: string): number {
  let base = BASE[entry.source];
  const hangul = /^[\uac00-\ud7a3]+$/u.test(key);
  // Short keys ("OMG", "아린") are more often something else; one-word Latin aliases a bit too.
  if (hangul ? key.length <= 2 : key.length <= 3) base -= hangul ? 0.1 : 0.2;
  else if (!hangul && key.length === 4) base -= 0.1;
  else if (!hangul && !/[\s\-\u2010\u2011]/u.test(entry.surface.trim()) && entry.source === 'alias')
    base -= 0.05;
  return base;
}

/** A name written with capitals ("Arin") found in all-lowercase text ("arin") is less likely that name. */
function caseAdjusted(candidate: Candidate, original: string): number {
  if (candidate.upper && !HAS_UPPER.test(original) && /[a-z]/u.test(original)) {
    return candidate.base - 0.35;
  }
  return candidate.base;
}

function particleFollows(folded: string, wordStart: Uint8Array, end: number): boolean {
  for (const particle of PARTICLES) {
    if (!folded.startsWith(particle, end)) continue;
    const after = end + particle.length;
    if (after === folded.length || wordStart[after] === 1 || folded[after] === BREAK) return true;
  }
  return false;
}

/**
 * The spans glossing span `index` or glossed by it: "Dan Gu [Yoo In-soo]", "Cho Yong (Arin)".
 * Only an opening bracket (and spaces) may stand between the two.
 */
function glossPartners<S extends { start: number; end: number }>(
  text: string,
  spans: readonly S[],
  index: number,
): S[] {
  const out: S[] = [];
  const self = spans[index];
  if (self === undefined) return out;
  const next = spans[index + 1];
  if (next !== undefined && /^\s*[[(（]\s*$/u.test(text.slice(self.end, next.start)))
    out.push(next);
  const prev = spans[index - 1];
  if (prev !== undefined && /^\s*[[(（]\s*$/u.test(text.slice(prev.end, self.start)))
    out.push(prev);
  return out;
}
