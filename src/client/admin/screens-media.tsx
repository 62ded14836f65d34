import { useEffect, useState } from 'preact/hooks';
import { api, apiUpload, messageOf } from './api.js';
import type { MediaItem, Me, Pagination, Role } from './types.js';
import { Field, Notice, SearchField, when } from './ui.js';

/*
 * The media library: upload by dropping files or with a file input (keyboard users), a grid of
 * what is there, and an editor for alt text and focal point. The pieces are shared with the
 * image block of the article editor.
 */

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';
const EDITORS: Role[] = ['owner', 'admin', 'editor'];

/** The site path of a media URL: the admin's CSP loads images from its own origin only. */
export function localPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A small file to show an item with: its 320-wide WebP, or the item's one file. */
export function thumbnail(item: MediaItem, width = 320): string {
  const fit =
    item.renditions.find((r) => r.width >= width) ?? item.renditions[item.renditions.length - 1];
  return localPath(fit === undefined ? item.url : fit.webp);
}

type MediaPage = { media: MediaItem[]; meta: { pagination: Pagination } };

/** One page of the library, reloaded when the search, page or `version` changes. */
export function useMediaList(q: string, page: number, limit: number, version: number) {
  const [data, setData] = useState<MediaPage>();
  const [error, setError] = useState('');
  useEffect(() => {
    const params = new URLSearchParams({ page: String(page), limit: String(limit) });
    if (q.trim() !== '') params.set('q', q.trim());
    api<MediaPage>('GET', `/media?${params}`)
      .then((r) => {
        setData(r);
        setError('');
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [q, page, limit, version]);
  return { data, error };
}

/** Drop zone and file input; uploads each file and reports the new items. */
export function UploadZone({
  id,
  onUploaded,
}: {
  id: string;
  onUploaded: (item: MediaItem) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [error, setError] = useState('');
  const send = async (files: FileList | null | undefined) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError('');
    for (const file of Array.from(files)) {
      const form = new FormData();
      form.append('file', file);
      try {
        onUploaded((await apiUpload<{ media: MediaItem }>('/media', form)).media);
      } catch (e) {
        setError(`${file.name}: ${messageOf(e)}`);
      }
    }
    setBusy(false);
  };
  return (
    <div
      class={over ? 'dropzone is-over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void send(e.dataTransfer?.files);
      }}
    >
      <Field
        label="Upload images"
        id={id}
        hint="Drop JPEG, PNG, WebP, AVIF or GIF files here, or choose them. Every size is made for you; location data is removed."
      >
        <input
          id={id}
          type="file"
          accept={ACCEPT}
          multiple
          disabled={busy}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const input = e.currentTarget;
            void send(input.files).then(() => (input.value = ''));
          }}
        />
      </Field>
      {busy && (
        <p class="hint" role="status">
          Uploading and making the sizes…
        </p>
      )}
      <Notice text={error} kind="error" />
    </div>
  );
}

/** The library as a grid of buttons; the chosen one is pressed. */
export function MediaGrid({
  items,
  selected,
  onSelect,
}: {
  items: readonly MediaItem[];
  selected?: number;
  onSelect: (item: MediaItem) => void;
}) {
  if (items.length === 0) return <p class="hint">No images yet.</p>;
  return (
    <ul class="media-grid">
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            class="media-grid__item"
            aria-pressed={item.id === selected}
            onClick={() => onSelect(item)}
          >
            <img src={thumbnail(item)} alt="" width={160} height={120} loading="lazy" />
            <span class="media-grid__name">{item.filename}</span>
            {item.alt === '' && <span class="badge">no alt text</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

const percent = (v: number) => Math.round(v * 100);
const unit = (v: number) => Math.min(1, Math.max(0, v));

/** Click on the image (or type percentages) to place the focal point. */
function FocalPoint({
  item,
  focal,
  onChange,
}: {
  item: MediaItem;
  focal: { x: number; y: number } | null;
  onChange: (focal: { x: number; y: number }) => void;
}) {
  const at = focal ?? { x: 0.5, y: 0.5 };
  const setAxis = (axis: 'x' | 'y', value: string) => {
    const n = Number(value);
    if (value !== '' && Number.isFinite(n)) onChange({ ...at, [axis]: unit(n / 100) });
  };
  return (
    <div class="stack">
      <div class="focal">
        <img
          src={thumbnail(item, 960)}
          alt={item.alt}
          width={item.width ?? undefined}
          height={item.height ?? undefined}
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            onChange({
              x: unit((e.clientX - box.left) / box.width),
              y: unit((e.clientY - box.top) / box.height),
            });
          }}
        />
        {focal !== null && (
          <span
            class="focal__mark"
            aria-hidden="true"
            style={{ left: `${percent(focal.x)}%`, top: `${percent(focal.y)}%` }}
          />
        )}
      </div>
      <div class="row">
        <Field label="Focal point from the left (%)" id="media-focal-x">
          <input
            id="media-focal-x"
            type="number"
            min={0}
            max={100}
            value={percent(at.x)}
            onChange={(e) => setAxis('x', e.currentTarget.value)}
          />
        </Field>
        <Field label="Focal point from the top (%)" id="media-focal-y">
          <input
            id="media-focal-y"
            type="number"
            min={0}
            max={100}
            value={percent(at.y)}
            onChange={(e) => setAxis('y', e.currentTarget.value)}
          />
        </Field>
      </div>
      <p class="hint">Click the picture where the subject is; crops keep that spot in view.</p>
    </div>
  );
}

/** Alt text, focal point and delete for one item. */
function MediaEditor({
  item,
  me,
  onSaved,
  onDeleted,
}: {
  item: MediaItem;
  me: Me;
  onSaved: (item: MediaItem) => void;
  onDeleted: () => void;
}) {
  const [alt, setAlt] = useState(item.alt);
  const [focal, setFocal] = useState(item.focal);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  // As the server's table: editors and above change anything, other writers their own uploads.
  const mayChange = EDITORS.includes(me.role) || item.created_by?.id === me.id;
  const save = () =>
    void api<{ media: MediaItem }>('PATCH', `/media/${item.id}`, { media: { alt, focal } })
      .then((r) => {
        setError('');
        setMessage('Saved.');
        onSaved(r.media);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  const remove = () => {
    if (!confirm(`Delete ${item.filename}? Articles that show it will show nothing in its place.`))
      return;
    void api('DELETE', `/media/${item.id}`)
      .then(onDeleted)
      .catch((e: unknown) => setError(messageOf(e)));
  };
  return (
    <section class="card media-editor" aria-labelledby="media-editor-heading">
      <h2 id="media-editor-heading">{item.filename}</h2>
      <p class="hint">
        {item.width} × {item.height} · uploaded {when(item.created_at)}
        {item.created_by && ` by ${item.created_by.name}`}
      </p>
      <FocalPoint item={item} focal={focal} onChange={setFocal} />
      <Field
        label="Alternative text"
        id="media-alt"
        hint="What the picture shows, for readers who cannot see it."
      >
        <textarea
          id="media-alt"
          rows={2}
          value={alt}
          aria-describedby="media-alt-hint"
          onInput={(e) => {
            setAlt(e.currentTarget.value);
            setMessage('');
          }}
        />
      </Field>
      <div class="row">
        <button type="button" onClick={save} disabled={!mayChange}>
          Save
        </button>
        <button type="button" class="danger" onClick={remove} disabled={!mayChange}>
          Delete
        </button>
      </div>
      <Notice text={message} />
      <Notice text={error} kind="error" />
    </section>
  );
}

export function MediaScreen({ me }: { me: Me }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<MediaItem>();
  const { data, error } = useMediaList(q, page, 24, version);
  const pages = data?.meta.pagination.pages ?? 1;
  return (
    <>
      <h1>Media</h1>
      <UploadZone
        id="media-file"
        onUploaded={(item) => {
          setPage(1);
          setVersion((v) => v + 1);
          setSelected(item);
        }}
      />
      <div class="filters" role="search">
        <SearchField
          label="File name or alt text contains"
          id="media-q"
          value={q}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
      </div>
      <Notice text={error} kind="error" />
      <div class="media-layout">
        <MediaGrid items={data?.media ?? []} selected={selected?.id} onSelect={setSelected} />
        {selected && (
          <MediaEditor
            key={selected.id}
            item={selected}
            me={me}
            onSaved={(item) => {
              setSelected(item);
              setVersion((v) => v + 1);
            }}
            onDeleted={() => {
              setSelected(undefined);
              setVersion((v) => v + 1);
            }}
          />
        )}
      </div>
      {pages > 1 && (
        <nav class="pager" aria-label="Pages of the library">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      )}
    </>
  );
}
