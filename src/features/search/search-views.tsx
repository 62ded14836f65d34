import { formatDate } from '../../lib/time.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import type { SearchHit, SearchResult, SearchType } from './search.service.js';
import type { SnippetSegment } from './search.snippet.js';

/** Text with the matched pieces in <mark>; every piece is escaped by Preact. */
function Marked({ segments }: { segments: readonly SnippetSegment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        segment.match ? <mark key={i}>{segment.text}</mark> : segment.text,
      )}
    </>
  );
}

const TYPE_LABELS: readonly [SearchType, string][] = [
  ['all', 'Everything'],
  ['articles', 'News'],
  ['people', 'People'],
  ['shows', 'Shows'],
  ['characters', 'Characters'],
  ['groups', 'Groups'],
];

const KIND_LABELS: Readonly<Record<SearchHit['type'], string>> = {
  article: 'News',
  person: 'Person',
  group: 'Group',
  show: 'Show',
  character: 'Character',
};

export interface SearchPageProps {
  site: SiteInfo;
  /** The query as shown back in the box (already cut to the length we read). */
  q: string;
  /** True when the query was longer than what we read. */
  truncated: boolean;
  result: SearchResult;
  /** Query string of this search without `page`, for the pager links. */
  baseQuery: string;
}

/** One person, group, show or character found: its name, Hangul, kind and show. */
function EntityResult({ hit }: { hit: SearchHit }) {
  return (
    <li class="search-entity">
      <span class="search-entity__kind">{KIND_LABELS[hit.type]}</span>{' '}
      <a href={hit.path} class="search-entity__name">
        <Marked segments={hit.titleSegments} />
      </a>
      {hit.titleKo && (
        <span class="search-entity__ko" lang="ko">
          {' '}
          {hit.titleKo}
        </span>
      )}
      {hit.show && <span class="search-entity__show"> · {hit.show.title}</span>}
    </li>
  );
}

/** One article found: title, snippet, date. */
function ArticleResult({ hit, zone }: { hit: SearchHit; zone: string }) {
  return (
    <li class="search-result">
      <h3 class="search-result__title">
        <a href={hit.path}>
          <Marked segments={hit.titleSegments} />
        </a>
      </h3>
      {hit.snippet.length > 0 && (
        <p class="search-result__snippet">
          <Marked segments={hit.snippet} />
        </p>
      )}
      {hit.publishedAt && (
        <p class="meta">
          <time dateTime={hit.publishedAt}>{formatDate(hit.publishedAt, zone)}</time>
        </p>
      )}
    </li>
  );
}

const KIND_PLURALS: Readonly<Record<SearchHit['type'], string>> = {
  article: 'news',
  person: 'people',
  group: 'groups',
  show: 'shows',
  character: 'characters',
};

/**
 * The heading of a group of names found: its kinds in the order they first come
 * ("People and shows"). Its count is the group's own length: nothing more is counted for it.
 */
function kindsHeading(hits: readonly SearchHit[]): string {
  const kinds = [...new Set(hits.map((hit) => KIND_PLURALS[hit.type]))];
  const text =
    kinds.length === 1 ? kinds.join('') : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs of consecutive hits of the same family (entities, articles), in their order. */
function runs(hits: readonly SearchHit[]): { articles: boolean; hits: SearchHit[] }[] {
  const out: { articles: boolean; hits: SearchHit[] }[] = [];
  for (const hit of hits) {
    const articles = hit.type === 'article';
    const last = out.at(-1);
    if (last !== undefined && last.articles === articles) last.hits.push(hit);
    else out.push({ articles, hits: [hit] });
  }
  return out;
}

/** The /search page: a plain GET form (works without JavaScript) and the results. */
export function SearchPage({ site, q, truncated, result, baseQuery }: SearchPageProps) {
  const { pagination } = result;
  const searched = q.trim() !== '';
  const nothing = result.results.length === 0;
  const pageHref = (page: number) => `/search?${baseQuery}${page > 1 ? `&page=${page}` : ''}`;
  return (
    <Layout site={site} title={searched ? `Search: ${q}` : 'Search'} canonicalPath="/search">
      <h1>Search</h1>
      <form class="search-form" method="get" action="/search" role="search">
        <label class="search-form__label" for="search-q">
          Names, titles, words — in English or 한국어 (초성 too: ㅇㅈㅇ)
        </label>
        <div class="search-form__row">
          <input
            id="search-q"
            class="search-form__input"
            type="search"
            name="q"
            value={q}
            maxLength={200}
          />
          <select class="search-form__type" name="type" aria-label="Search in">
            {TYPE_LABELS.map(([value, label]) => (
              <option key={value} value={value} selected={value === result.type}>
                {label}
              </option>
            ))}
          </select>
          <button class="search-form__button" type="submit">
            Search
          </button>
        </div>
      </form>
      {truncated && (
        <p class="search-note">Your search was long; only its first 200 characters were used.</p>
      )}
      {result.suggestion !== null && (
        <p class="search-suggestion">
          Did you mean{' '}
          <a href={`/search?q=${encodeURIComponent(result.suggestion)}`}>{result.suggestion}</a>?
        </p>
      )}
      {searched && nothing && <p class="empty">Nothing matches “{q}”.</p>}
      {runs(result.results).map((run, i) =>
        run.articles ? (
          <section key={i} class="search-results__group" aria-labelledby={`search-group-${i}`}>
            <h2 id={`search-group-${i}`} class="search-results__heading">
              News{' '}
              <span class="search-results__count">
                ({pagination.total.toLocaleString('en')}
                {result.capped ? '+' : ''})
              </span>
            </h2>
            <ol class="search-results">
              {run.hits.map((hit) => (
                <ArticleResult key={hit.id} hit={hit} zone={site.zone} />
              ))}
            </ol>
          </section>
        ) : (
          <section key={i} class="search-results__group" aria-labelledby={`search-group-${i}`}>
            <h2 id={`search-group-${i}`} class="search-entities__heading">
              {kindsHeading(run.hits)}{' '}
              <span class="search-results__count">({run.hits.length})</span>
            </h2>
            <ul class="search-entities__list">
              {run.hits.map((hit) => (
                <EntityResult key={`${hit.type}-${hit.id}`} hit={hit} />
              ))}
            </ul>
          </section>
        ),
      )}
      {pagination.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {pagination.page > 1 && (
            <a rel="prev" href={pageHref(pagination.page - 1)}>
              ← Previous
            </a>
          )}
          <span>
            Page {pagination.page} of {pagination.pages}
          </span>
          {pagination.page < pagination.pages && (
            <a rel="next" href={pageHref(pagination.page + 1)}>
              Next →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
