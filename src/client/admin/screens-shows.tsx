import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { FormField, FormStatus, invalid, lines, useForm } from './forms.js';
import { ShowCast } from './screens-show-cast.js';
import { PartEditor } from './screens-show-parts.js';
import type { Network, ShowDetail, ShowRow, ShowStatusKind } from './types-dramas.js';
import type { Pagination } from './types.js';
import { Field, field, go, Link, Notice, SearchField, when } from './ui.js';

/* The drama database, shows side: the list of shows and the show editor. */

const STATUS_LABELS: Record<ShowStatusKind, string> = {
  unscheduled: 'No episodes',
  upcoming: 'Upcoming',
  airing: 'Airing',
  on_break: 'On a break',
  finished: 'Finished',
};

export function ShowsScreen() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ shows: ShowRow[]; meta: { pagination: Pagination } }>();
  const [error, setError] = useState('');
  useEffect(() => {
    const params = new URLSearchParams({ page: String(page), limit: '50' });
    if (q.trim() !== '') params.set('q', q.trim());
    if (status !== '') params.set('status', status);
    const timer = setTimeout(() => {
      api<{ shows: ShowRow[]; meta: { pagination: Pagination } }>('GET', `/shows?${params}`)
        .then((d) => {
          setData(d);
          setError('');
        })
        .catch((e: unknown) => setError(messageOf(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [q, status, page]);
  const pages = data?.meta.pagination.pages ?? 1;
  return (
    <>
      <div class="toolbar">
        <h1>Shows</h1>
        <button type="button" onClick={() => go('/admin/shows/new')}>
          New show
        </button>
        <Link href="/admin/people">People, groups and events</Link>
      </div>
      <div class="filters" role="search">
        <SearchField
          label="Title, Korean title or alias contains"
          id="shows-q"
          value={q}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
        <Field label="Status" id="shows-status">
          <select
            id="shows-status"
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              setPage(1);
            }}
          >
            <option value="">All</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Notice text={error} kind="error" />
      {data === undefined && error === '' && <p role="status">Loading shows…</p>}
      <table class="list">
        <caption class="visually-hidden">Shows</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Networks</th>
            <th scope="col">Episodes</th>
            <th scope="col">First and last air date</th>
          </tr>
        </thead>
        <tbody>
          {(data?.shows ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/admin/shows/${s.id}`}>{s.title}</Link>
                {s.title_ko !== null && <span lang="ko"> · {s.title_ko}</span>}
              </td>
              <td>
                <span class="badge">{STATUS_LABELS[s.status]}</span>
              </td>
              <td>{s.networks.join(', ') || '—'}</td>
              <td>{s.episode_count}</td>
              <td>
                {when(s.first_air)} – {when(s.last_air)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data !== undefined && data.shows.length === 0 && <p>No show matches.</p>}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </>
  );
}

const SHOW_FIELDS = ['title', 'title_ko', 'slug', 'aliases', 'genres', 'synopsis', 'networks'];

/** The show editor; `id` undefined creates a show, which then opens at its own address. */
export function ShowEditorScreen({ id }: { id: number | undefined }) {
  const [show, setShow] = useState<ShowDetail>();
  const [networks, setNetworks] = useState<Network[]>([]);
  const [loadError, setLoadError] = useState('');
  const form = useForm();
  const partForm = useForm();
  const reload = async () => {
    if (id === undefined) return;
    setShow((await api<{ show: ShowDetail }>('GET', `/shows/${id}`)).show);
  };
  useEffect(() => {
    void api<{ networks: Network[] }>('GET', '/networks')
      .then((d) => setNetworks(d.networks))
      .catch((e: unknown) => setLoadError(messageOf(e)));
    reload().catch((e: unknown) => setLoadError(messageOf(e)));
  }, [id]);

  const save = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => field(data, name);
    const body = {
      show: {
        title: text('title'),
        title_ko: text('title_ko').trim() === '' ? null : text('title_ko'),
        ...(text('slug').trim() !== '' && { slug: text('slug').trim() }),
        aliases: lines(text('aliases')),
        genres: lines(text('genres')),
        synopsis: text('synopsis'),
        is_fictional: data.get('is_fictional') === 'on',
        networks: data.getAll('networks').map(String),
      },
    };
    void form.run(async () => {
      if (id === undefined) {
        const created = await api<{ show: ShowDetail }>('POST', '/shows', body);
        go(`/admin/shows/${created.show.id}`);
      } else {
        setShow((await api<{ show: ShowDetail }>('PATCH', `/shows/${id}`, body)).show);
      }
    }, 'Show saved.');
  };
  const addPart = () =>
    void partForm.run(async () => {
      const number = Math.max(0, ...(show?.parts ?? []).map((p) => p.number)) + 1;
      await api('POST', '/parts', { part: { show_id: id, number } });
      await reload();
    }, 'Part added.');

  if (id !== undefined && show === undefined) {
    return (
      <>
        <h1 tabIndex={-1}>Edit show</h1>
        {loadError === '' ? (
          <p role="status">Loading…</p>
        ) : (
          <Notice text={loadError} kind="error" />
        )}
      </>
    );
  }
  const originZone = show?.parts.flatMap((p) => p.broadcast_slots)[0]?.zone;
  return (
    <>
      <div class="toolbar">
        <h1 tabIndex={-1}>{show === undefined ? 'New show' : show.title}</h1>
        {show !== undefined && (
          <>
            <span class="badge" data-testid="show-status">
              {STATUS_LABELS[show.status.kind]}
            </span>
            <a href={show.url}>View on the site</a>
          </>
        )}
        <Link href="/admin/shows">All shows</Link>
      </div>
      <form class="stack card" onSubmit={save} aria-labelledby="show-h">
        <h2 id="show-h">Titles and details</h2>
        <FormField form={form} name="title" label="Title" id="show-title">
          <input
            id="show-title"
            name="title"
            required
            maxLength={300}
            defaultValue={show?.title}
            {...invalid(form, 'title', 'show-title')}
          />
        </FormField>
        <FormField form={form} name="title_ko" label="Title in Hangul" id="show-title-ko">
          <input
            id="show-title-ko"
            name="title_ko"
            lang="ko"
            maxLength={300}
            defaultValue={show?.title_ko ?? ''}
            {...invalid(form, 'title_ko', 'show-title-ko')}
          />
        </FormField>
        <FormField
          form={form}
          name="slug"
          label="Slug"
          id="show-slug"
          hint="The address: /shows/<slug>. Leave empty to make one from the title."
        >
          <input
            id="show-slug"
            name="slug"
            maxLength={200}
            defaultValue={show?.slug ?? ''}
            aria-describedby="show-slug-hint"
            {...invalid(form, 'slug', 'show-slug')}
          />
        </FormField>
        <FormField
          form={form}
          name="aliases"
          label="Other titles and romanizations, one per line"
          id="show-aliases"
        >
          <textarea
            id="show-aliases"
            name="aliases"
            rows={2}
            defaultValue={show?.aliases.join('\n')}
          />
        </FormField>
        <FormField form={form} name="genres" label="Genres, one per line" id="show-genres">
          <textarea
            id="show-genres"
            name="genres"
            rows={2}
            defaultValue={show?.genres.join('\n')}
          />
        </FormField>
        <FormField form={form} name="synopsis" label="Synopsis" id="show-synopsis">
          <textarea id="show-synopsis" name="synopsis" rows={5} defaultValue={show?.synopsis} />
        </FormField>
        <fieldset>
          <legend>Networks and streaming services</legend>
          {networks.map((n) => (
            <label key={n.slug} class="check">
              <input
                type="checkbox"
                name="networks"
                value={n.slug}
                defaultChecked={show?.networks.some((s) => s.slug === n.slug) ?? false}
              />{' '}
              {n.name}
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" name="is_fictional" defaultChecked={show?.is_fictional ?? false} />{' '}
          An invented show (the pages say so)
        </label>
        {show !== undefined && (
          <p class="hint">
            Zone of origin: {originZone ?? 'set by the first broadcast slot'}. The status (
            {STATUS_LABELS[show.status.kind].toLowerCase()}) follows from the episodes.
          </p>
        )}
        <FormStatus form={form} fields={SHOW_FIELDS} />
        <button type="submit" disabled={form.busy}>
          {id === undefined ? 'Create show' : 'Save show'}
        </button>
      </form>
      {show !== undefined && (
        <>
          <section aria-labelledby="parts-h">
            <div class="toolbar">
              <h2 id="parts-h">Parts and episodes</h2>
              <button type="button" onClick={addPart} disabled={partForm.busy}>
                Add a part
              </button>
            </div>
            <FormStatus form={partForm} />
            {show.parts.map((part) => (
              <PartEditor key={part.id} part={part} networks={networks} onChange={reload} />
            ))}
          </section>
          <ShowCast show={show} onChange={reload} />
        </>
      )}
    </>
  );
}
