import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { articlePath, bodyText, type Block } from '../articles/index.js';
import { currentHangulLexicon, namesFingerprint } from '../names/index.js';
import { ensureEntityIndex } from './search.entities.js';
import { rankEntities, type RankedEntity } from './search.rank.js';
import {
  searchArticles,
  WINDOW,
  type ArticleSearchFilter,
  type EntityKind,
} from './search.repository.js';
import { highlightAll, snippet, type SnippetSegment } from './search.snippet.js';
import { isEmptyQuery, parseQuery, type ParsedQuery } from './search.text.js';

export const SEARCH_TYPES = ['all', 'articles', 'shows', 'people', 'characters', 'groups'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** What a reader asked for (already validated by the route's schema). */
export interface SearchInput {
  q: string;
  type: SearchType;
  page: number;
  limit: number;
  /** Filters on articles, by slug. */
  show?: string | undefined;
  person?: string | undefined;
  tag?: string | undefined;
  /** Published on or after this day (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  /** Published on or before this day (YYYY-MM-DD, UTC). */
  to?: string | undefined;
}

/** One result, ready for a view or a presenter. */
export interface SearchHit {
  type: 'article' | 'show' | 'person' | 'character' | 'group';
  id: number;
  slug: string;
  title: string;
  /** The title with the matched parts marked. */
  titleSegments: SnippetSegment[];
  /** Korean name or title, when there is one. */
  titleKo: string | null;
  path: string;
  /** Text around the first match (articles: dek and body; others: description), matches marked. */
  snippet: SnippetSegment[];
  publishedAt: string | null;
  /** For a character: the show it belongs to. */
  show?: { slug: string; title: string };
}

export interface SearchResult {
  query: string;
  type: SearchType;
  articles: SearchHit[];
  shows: SearchHit[];
  people: SearchHit[];
  characters: SearchHit[];
  groups: SearchHit[];
  /**
   * Everything found, best first whatever its kind: entities whose name the query spells (or
   * nearly), then the page of articles, then entities that only match elsewhere.
   */
  results: SearchHit[];
  /** A name a few typos from the query, when the query matched no name ("Did you mean …"). */
  suggestion: string | null;
  /** Pagination of the articles (type all/articles) or of the one type asked for. */
  pagination: { page: number; limit: number; pages: number; total: number };
  /** More articles match than the 1,000 that are ranked: `total` is a lower bound ("1,000+"). */
  capped: boolean;
}

/** How many of each other kind a search over everything shows beside the articles. */
const ENTITY_PREVIEW = 5;
/** How many entities a search over everything puts before the articles, at most. */
const TOP_ENTITIES = 8;
/** Entities of this tier or better are named by the query, and come before articles. */
const NAMED_TIER = 5;

function parseBlocks(json: string): Block[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Block[]) : [];
  } catch {
    return [];
  }
}

const pages = (total: number, limit: number) => Math.max(1, Math.ceil(total / limit));

async function articleFilter(
  db: DbOrTrx,
  input: SearchInput,
  now: string,
): Promise<ArticleSearchFilter | undefined> {
  const filter: ArticleSearchFilter = { now };
  if (input.show !== undefined) {
    const row = await db
      .selectFrom('shows')
      .select('id')
      .where('slug', '=', input.show)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    filter.showId = row.id;
  }
  if (input.person !== undefined) {
    const row = await db
      .selectFrom('people')
      .select('id')
      .where('slug', '=', input.person)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    filter.personId = row.id;
  }
  if (input.tag !== undefined) {
    const row = await db
      .selectFrom('tags')
      .select('id')
      .where('slug', '=', input.tag)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    filter.tagId = row.id;
  }
  if (input.from !== undefined) filter.from = `${input.from}T00:00:00.000Z`;
  if (input.to !== undefined) {
    const next = new Date(`${input.to}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    filter.before = next.toISOString();
  }
  return filter;
}

async function loadArticles(db: DbOrTrx, ids: number[], query: ParsedQuery): Promise<SearchHit[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'dek', 'body', 'published_at'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const text = `${row.dek}\n${bodyText(parseBlocks(row.body))}`;
    return [
      {
        type: 'article' as const,
        id: row.id,
        slug: row.slug,
        title: row.title,
        titleSegments: highlightAll(row.title, query),
        titleKo: null,
        path: articlePath(row.slug),
        snippet: snippet(text, query),
        publishedAt: row.published_at,
      },
    ];
  });
}

async function loadEntities(
  db: DbOrTrx,
  kind: EntityKind,
  ids: number[],
  query: ParsedQuery,
): Promise<SearchHit[]> {
  if (ids.length === 0) return [];
  const hit = (
    row: { id: number; slug: string; name: string; ko: string | null; text: string },
    type: SearchHit['type'],
    path: string,
  ) => ({
    type,
    id: row.id,
    slug: row.slug,
    title: row.name,
    titleSegments: highlightAll(row.name, query),
    titleKo: row.ko,
    path,
    snippet: snippet(row.text, query),
    publishedAt: null,
  });
  const order = (hits: SearchHit[]) => ids.flatMap((id) => hits.filter((h) => h.id === id));
  switch (kind) {
    case 'person': {
      const rows = await db
        .selectFrom('people')
        .select(['id', 'slug', 'name', 'name_ko as ko', 'bio as text'])
        .where('id', 'in', ids)
        .execute();
      return order(rows.map((r) => hit(r, 'person', `/people/${r.slug}`)));
    }
    case 'show': {
      const rows = await db
        .selectFrom('shows')
        .select(['id', 'slug', 'title as name', 'title_ko as ko', 'synopsis as text'])
        .where('id', 'in', ids)
        .execute();
      return order(rows.map((r) => hit(r, 'show', `/shows/${r.slug}`)));
    }
    case 'character': {
      const rows = await db
        .selectFrom('characters')
        .innerJoin('shows', 'shows.id', 'characters.show_id')
        .select([
          'characters.id',
          'characters.slug',
          'characters.name',
          'characters.name_ko as ko',
          'characters.description as text',
          'shows.slug as show_slug',
          'shows.title as show_title',
        ])
        .where('characters.id', 'in', ids)
        .execute();
      return order(
        rows.map((r) => ({
          ...hit(r, 'character', `/shows/${r.show_slug}#character-${r.slug}`),
          show: { slug: r.show_slug, title: r.show_title },
        })),
      );
    }
    case 'group': {
      const rows = await db
        .selectFrom('groups')
        .select(['id', 'slug', 'name', 'name_ko as ko', 'description as text'])
        .where('id', 'in', ids)
        .execute();
      return order(rows.map((r) => hit(r, 'group', `/groups/${r.slug}`)));
    }
  }
}

const KIND_OF: Readonly<Record<'shows' | 'people' | 'characters' | 'groups', EntityKind>> = {
  shows: 'show',
  people: 'person',
  characters: 'character',
  groups: 'group',
};

/**
 * The hits of ranked entities, in their order (one query per kind), each with its tier. An
 * entity deleted since it was indexed has no hit and is left out, so a hit's tier travels with it
 * rather than being looked up by position.
 */
async function loadRanked(
  db: DbOrTrx,
  ranked: readonly RankedEntity[],
  query: ParsedQuery,
): Promise<{ hit: SearchHit; tier: number }[]> {
  const byKind = new Map<EntityKind, SearchHit[]>();
  for (const kind of new Set(ranked.map((r) => r.kind))) {
    const ids = ranked.filter((r) => r.kind === kind).map((r) => r.refId);
    byKind.set(kind, await loadEntities(db, kind, ids, query));
  }
  return ranked.flatMap((r) => {
    const found = byKind.get(r.kind)?.find((h) => h.id === r.refId);
    return found === undefined ? [] : [{ hit: found, tier: r.tier }];
  });
}

const HANGUL = /[\uac00-\ud7a3]/u;

/**
 * Searches articles, people, groups, shows and characters. Never throws on what a reader
 * typed: an empty or unusable query answers no results; unknown filter slugs match nothing.
 */
export async function search(db: DbOrTrx, clock: Clock, input: SearchInput): Promise<SearchResult> {
  // The names' fingerprint, read once for the Hangul lexicon and the entity index alike.
  const hangul = HANGUL.test(input.q);
  const fingerprint = hangul || input.type !== 'articles' ? await namesFingerprint(db) : undefined;
  // The Hangul names known (spaceless → spaced), when the query has Hangul to look into.
  const lexicon = hangul ? await currentHangulLexicon(db, fingerprint) : undefined;
  const query = parseQuery(input.q, lexicon);
  const result: SearchResult = {
    query: input.q,
    type: input.type,
    articles: [],
    shows: [],
    people: [],
    characters: [],
    groups: [],
    results: [],
    suggestion: null,
    pagination: { page: input.page, limit: input.limit, pages: 1, total: 0 },
    capped: false,
  };
  if (isEmptyQuery(query)) return result;
  const window = { limit: input.limit, offset: (input.page - 1) * input.limit };

  const built = input.type === 'articles' ? undefined : await ensureEntityIndex(db, fingerprint);

  if (input.type === 'all' || input.type === 'articles') {
    const filter = await articleFilter(db, input, clock().toISOString());
    if (filter !== undefined) {
      const found = await searchArticles(db, query, filter, window);
      result.articles = await loadArticles(db, found.ids, query);
      result.capped = found.capped;
      result.pagination = {
        ...result.pagination,
        total: found.total,
        pages: pages(found.total, input.limit),
      };
    }
    result.results = result.articles;
    if (input.type === 'all' && input.page === 1) {
      const ranking = await rankEntities(db, query, { built });
      result.suggestion = ranking.suggestion ?? null;
      const shown = ranking.ranked.slice(0, TOP_ENTITIES * 4);
      const loaded = await loadRanked(db, shown, query);
      const hits = loaded.map((l) => l.hit);
      for (const key of ['shows', 'people', 'characters', 'groups'] as const) {
        result[key] = hits.filter((h) => h.type === KIND_OF[key]).slice(0, ENTITY_PREVIEW);
      }
      const named = loaded.filter((l) => l.tier <= NAMED_TIER).map((l) => l.hit);
      const rest = loaded.filter((l) => l.tier > NAMED_TIER).map((l) => l.hit);
      result.results = [
        ...named.slice(0, TOP_ENTITIES),
        ...result.articles,
        ...rest.slice(0, Math.max(0, TOP_ENTITIES - named.length)),
      ];
    }
    return result;
  }
  const key = input.type;
  // Like articles, at most WINDOW matches are ranked; past it the total is a lower bound.
  const reach = Math.min(WINDOW, window.offset + window.limit);
  const ranking = await rankEntities(db, query, { built, kind: KIND_OF[key], reach });
  result.suggestion = ranking.suggestion ?? null;
  const page = ranking.ranked.slice(window.offset, Math.min(reach, window.offset + window.limit));
  result[key] = (await loadRanked(db, page, query)).map((l) => l.hit);
  result.results = result[key];
  const total = Math.min(WINDOW, ranking.total);
  result.capped = ranking.total > WINDOW;
  result.pagination = { ...result.pagination, total, pages: pages(total, input.limit) };
  return result;
}
