import { NOUNS, PLACES } from './vocabulary.js';

/*
 * The search row's queries: what readers type on a drama news site, drawn from the generated
 * site's own names and titles (issue 24 asked for at least 200 varied queries): full romanized
 * names, names without the hyphen or in lower case, Hangul names alone and with a particle,
 * show titles in English and Korean, phrases from the stories, typos, and queries that find
 * nothing.
 */

export interface SearchSample {
  people: readonly { name: string; nameKo: string }[];
  shows: readonly { title: string; titleKo: string }[];
}

/** A typo as readers make them: one letter dropped from the middle. */
function typo(text: string): string {
  const at = Math.max(1, Math.floor(text.length / 2));
  return text.slice(0, at) + text.slice(at + 1);
}

/** At least `count` queries, deterministic for a sample. */
export function searchQueries(sample: SearchSample, count = 240): string[] {
  const forms: ((i: number) => string | undefined)[] = [
    (i) => sample.people[i % sample.people.length]?.name,
    (i) => sample.people[i % sample.people.length]?.name.replace('-', '').toLowerCase(),
    (i) => sample.people[i % sample.people.length]?.nameKo,
    (i) => {
      const name = sample.people[i % sample.people.length]?.nameKo;
      return name === undefined ? undefined : `${name}이`;
    },
    (i) => sample.shows[i % sample.shows.length]?.title,
    (i) => sample.shows[i % sample.shows.length]?.titleKo,
    (i) => NOUNS[i % NOUNS.length],
    (i) => `${PLACES[i % PLACES.length]} filming`,
    (i) => {
      const name = sample.people[(i * 7) % sample.people.length]?.name;
      return name === undefined ? undefined : typo(name);
    },
    (i) => {
      const title = sample.shows[(i * 3) % sample.shows.length]?.title;
      return title === undefined ? undefined : typo(title);
    },
    (i) => `zq${(i * 7919).toString(36)}x`,
  ];
  const queries = new Set<string>();
  for (let i = 0; queries.size < count && i < count * 4; i++) {
    const query = forms[i % forms.length]?.(Math.floor(i / forms.length));
    if (query !== undefined && query.trim() !== '') queries.add(query);
  }
  return [...queries];
}
