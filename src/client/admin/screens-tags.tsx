import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import type { Pagination } from './types.js';
import { Field, field, Notice, SearchField } from './ui.js';

/*
 * Tags: the list with article counts, a new tag, and for one tag at a time rename, slug,
 * description, merge into another tag (its old URL then redirects) and delete.
 */

interface Tag {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  article_count: number;
  url: string;
}

export function TagsScreen() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [tags, setTags] = useState<Tag[]>([]);
  const [pagination, setPagination] = useState<Pagination | undefined>(undefined);
  const [editing, setEditing] = useState<Tag | undefined>(undefined);
  const [message, setMessage] = useState({ text: '', kind: 'info' as 'info' | 'error' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const params = new URLSearchParams({ page: String(page), limit: '50' });
    if (q.trim() !== '') params.set('q', q.trim());
    api<{ tags: Tag[]; meta: { pagination: Pagination } }>('GET', `/tags?${params}`)
      .then((d) => {
        setTags(d.tags);
        setPagination(d.meta.pagination);
      })
      .catch((e: unknown) => setMessage({ text: messageOf(e), kind: 'error' }));
  }, [q, page, tick]);

  const done = (text: string) => {
    setMessage({ text, kind: 'info' });
    setEditing(undefined);
    setTick((t) => t + 1);
  };
  const failed = (e: unknown) => setMessage({ text: messageOf(e), kind: 'error' });

  return (
    <>
      <h1 tabIndex={-1}>Tags</h1>
      <div class="filters" role="search" aria-label="Find tags">
        <SearchField
          label="Name or slug contains"
          id="tag-q"
          value={q}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
      </div>
      <NewTagForm onDone={done} onFail={failed} />
      <Notice text={message.text} kind={message.kind} />
      {editing !== undefined && (
        <TagEditor
          key={editing.id}
          tag={editing}
          onDone={done}
          onFail={failed}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <table class="list">
        <caption class="visually-hidden">Tags, with how many articles carry each</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">Articles</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.id}>
              <td>
                {tag.name}
                {tag.description !== null && <p class="hint">{tag.description}</p>}
              </td>
              <td>
                <a href={tag.url}>/tags/{tag.slug}</a>
              </td>
              <td>{tag.article_count}</td>
              <td>
                <button type="button" onClick={() => setEditing(tag)}>
                  Edit {tag.name}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tags.length === 0 && <p>No tags found.</p>}
      {pagination !== undefined && pagination.pages > 1 && (
        <nav class="pager" aria-label="Pages of tags">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pagination.pages}
          </span>
          <button
            type="button"
            disabled={page >= pagination.pages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </>
  );
}

/** A tag made before any article carries it: name, and optionally its address and description. */
function NewTagForm(props: { onDone: (message: string) => void; onFail: (e: unknown) => void }) {
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const slug = field(data, 'slug').trim();
    const description = field(data, 'description').trim();
    api<{ tag: Tag }>('POST', '/tags', {
      tag: {
        name: field(data, 'name'),
        ...(slug !== '' && { slug }),
        ...(description !== '' && { description }),
      },
    })
      .then((r) => {
        form.reset();
        props.onDone(`Tag “${r.tag.name}” made at /tags/${r.tag.slug}.`);
      })
      .catch(props.onFail);
  };
  return (
    <details class="card">
      <summary>New tag</summary>
      <form class="stack" onSubmit={submit}>
        <Field label="Name" id="new-tag-name">
          <input id="new-tag-name" name="name" required maxLength={60} />
        </Field>
        <Field
          label="Address (optional)"
          id="new-tag-slug"
          hint="Made from the name when left empty; Hangul is kept."
        >
          <input
            id="new-tag-slug"
            name="slug"
            maxLength={80}
            aria-describedby="new-tag-slug-hint"
          />
        </Field>
        <Field label="Description (optional)" id="new-tag-description">
          <textarea id="new-tag-description" name="description" maxLength={300} rows={2} />
        </Field>
        <button type="submit">Make the tag</button>
      </form>
    </details>
  );
}

function TagEditor(props: {
  tag: Tag;
  onDone: (message: string) => void;
  onFail: (error: unknown) => void;
  onCancel: () => void;
}) {
  const { tag } = props;
  const [candidates, setCandidates] = useState<Tag[]>([]);
  const [mergeQ, setMergeQ] = useState('');
  useEffect(() => {
    const params = new URLSearchParams({ limit: '20' });
    if (mergeQ.trim() !== '') params.set('q', mergeQ.trim());
    api<{ tags: Tag[] }>('GET', `/tags?${params}`)
      .then((d) => setCandidates(d.tags.filter((t) => t.id !== tag.id)))
      .catch(props.onFail);
  }, [mergeQ]);

  return (
    <section class="card" aria-labelledby="tag-edit-heading">
      <h2 id="tag-edit-heading">Edit “{tag.name}”</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          api<{ tag: Tag }>('PATCH', `/tags/${tag.id}`, {
            tag: {
              name: field(form, 'name'),
              slug: field(form, 'slug'),
              description: field(form, 'description'),
            },
          })
            .then((d) => props.onDone(`Saved “${d.tag.name}” at /tags/${d.tag.slug}.`))
            .catch(props.onFail);
        }}
      >
        <Field label="Name" id="tag-name">
          <input id="tag-name" name="name" required maxLength={60} value={tag.name} />
        </Field>
        <Field
          label="Slug (the address)"
          id="tag-slug"
          hint="Changing it keeps the old address working: it redirects here."
        >
          <input
            id="tag-slug"
            name="slug"
            required
            maxLength={80}
            value={tag.slug}
            aria-describedby="tag-slug-hint"
          />
        </Field>
        <Field label="Description" id="tag-description">
          <textarea
            id="tag-description"
            name="description"
            maxLength={300}
            rows={2}
            value={tag.description ?? ''}
          />
        </Field>
        <button type="submit">Save tag</button>{' '}
        <button type="button" class="link" onClick={props.onCancel}>
          Cancel
        </button>
      </form>
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          const into = Number(field(new FormData(event.currentTarget), 'into'));
          const target = candidates.find((t) => t.id === into);
          if (target === undefined) return;
          if (!confirm(`Merge “${tag.name}” into “${target.name}”? This cannot be undone.`)) return;
          api<{ tag: Tag }>('POST', `/tags/${tag.id}/merge`, { into })
            .then((d) =>
              props.onDone(
                `Merged “${tag.name}” into “${d.tag.name}”; /tags/${tag.slug} now redirects to /tags/${d.tag.slug}.`,
              ),
            )
            .catch(props.onFail);
        }}
      >
        <h3>Merge into another tag</h3>
        <Field label="Find the tag to keep" id="merge-q">
          <input
            id="merge-q"
            type="search"
            value={mergeQ}
            onInput={(e) => setMergeQ(e.currentTarget.value)}
          />
        </Field>
        <Field label="Tag to keep" id="merge-into">
          <select id="merge-into" name="into" required>
            {candidates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.article_count})
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={candidates.length === 0}>
          Merge “{tag.name}” into it
        </button>
      </form>
      <button
        type="button"
        class="danger"
        onClick={() => {
          if (!confirm(`Delete “${tag.name}”? Its ${tag.article_count} articles stay.`)) return;
          api('DELETE', `/tags/${tag.id}`)
            .then(() => props.onDone(`Deleted “${tag.name}”.`))
            .catch(props.onFail);
        }}
      >
        Delete “{tag.name}”
      </button>
    </section>
  );
}
