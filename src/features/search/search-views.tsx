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
];

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

function EntityList({ heading, hits }: { heading: string; hits: readonly SearchHit[] }) {
  if (hits.length === 0) return null;
  return (
    <section class="search-entities" aria-label={heading}>
      <h2 class="search-entities__heading">{heading}</h2>
      <ul class="search-entities__list">
        {hits.map((hit) => (
          <li key={`${hit.type}-${hit.id}`} class="search-entity">
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
        ))}
      </ul>
    </section>
  );
}

/** The /search page: a plain GET form (works without JavaScript) and the results. */
export function SearchPage({ site, q, truncated, result, baseQuery }: SearchPageProps) {
  const { pagination } = result;
  const searched = q.trim() !== '';
  const nothing =
    result.articles.length +
      result.people.length +
      result.shows.length +
      result.characters.length ===
    0;
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
      {searched && nothing && <p class="empty">Nothing matches “{q}”.</p>}
      <EntityList heading="People" hits={result.people} />
      <EntityList heading="Shows" hits={result.shows} />
      <EntityList heading="Characters" hits={result.characters} />
      {result.articles.length > 0 && (
        <section aria-label="News">
          <h2 class="search-results__heading">
            News{' '}
            <span class="search-results__count">
              ({pagination.total.toLocaleString('en')}
              {result.capped ? '+' : ''})
            </span>
          </h2>
          <ol class="search-results">
            {result.articles.map((hit) => (
              <li key={hit.id} class="search-result">
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
                    <time dateTime={hit.publishedAt}>{formatDate(hit.publishedAt, site.zone)}</time>
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
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
