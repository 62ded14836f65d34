import { Linker, type NameEntry } from '../features/names/index.js';
import { FAMILY } from './vocabulary.js';

/*
 * Linker throughput, a row of `npm run bench` (in-process: the linker has no HTTP route):
 * 50,000 synthetic names (romanized people, Hangul names, multi-word titles) and about 1 MB of
 * English news text that mentions some of them. Deterministic (seeded), no database.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SYLLABLES = [
  'min',
  'ji',
  'seo',
  'hyun',
  'woo',
  'jae',
  'yeon',
  'soo',
  'eun',
  'hye',
  'jin',
  'young',
  'ho',
  'na',
  'ra',
  'bin',
  'kyung',
  'dong',
  'hee',
  'sung',
  'won',
  'ah',
  'yoon',
  'joon',
  'gu',
];
const HANGUL_SYLLABLES = '민지서현우재연수은혜진영호나라빈경동희성원아윤준구';
const WORDS =
  'the drama actor scene episode fans camera said director filming week after before season returns stars cast series romance first'.split(
    ' ',
  );

/** Builds the synthetic dictionary and text. */
function linkerBenchInput(
  aliasCount = 50_000,
  textBytes = 1_000_000,
): { entries: NameEntry[]; text: string } {
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const entries: NameEntry[] = [];
  for (let id = 1; entries.length < aliasCount; id++) {
    const given = `${pick(SYLLABLES)}-${pick(SYLLABLES)}`;
    const name = `${pick(FAMILY)} ${given[0]?.toUpperCase() ?? ''}${given.slice(1)}${pick(SYLLABLES)}`;
    const ko = `${pick([...HANGUL_SYLLABLES])}${pick([...HANGUL_SYLLABLES])}${pick([...HANGUL_SYLLABLES])}`;
    entries.push({ type: 'person', id, name, surface: name, source: 'canonical' });
    entries.push({ type: 'person', id, name, surface: ko, source: 'hangul' });
    const [family = '', ...given2] = name.split(' ');
    entries.push({
      type: 'person',
      id,
      name,
      surface: `${given2.join(' ')} ${family}`,
      source: 'variant',
    });
    entries.push({
      type: 'show',
      id,
      name: `The ${pick(WORDS)} of ${pick(WORDS)} ${id}`,
      surface: `The ${pick(WORDS)} of ${pick(WORDS)} ${id}`,
      source: 'canonical',
    });
  }
  entries.length = aliasCount;
  const parts: string[] = [];
  let size = 0;
  while (size < textBytes) {
    const sentence: string[] = [];
    for (let i = 0; i < 14; i++) sentence.push(pick(WORDS));
    const entry = pick(entries);
    sentence.splice(Math.floor(random() * sentence.length), 0, `${entry.surface}’s`);
    const line = `${sentence.join(' ')}. `;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  return { entries, text: parts.join('') };
}

/** Runs the linker benchmark, prints and returns MB/s (UTF-8 bytes of text per second). */
export function benchLinker(log: (line: string) => void = console.log): {
  mbPerSecond: number;
  buildMs: number;
  mentions: number;
} {
  const { entries, text } = linkerBenchInput();
  const t0 = performance.now();
  const linker = new Linker(entries);
  const buildMs = performance.now() - t0;
  linker.detect(text.slice(0, 50_000)); // warm up
  const runs = 3;
  let mentions = 0;
  const t1 = performance.now();
  for (let i = 0; i < runs; i++) mentions = linker.detect(text).length;
  const seconds = (performance.now() - t1) / 1000 / runs;
  const mb = Buffer.byteLength(text) / 1_000_000;
  const mbPerSecond = mb / seconds;
  log(
    `linker: ${linker.size} keys from ${entries.length} names, built in ${buildMs.toFixed(0)} ms; ` +
      `${mb.toFixed(2)} MB in ${(seconds * 1000).toFixed(0)} ms = ${mbPerSecond.toFixed(2)} MB/s, ${mentions} mentions`,
  );
  return { mbPerSecond, buildMs, mentions };
}
