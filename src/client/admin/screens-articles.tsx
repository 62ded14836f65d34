import { useEffect, useState } from 'preact/hooks';
import { api, contentApi, messageOf } from './api.js';
import { MAY, type Article, type Me, type Pagination } from './types.js';
import { Field, go, Link, Notice, when } from './ui.js';

/*
 * The newsroom's article list. The filters live in the page's query string
 * (/admin/articles?status=draft&tag=12&q=…), so a filtered list can be bookmarked, reloaded and
 * shared; the Admin API does the filtering and paging.
 */

const KEYS = ['status', 'author_id', 'tag', 'show_id', 'q', 'sort', 'page'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

interface Choice {
  id: number;
  label: string;
}

interface ListAnswer {
  articles: Article[];
  meta: {
    pagination: Pagination;
    filter: {
      author: { id: number; name: string } | null;
      tag: { id: number; name: string } | null;
      show: { id: number; title: string } | null;
    };
  };
}

function readFilters(): Filters {
  const params = new URLSearchParams(location.search);
  const out: Filters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') out[key] = value;
  }
  return out;
}

function query(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  return params.toString();
}

/** A search field that offers matches as buttons; the chosen one shows as a removable chip. */
function SearchPicker({
  id,
  label,
  chosen,
  search,
  onChoose,
}: {
  id: string;
  label: string;
  chosen: Choice | null;
  search: (q: string) => Promise<Choice[]>;
  onChoose: (choice: Choice | null) => void;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Choice[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    if (q.trim() === '') {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      search(q.trim())
        .then((choices) => current && (setFound(choices), setError('')))
        .catch((e: unknown) => current && setError(messageOf(e)));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q]);
  if (chosen !== null) {
    return (
      <div class="field">
        <span class="label">{label}</span>
        <span class="chip" data-testid={`${id}-chosen`}>
          {chosen.label}{' '}
          <button
            type="button"
            class="small link"
            aria-label={`Remove the ${label.toLowerCase()} filter`}
            onClick={() => onChoose(null)}
          >
            ✕
          </button>
        </span>
      </div>
    );
  }
  return (
    <Field label={label} id={id}>
      <input
        id={id}
        type="search"
        value={q}
        autocomplete="off"
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      {error !== '' && <p class="hint">{error}</p>}
      {found.length > 0 && (
        <ul class="picker-results" aria-label={`Matching ${label.toLowerCase()}s`}>
          {found.map((choice) => (
            <li key={choice.id}>
              <button
                type="button"
                class="small link"
                onClick={() => {
                  setQ('');
                  setFound([]);
                  onChoose(choice);
                }}
              >
                {choice.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {q.trim() !== '' && found.length === 0 && error === '' && <p class="hint">No match yet.</p>}
    </Field>
  );
}

const searchTags = async (q: string): Promise<Choice[]> =>
  (
    await api<{ tags: { id: number; name: string }[] }>(
      'GET',
      `/tags?${new URLSearchParams({ q, limit: '10' })}`,
    )
  ).tags.map((t) => ({ id: t.id, label: t.name }));

const searchShows = async (q: string): Promise<Choice[]> =>
  (
    await contentApi<{ shows: { id: number; title: string }[] }>(
      `/search?${new URLSearchParams({ q, type: 'shows', limit: '10' })}`,
    )
  ).shows.map((s) => ({ id: s.id, label: s.title }));

export function ArticlesScreen({ me }: { me: Me }) {
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [words, setWords] = useState(filters.q ?? '');
  const [data, setData] = useState<ListAnswer>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [staff, setStaff] = useState<Choice[]>([]);

  useEffect(() => {
    const onPop = () => {
      const next = readFilters();
      setFilters(next);
      setWords(next.q ?? '');
    };
    addEventListener('popstate', onPop);
    api<{ users: { id: number; name: string }[] }>('GET', '/users?limit=100')
      .then((r) => setStaff(r.users.map((u) => ({ id: u.id, label: u.name }))))
      .catch(() => setStaff([]));
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const params = new URLSearchParams(query(filters));
    params.set('limit', '50');
    api<ListAnswer>('GET', `/articles?${params}`)
      .then((r) => current && (setData(r), setError('')))
      .catch((e: unknown) => current && setError(messageOf(e)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [query(filters)]);

  // The search words apply after a pause in typing, not on every key.
  useEffect(() => {
    if (words.trim() === (filters.q ?? '')) return;
    const timer = setTimeout(() => update({ q: words.trim() }), 300);
    return () => clearTimeout(timer);
  }, [words]);

  function update(change: Filters): void {
    const next: Filters = { ...filters, ...change };
    if (!('page' in change)) delete next.page;
    const qs = query(next);
    history.replaceState(null, '', `/admin/articles${qs === '' ? '' : `?${qs}`}`);
    setFilters(next);
  }

  const chosen = data?.meta.filter;
  const tag: Choice | null =
    filters.tag === undefined
      ? null
      : { id: Number(filters.tag), label: chosen?.tag?.name ?? `Tag ${filters.tag}` };
  const show: Choice | null =
    filters.show_id === undefined
      ? null
      : { id: Number(filters.show_id), label: chosen?.show?.title ?? `Show ${filters.show_id}` };
  const page = Number(filters.page ?? '1');
  const pages = data?.meta.pagination.pages ?? 1;
  const filtered = KEYS.some((k) => k !== 'page' && k !== 'sort' && filters[k] !== undefined);
  const articles = data?.articles ?? [];

  return (
    <>
      <div class="toolbar">
        <h1>Articles</h1>
        {MAY.write.includes(me.role) && (
          <button type="button" onClick={() => go('/admin/articles/new')}>
            New article
          </button>
        )}
      </div>
      <div class="filters" role="search" aria-label="Filter the articles">
        <Field label="Status" id="filter-status">
          <select
            id="filter-status"
            value={filters.status ?? ''}
            onChange={(e) => update({ status: e.currentTarget.value || undefined })}
          >
            <option value="">All</option>
            <option value="draft">Drafts</option>
            <option value="scheduled">Scheduled</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </select>
        </Field>
        <Field label="Author" id="filter-author">
          <select
            id="filter-author"
            value={filters.author_id ?? ''}
            onChange={(e) => update({ author_id: e.currentTarget.value || undefined })}
          >
            <option value="">Anyone</option>
            {filters.author_id !== undefined &&
              !staff.some((s) => String(s.id) === filters.author_id) && (
                <option value={filters.author_id}>
                  {chosen?.author?.name ?? `Staff member ${filters.author_id}`}
                </option>
              )}
            {staff.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        <SearchPicker
          id="filter-tag"
          label="Tag"
          chosen={tag}
          search={searchTags}
          onChoose={(c) => update({ tag: c === null ? undefined : String(c.id) })}
        />
        <SearchPicker
          id="filter-show"
          label="Show"
          chosen={show}
          search={searchShows}
          onChoose={(c) => update({ show_id: c === null ? undefined : String(c.id) })}
        />
        <Field label="Title, standfirst or slug contains" id="filter-q">
          <input
            id="filter-q"
            type="search"
            value={words}
            maxLength={200}
            onInput={(e) => setWords(e.currentTarget.value)}
          />
        </Field>
        <Field label="Order" id="filter-sort">
          <select
            id="filter-sort"
            value={filters.sort ?? 'updated'}
            onChange={(e) =>
              update({ sort: e.currentTarget.value === 'published' ? 'published' : undefined })
            }
          >
            <option value="updated">Last changed first</option>
            <option value="published">Last published first</option>
          </select>
        </Field>
      </div>
      <Notice text={error} kind="error" />
      <p class="hint" role="status" data-testid="list-status">
        {loading
          ? 'Loading…'
          : data === undefined
            ? ''
            : `${data.meta.pagination.total} article${data.meta.pagination.total === 1 ? '' : 's'}`}
      </p>
      {!loading && data !== undefined && articles.length === 0 ? (
        <div class="empty" data-testid="no-results">
          <p>{filtered ? 'No articles match these filters.' : 'No articles yet.'}</p>
          {filtered && (
            <button
              type="button"
              onClick={() => {
                setWords('');
                update({
                  status: undefined,
                  author_id: undefined,
                  tag: undefined,
                  show_id: undefined,
                  q: undefined,
                });
              }}
            >
              Clear the filters
            </button>
          )}
        </div>
      ) : (
        <table class="list" aria-busy={loading}>
          <caption class="visually-hidden">Articles</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Published / scheduled</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {articles.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/admin/articles/${a.id}`}>{a.title}</Link>
                </td>
                <td>
                  <span class={`badge badge--${a.status}`}>{a.status}</span>
                </td>
                <td>{a.author?.name ?? '—'}</td>
                <td>{when(a.published_at)}</td>
                <td>{when(a.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          <button
            type="button"
            disabled={page <= 1}
            onClick={() => update({ page: String(page - 1) })}
          >
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button
            type="button"
            disabled={page >= pages}
            onClick={() => update({ page: String(page + 1) })}
          >
            Next
          </button>
        </nav>
      )}
    </>
  );
}
