import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { BlockEditor, emptyBlock } from './block-editor.js';
import { bodyLines, diffLines } from './blocks.js';
import { LinkerPanel } from './linker-panel.js';
import { ConflictNotice } from './conflict-notice.js';
import { FeatureImageInput, type FeatureImage } from './media-picker.js';
import { useArticleSaver } from './article-saver.js';
import type { EntityRef } from './mentions.js';
import { MAY, type Article, type Block, type Me } from './types.js';
import { Field, go, Notice, when } from './ui.js';

/* The article editor: fields, blocks, autosave of drafts, publishing, preview, revisions. */

interface Draft {
  title: string;
  dek: string;
  tags: string;
  body: Block[];
  /** Linker suggestions rejected for this article; saved with it. */
  rejected: EntityRef[];
  image: FeatureImage | null;
}

interface Revision {
  id: number;
  title: string;
  created_at: string;
  author: { name: string } | null;
}

const AUTOSAVE_MS = 1500;

/** Blocks the API accepts: a video or air time that was never picked is left out. */
function complete(body: Block[]): Block[] {
  return body.filter(
    (b) =>
      !(
        (b.type === 'video' && b.videoId < 1) ||
        (b.type === 'airtime' && b.episodeId < 1) ||
        (b.type === 'image' && b.src === '')
      ),
  );
}

function payload(d: Draft) {
  return {
    title: d.title.trim() === '' ? 'Untitled' : d.title,
    dek: d.dek,
    body: complete(d.body),
    tags: d.tags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    rejected_mentions: d.rejected,
    feature_image_id: d.image?.id ?? null,
  };
}

function localInput(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function EditorScreen({ me, id: initialId }: { me: Me; id: number | undefined }) {
  const [id, setId] = useState(initialId);
  const [article, setArticle] = useState<Article>();
  const [draft, setDraft] = useState<Draft>({
    title: '',
    dek: '',
    tags: '',
    body: [emptyBlock('paragraph')],
    rejected: [],
    image: null,
  });
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState('');
  const [when_, setWhen] = useState('');
  const [revisions, setRevisions] = useState<Revision[]>();
  const [compare, setCompare] = useState<{ revision: Revision & { dek: string; body: Block[] } }>();
  const [conflict, setConflict] = useState(false);
  const draftNow = useRef(draft);
  draftNow.current = draft;
  const saver = useArticleSaver(initialId, {
    payload: () => payload(draftNow.current),
    saved: ({ article: saved, latest }, note) => {
      if (id === undefined) {
        setId(saved.id);
        history.replaceState(null, '', `/admin/articles/${saved.id}`);
      }
      setArticle(saved);
      setConflict(false);
      // Typed while the save was on its way: still unsaved, the next autosave sends it.
      if (latest) setDirty(false);
      setMessage(note);
      if (revisions !== undefined) void loadRevisions(saved.id);
    },
    failed: (text, isConflict) => {
      setConflict(isConflict);
      setMessage(text);
    },
  });
  const canPublish = MAY.publish.includes(me.role);

  const load = (a: Article) => {
    setArticle(a);
    setDraft({
      title: a.title,
      dek: a.dek ?? '',
      tags: (a.tags ?? []).map((t) => t.name).join(', '),
      body: a.body ?? [],
      rejected: a.rejected_mentions ?? [],
      image: a.feature_image ?? null,
    });
    saver.loaded(a);
    setConflict(false);
    setWhen(localInput(a.status === 'scheduled' ? a.published_at : null));
    setDirty(false);
  };
  useEffect(() => {
    if (initialId !== undefined) {
      api<{ article: Article }>('GET', `/articles/${initialId}`)
        .then((r) => load(r.article))
        .catch((e: unknown) => setMessage(messageOf(e)));
    }
  }, [initialId]);

  const save = (extra: Record<string, unknown> = {}, note = 'Saved.') => saver.save(extra, note);

  // Autosave: drafts only, so that an edit never goes live before the writer says so.
  useEffect(() => {
    if (!dirty || conflict || (article !== undefined && article.status !== 'draft')) return;
    const timer = setTimeout(
      () => void save({}, `Draft saved at ${new Date().toLocaleTimeString()}.`),
      AUTOSAVE_MS,
    );
    return () => clearTimeout(timer);
  }, [draft, dirty, conflict]);

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    saver.changed();
    setDirty(true);
  };
  const setBlock = (i: number, block: Block) =>
    change({ body: draft.body.map((b, j) => (j === i ? block : b)) });
  const moveBlock = (i: number, delta: number) => {
    const j = i + delta;
    if (j < 0 || j >= draft.body.length) return;
    const body = [...draft.body];
    [body[i], body[j]] = [body[j] as Block, body[i] as Block];
    change({ body });
  };

  const loadRevisions = async (articleId = id) => {
    if (articleId === undefined) return;
    setRevisions(
      (await api<{ revisions: Revision[] }>('GET', `/articles/${articleId}/revisions`)).revisions,
    );
  };
  const openRevision = async (rev: Revision) => {
    const r = await api<{ revision: Revision & { dek: string; body: Block[] } }>(
      'GET',
      `/articles/${id ?? 0}/revisions/${rev.id}`,
    );
    setCompare(r);
  };
  const preview = async () => {
    if (saver.id() === undefined) await save();
    try {
      const r = await api<{ preview: { url: string } }>(
        'POST',
        `/articles/${saver.id() ?? 0}/preview`,
      );
      setMessage(`Preview link (valid for an hour): ${r.preview.url}`);
      open(r.preview.url, '_blank', 'noopener');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const status = article?.status ?? 'draft';
  return (
    <>
      <div class="toolbar">
        <h1>{id === undefined ? 'New article' : 'Edit article'}</h1>
        <span class={`badge badge--${status}`} data-testid="status">
          {status}
        </span>
        {status === 'scheduled' && <span>goes live {when(article?.published_at)}</span>}
      </div>
      {conflict ? (
        <ConflictNotice
          text={message}
          articleId={saver.id()}
          onLoaded={(saved) => {
            load(saved);
            setMessage('The saved version is loaded; your changes were set aside.');
          }}
          onError={setMessage}
          onOverwrite={() => void saver.save({}, 'Saved over the other version.', true)}
        />
      ) : (
        <Notice text={message} />
      )}
      <div class="editor">
        <form
          class="stack editor__main"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label="Title" id="title">
            <input
              id="title"
              class="title-input"
              value={draft.title}
              maxLength={300}
              onInput={(e) => change({ title: e.currentTarget.value })}
              required
            />
          </Field>
          <Field label="Standfirst" id="dek">
            <textarea
              id="dek"
              rows={2}
              value={draft.dek}
              maxLength={1000}
              onInput={(e) => change({ dek: e.currentTarget.value })}
            />
          </Field>
          <ol class="blocks">
            {draft.body.map((block, i) => (
              <BlockEditor
                key={i}
                block={block}
                index={i}
                onChange={(b) => setBlock(i, b)}
                onRemove={() => change({ body: draft.body.filter((_, j) => j !== i) })}
                onMove={(d) => moveBlock(i, d)}
              />
            ))}
          </ol>
          <div class="toolbar" role="group" aria-label="Add a block">
            {(['paragraph', 'heading', 'quote', 'list', 'image', 'video', 'airtime'] as const).map(
              (type) => (
                <button
                  key={type}
                  type="button"
                  class="small"
                  onClick={() => change({ body: [...draft.body, emptyBlock(type)] })}
                >
                  + {type === 'airtime' ? 'air time' : type}
                </button>
              ),
            )}
          </div>
          <button type="submit">Save</button>
        </form>
        <aside class="editor__side stack" aria-label="Names and publishing">
          <LinkerPanel
            body={draft.body}
            rejected={draft.rejected}
            onBody={(body) => change({ body })}
            onRejected={(rejected) => change({ rejected })}
          />
          <FeatureImageInput value={draft.image} onChange={(image) => change({ image })} />
          <Field label="Tags (comma-separated)" id="tags">
            <input
              id="tags"
              value={draft.tags}
              onInput={(e) => change({ tags: e.currentTarget.value })}
            />
          </Field>
          {canPublish ? (
            <section class="card stack" aria-labelledby="pub-h">
              <h2 id="pub-h">Publishing</h2>
              {status !== 'published' && (
                <button
                  type="button"
                  onClick={() => void save({ status: 'published' }, 'Published.')}
                >
                  Publish now
                </button>
              )}
              <Field label="Go live at (your time)" id="schedule-at">
                <input
                  id="schedule-at"
                  type="datetime-local"
                  value={when_}
                  onInput={(e) => setWhen(e.currentTarget.value)}
                />
              </Field>
              <button
                type="button"
                onClick={() => {
                  if (when_ === '') {
                    setMessage('Choose when it goes live.');
                    return;
                  }
                  void save(
                    { status: 'scheduled', published_at: new Date(when_).toISOString() },
                    `Scheduled for ${new Date(when_).toLocaleString()}.`,
                  );
                }}
              >
                Schedule
              </button>
              {(status === 'published' || status === 'scheduled') && (
                <button
                  type="button"
                  class="danger"
                  onClick={() =>
                    void save(
                      { status: 'draft', published_at: null },
                      'Unpublished: it is a draft again.',
                    )
                  }
                >
                  Unpublish
                </button>
              )}
            </section>
          ) : (
            <p class="hint">Contributors write drafts; an editor publishes them.</p>
          )}
          <button type="button" onClick={() => void preview()}>
            Preview
          </button>
          <section class="card stack" aria-labelledby="rev-h">
            <h2 id="rev-h">Revisions</h2>
            {revisions === undefined ? (
              <button
                type="button"
                disabled={id === undefined}
                onClick={() => void loadRevisions()}
              >
                Show revisions
              </button>
            ) : (
              <ul class="revisions">
                {revisions.map((r) => (
                  <li key={r.id}>
                    <button type="button" class="link" onClick={() => void openRevision(r)}>
                      {when(r.created_at)} · {r.author?.name ?? 'API key'}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <button type="button" class="link" onClick={() => go('/admin/articles')}>
            Back to articles
          </button>
        </aside>
      </div>
      {compare !== undefined && (
        <section class="card diff" aria-labelledby="diff-h">
          <h2 id="diff-h">Changes since the revision of {when(compare.revision.created_at)}</h2>
          <p class="hint">Lines marked − are in that revision only; + are in the editor only.</p>
          <ul class="diff__lines">
            {diffLines(
              [compare.revision.title, compare.revision.dek, ...bodyLines(compare.revision.body)],
              [draft.title, draft.dek, ...bodyLines(draft.body)],
            ).map((line, i) => (
              <li key={i} class={`diff__${line.kind}`}>
                <span aria-hidden="true">
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                </span>
                <span class="visually-hidden">{line.kind === 'same' ? '' : `${line.kind}: `}</span>
                {line.text}
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              change({
                title: compare.revision.title,
                dek: compare.revision.dek,
                body: compare.revision.body,
              });
              setCompare(undefined);
              setMessage('Revision restored into the editor; save to keep it.');
            }}
          >
            Restore this revision
          </button>
          <button type="button" class="link" onClick={() => setCompare(undefined)}>
            Close
          </button>
        </section>
      )}
    </>
  );
}
