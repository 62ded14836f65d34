import { nameKey } from './normalize.js';
import { romanizePersonName } from './romanization.js';

/*
 * Variants generated from a canonical name where that is safe. Spacing, hyphens and joining
 * ("Lee Jae-wook" / "Lee Jae Wook" / "Lee Jaewook") need no variant at all: they fold to one
 * key. What is generated here is Western order ("Jae-wook Lee") for names that start with a
 * Korean family name, the romanizations of a Hangul name (romanization.ts: Yi Jae-uk, Rhee
 * Jae-wook…), and the ways news copy names a part of a show. Everything else (stage names,
 * garbled spellings) is an alias an editor adds.
 */

/** Romanized Korean family names (the common ones and their usual spellings). */
const FAMILY_NAMES = new Set(
  (
    'kim gim lee yi rhee i park pak bak choi choe jung jeong chung kang gang cho jo yoon yun jang chang ' +
    'lim im han oh o seo suh shin sin kwon gwon hwang ahn an song jeon jun chun hong yoo yu ryu go ko ' +
    'moon mun yang son sohn bae baek paek heo huh nam noh no ha kwak gwak sung seong cha joo ju woo u ' +
    'koo gu min na jin ji um eom won cheon chun bang pyo do ma gil yeo'
  ).split(' '),
);

/** How a name entered the dictionary; decides the base confidence of a match. */
export type NameSource = 'canonical' | 'hangul' | 'variant' | 'alias' | 'romanized';

export interface NameVariant {
  /** The name as it would be written. */
  surface: string;
  source: NameSource;
}

/** "Lee Jae-wook" → "Jae-wook Lee", when the first word is a Korean family name; else undefined. */
export function westernOrder(name: string): string | undefined {
  const words = name.trim().split(/\s+/u);
  if (words.length < 2 || words.length > 3) return undefined;
  const [family, ...given] = words;
  if (family === undefined || !FAMILY_NAMES.has(family.toLowerCase())) return undefined;
  // A one-syllable given name ("Go Won", "Jang Uk") reversed reads like an English phrase
  // ("Won Go") far too often; only hyphenated or multi-word given names are reversed.
  if (given.length === 1 && !/[-\u2010\u2011]/u.test(given[0] ?? '')) {
    if ((given[0] ?? '').length < 5) return undefined;
  }
  return `${given.join(' ')} ${family}`;
}

/** Variants of a person's or character's name: the name, its Western order, Hangul, aliases. */
export function personVariants(
  name: string,
  nameKo: string | null,
  aliases: readonly string[],
): NameVariant[] {
  const out: NameVariant[] = [{ surface: name, source: 'canonical' }];
  const western = westernOrder(name);
  if (western !== undefined) out.push({ surface: western, source: 'variant' });
  if (nameKo) out.push({ surface: nameKo, source: 'hangul' });
  for (const alias of aliases) {
    out.push({ surface: alias, source: 'alias' });
    const westernAlias = westernOrder(alias);
    if (westernAlias !== undefined) out.push({ surface: westernAlias, source: 'alias' });
  }
  // Generated last, so a spelling the editor wrote keeps its own source.
  if (nameKo) {
    for (const surface of romanizePersonName(nameKo)) out.push({ surface, source: 'romanized' });
  }
  return dedupe(out);
}

/** Variants of a group's or show's name. */
export function titleVariants(
  title: string,
  titleKo: string | null,
  aliases: readonly string[],
): NameVariant[] {
  return dedupe([
    { surface: title, source: 'canonical' },
    ...(titleKo ? [{ surface: titleKo, source: 'hangul' as const }] : []),
    ...aliases.map((surface) => ({ surface, source: 'alias' as const })),
  ]);
}

export interface PartNames {
  number: number;
  /** "Part 2", "Season 1". */
  title: string;
  subtitle: string | null;
  subtitleKo: string | null;
}

/**
 * Ways to name one part of a show: "Alchemy of Souls, Part 2", "Alchemy of Souls Part 2",
 * "Alchemy of Souls: Light and Shadow", "환혼: 빛과 그림자", "환혼 2". The display name comes first.
 */
export function partVariants(
  show: { title: string; titleKo: string | null },
  part: PartNames,
): NameVariant[] {
  const out: NameVariant[] = [
    { surface: `${show.title}, ${part.title}`, source: 'canonical' },
    { surface: `${show.title} ${part.title}`, source: 'variant' },
  ];
  if (part.subtitle) {
    out.push({ surface: `${show.title}: ${part.subtitle}`, source: 'variant' });
    out.push({ surface: `${show.title} ${part.subtitle}`, source: 'variant' });
  }
  if (show.titleKo) {
    out.push({ surface: `${show.titleKo} ${part.number}`, source: 'variant' });
    if (part.subtitleKo)
      out.push({ surface: `${show.titleKo}: ${part.subtitleKo}`, source: 'hangul' });
  }
  return dedupe(out);
}

function dedupe(variants: NameVariant[]): NameVariant[] {
  const seen = new Set<string>();
  return variants.filter((v) => {
    const key = nameKey(v.surface);
    if (key.length < 2 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
