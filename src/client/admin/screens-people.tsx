import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { FormField, FormStatus, invalid, lines, useForm } from './forms.js';
import { PersonEvents, PersonGroups } from './screens-person-links.js';
import type { Credit, PersonDetail, PersonRow } from './types-dramas.js';
import type { Pagination } from './types.js';
import { field, go, Link, Notice, SearchField } from './ui.js';

/* The drama database, people side: the list of people and the person editor. */

const ROLES = ['actor', 'director', 'writer', 'idol', 'producer'] as const;

export function PeopleScreen() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ people: PersonRow[]; meta: { pagination: Pagination } }>();
  const [error, setError] = useState('');
  useEffect(() => {
    const params = new URLSearchParams({ page: String(page), limit: '50' });
    if (q.trim() !== '') params.set('q', q.trim());
    const timer = setTimeout(() => {
      api<{ people: PersonRow[]; meta: { pagination: Pagination } }>('GET', `/people?${params}`)
        .then((d) => {
          setData(d);
          setError('');
        })
        .catch((e: unknown) => setError(messageOf(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [q, page]);
  const pages = data?.meta.pagination.pages ?? 1;
  return (
    <>
      <div class="toolbar">
        <h1>People</h1>
        <button type="button" onClick={() => go('/admin/people/new')}>
          New person
        </button>
        <Link href="/admin/shows">Shows</Link>
      </div>
      <div class="filters" role="search">
        <SearchField
          label="Name, Hangul, romanization or stage name contains"
          id="people-q"
          value={q}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
      </div>
      <Notice text={error} kind="error" />
      {data === undefined && error === '' && <p role="status">Loading people…</p>}
      <table class="list">
        <caption class="visually-hidden">People</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Hangul</th>
            <th scope="col">Other names</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {(data?.people ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/admin/people/${p.id}`}>{p.name}</Link>
              </td>
              <td lang="ko">{p.name_ko ?? '—'}</td>
              <td>{p.aliases.join(', ') || '—'}</td>
              <td>{p.roles.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data !== undefined && data.people.length === 0 && <p>Nobody matches.</p>}
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

const PERSON_FIELDS = ['name', 'name_ko', 'slug', 'aliases', 'roles', 'bio', 'birth_date'];

function PersonCredits({ personId }: { personId: number }) {
  const [credits, setCredits] = useState<Credit[]>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ credits: Credit[] }>('GET', `/credits?person_id=${personId}&limit=100`)
      .then((d) => setCredits(d.credits))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [personId]);
  return (
    <section class="card stack" aria-labelledby="pcredits-h">
      <h2 id="pcredits-h">Credits</h2>
      <Notice text={error} kind="error" />
      {credits !== undefined && credits.length === 0 && (
        <p>No credits yet. Add them in a show’s editor, where its characters are.</p>
      )}
      <ul>
        {(credits ?? []).map((c) => (
          <li key={c.id}>
            <Link href={`/admin/shows/${c.show.id}`}>{c.show.title}</Link>: {c.role}
            {c.character !== null && ` as ${c.character.name}`}
            {c.part !== null && ` (part ${c.part})`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The person editor; `id` undefined creates a person, who then opens at their own address. */
export function PersonEditorScreen({ id }: { id: number | undefined }) {
  const [person, setPerson] = useState<PersonDetail>();
  const [loadError, setLoadError] = useState('');
  const form = useForm();
  useEffect(() => {
    if (id === undefined) return;
    api<{ person: PersonDetail }>('GET', `/people/${id}`)
      .then((d) => setPerson(d.person))
      .catch((e: unknown) => setLoadError(messageOf(e)));
  }, [id]);

  const save = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => field(data, name);
    const body = {
      person: {
        name: text('name'),
        name_ko: text('name_ko').trim() === '' ? null : text('name_ko'),
        ...(text('slug').trim() !== '' && { slug: text('slug').trim() }),
        // Romanizations and stage names are all names a reader may search by: one list.
        aliases: [...lines(text('romanizations')), ...lines(text('stage_names'))],
        roles: data.getAll('roles').map(String),
        bio: text('bio'),
        birth_date: text('birth_date') === '' ? null : text('birth_date'),
      },
    };
    void form.run(async () => {
      if (id === undefined) {
        const created = await api<{ person: PersonDetail }>('POST', '/people', body);
        go(`/admin/people/${created.person.id}`);
      } else {
        setPerson((await api<{ person: PersonDetail }>('PATCH', `/people/${id}`, body)).person);
      }
    }, 'Person saved.');
  };

  if (id !== undefined && person === undefined) {
    return (
      <>
        <h1 tabIndex={-1}>Edit person</h1>
        {loadError === '' ? (
          <p role="status">Loading…</p>
        ) : (
          <Notice text={loadError} kind="error" />
        )}
      </>
    );
  }
  return (
    <>
      <div class="toolbar">
        <h1 tabIndex={-1}>{person === undefined ? 'New person' : person.name}</h1>
        {person !== undefined && <a href={person.url}>View on the site</a>}
        <Link href="/admin/people">All people</Link>
      </div>
      <form class="stack card" onSubmit={save} aria-labelledby="person-h">
        <h2 id="person-h">Names and details</h2>
        <FormField form={form} name="name" label="Canonical name" id="person-name">
          <input
            id="person-name"
            name="name"
            required
            maxLength={200}
            defaultValue={person?.name}
            {...invalid(form, 'name', 'person-name')}
          />
        </FormField>
        <FormField form={form} name="name_ko" label="Name in Hangul" id="person-name-ko">
          <input
            id="person-name-ko"
            name="name_ko"
            lang="ko"
            maxLength={200}
            defaultValue={person?.name_ko ?? ''}
            {...invalid(form, 'name_ko', 'person-name-ko')}
          />
        </FormField>
        <FormField
          form={form}
          name="aliases"
          label="Romanization variants and other aliases, one per line"
          id="person-romanizations"
        >
          <textarea
            id="person-romanizations"
            name="romanizations"
            rows={3}
            defaultValue={person?.aliases.join('\n')}
            {...invalid(form, 'aliases', 'person-romanizations')}
          />
        </FormField>
        <FormField
          form={form}
          name="stage_names"
          label="Stage names, one per line"
          id="person-stage-names"
          hint="Saved with the aliases above: readers find the person by any of them."
        >
          <textarea
            id="person-stage-names"
            name="stage_names"
            rows={2}
            aria-describedby="person-stage-names-hint"
          />
        </FormField>
        <FormField
          form={form}
          name="slug"
          label="Slug"
          id="person-slug"
          hint="The address: /people/<slug>. Leave empty to make one from the name."
        >
          <input
            id="person-slug"
            name="slug"
            maxLength={200}
            defaultValue={person?.slug ?? ''}
            aria-describedby="person-slug-hint"
            {...invalid(form, 'slug', 'person-slug')}
          />
        </FormField>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role} class="check">
              <input
                type="checkbox"
                name="roles"
                value={role}
                defaultChecked={person?.roles.includes(role) ?? false}
              />{' '}
              {role}
            </label>
          ))}
        </fieldset>
        <FormField form={form} name="birth_date" label="Date of birth" id="person-birth">
          <input
            id="person-birth"
            name="birth_date"
            type="date"
            defaultValue={person?.birth_date ?? ''}
            {...invalid(form, 'birth_date', 'person-birth')}
          />
        </FormField>
        <FormField form={form} name="bio" label="Biography" id="person-bio">
          <textarea id="person-bio" name="bio" rows={4} defaultValue={person?.bio} />
        </FormField>
        <FormStatus form={form} fields={PERSON_FIELDS} />
        <button type="submit" disabled={form.busy}>
          {id === undefined ? 'Create person' : 'Save person'}
        </button>
      </form>
      {id !== undefined && (
        <>
          <PersonCredits personId={id} />
          <PersonGroups personId={id} />
          <PersonEvents personId={id} />
        </>
      )}
    </>
  );
}
