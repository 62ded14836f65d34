/*
 * What the text around a name says about it, for the linker (issue 20): a name that is also an
 * ordinary word or phrase ("Twice", "Our Blues", 지수 'index') needs evidence before a link is
 * confident; a family name after a title or before "clan" ("Lady Jin", "the Jin family") is not
 * a stage name; a short acronym in capitals with context (BTS, IU) is.
 * The word lists are tables tests can read.
 */

/**
 * English words that titles and stage names are made of and that also run through ordinary
 * prose. A Latin name made only of these is "common".
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the no not other another choice choices twice once law school little women men woman man our your my ' +
    'his her their blues blue live on off in out up down of for to and or with without love lovers life lives ' +
    'home house family friends friend night day days time summer winter spring fall red black white gold ' +
    'good bad best big small new old young first last one two three moving signal mother father sister brother ' +
    'doctor doctors lawyer teacher king queen prince princess city world star stars heart hearts dream dreams ' +
    'again forever today tomorrow yesterday here there this that what when where why who how all some more most ' +
    'run fight stay go come back next door way road war peace money power game games play player show light ' +
    'shadow dark sweet bitter strong weak true lies secret secrets island sea sky rain snow fire water moon sun ' +
    'flower flowers spring begins start end ending happy sad hello goodbye yes maybe please thank thanks sorry'
  ).split(' '),
);

/** Korean nouns that are also given or stage names (지수 index, 정국 political situation, 유아 infant). */
export const KOREAN_COMMON_NOUNS: ReadonlySet<string> = new Set(
  (
    '지수 정국 유아 하나 사랑 나라 우주 한결 보라 미래 소망 다인 가람 하늘 바다 별 해 달 봄 여름 가을 겨울 ' +
    '은하 진리 정의 평화 희망 기쁨 슬기 아름 누리 한울 은비 연우 지성 감성 인성 현실 서울 민국 국민 선우 ' +
    '정수 상수 변수 정원 수정 미소 노을 이슬 구름 아라 도도 로운 하람'
  ).split(' '),
);

/** Words before a name that make it a title or family name, not a stage name ("Lady Jin"). */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    'lady lord king queen prince princess emperor empress master madam madame sir mr mrs ms miss dr ' +
    'general minister officer detective captain chief consort concubine duke noble scholar elder'
  ).split(' '),
);

/** Words after a name that make it a family name ("the Jin clan", "the Jin family"). */
export const KIN_WORDS: ReadonlySet<string> = new Set(
  'clan family household house dynasty estate brothers sisters siblings family’s'.split(' '),
);

/** Honorifics that mark the Hangul before them as a person's name (지수 씨, 정국님). */
const NAME_MARKERS = /^\s?(씨|님|양|군|선배|배우|가수)/u;

const OPEN_QUOTE = /[“"‘'«《「『〈*_]\s*$/u;
const CLOSE_QUOTE = /^\s*[”"’'»》」』〉*_]/u;
const SENTENCE_START = /(^|[.!?。\n]\s*|^\s*[“"‘'(]\s*)$/u;

/** True when every word of `surface` is an ordinary English word, or it is a Korean common noun. */
export function isCommonName(surface: string): boolean {
  const trimmed = surface.trim();
  if (/^[\uac00-\ud7a3]+$/u.test(trimmed)) return KOREAN_COMMON_NOUNS.has(trimmed);
  const words = trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  return words.length > 0 && words.every((w) => COMMON_WORDS.has(w));
}

/** A short acronym written in capitals: BTS, IU, CL, RM. */
export function isAcronym(surface: string): boolean {
  return /^[A-Z0-9]{2,3}$/u.test(surface.trim());
}

/** The word just before `start` and just after `end`, lowercased ('' at an edge). */
export function neighbours(text: string, start: number, end: number): [string, string] {
  const before = /([\p{L}’']+)\s+$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1] ?? '';
  const after = /^\s+([\p{L}’']+)/u.exec(text.slice(end, end + 40))?.[1] ?? '';
  return [before.toLowerCase(), after.toLowerCase()];
}

/** A family name after a title ("Lady Jin") or before "clan"/"family" ("the Jin clan"). */
export function isFamilyNameUse(text: string, start: number, end: number): boolean {
  const [before, after] = neighbours(text, start, end);
  return TITLE_WORDS.has(before.replace(/\.$/u, '')) || KIN_WORDS.has(after);
}

/**
 * Evidence in the writing itself that a common word is meant as a name: in quotes or italics
 * markers, written in title case (or capitals) away from the start of a sentence, or, in
 * Hangul, followed by an honorific.
 */
export function writtenAsName(text: string, start: number, end: number): boolean {
  const span = text.slice(start, end);
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(end, end + 40);
  if (OPEN_QUOTE.test(before) && CLOSE_QUOTE.test(after)) return true;
  if (/[\uac00-\ud7a3]/u.test(span)) return NAME_MARKERS.test(after);
  const words = span.split(/[\s\-‐‑]+/u).filter((w) => w !== '');
  const significant = words.filter((w, i) => i === 0 || !COMMON_SMALL.has(w.toLowerCase()));
  const titled = significant.every((w) => /^\p{Lu}/u.test(w));
  if (!titled) return false;
  if (words.length > 0 && words.every((w) => w === w.toUpperCase() && /\p{Lu}/u.test(w))) {
    return true;
  }
  return !SENTENCE_START.test(before);
}

/** Words a title writes in lower case ("Alchemy of Souls"). */
const COMMON_SMALL: ReadonlySet<string> = new Set(
  'a an the of on in to and or for with at by'.split(' '),
);
