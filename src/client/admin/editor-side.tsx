import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { bodyLines, diffLines } from './blocks.js';
import type { Article, Block } from './types.js';
import { Field, when } from './ui.js';

/* The editor's side cards: publishing, and revisions with their diff. */

export function localInput(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function PublishingCard(props: {
  article: Article | undefined;
  when: string;
  onWhen: (value: string) => void;
  onSave: (extra: Record<string, unknown>, note: string) => void;
  onMessage: (text: string) => void;
}) {
  const status = props.article?.status ?? 'draft';
  return (
    <section class="card stack" aria-labelledby="pub-h">
      <h2 id="pub-h">Publishing</h2>
      {status !== 'published' && (
        <button type="button" onClick={() => props.onSave({ status: 'published' }, 'Published.')}>
          Publish now
        </button>
      )}
      <Field label="Go live at (your time)" id="schedule-at">
        <input
          id="schedule-at"
          type="datetime-local"
          value={props.when}
          onInput={(e) => props.onWhen(e.currentTarget.value)}
        />
      </Field>
      <button
        type="button"
        onClick={() => {
          if (props.when === '') {
            props.onMessage('Choose when it goes live.');
            return;
          }
          const at = new Date(props.when);
          props.onSave(
            { status: 'scheduled', published_at: at.toISOString() },
            // In the list's format, with the zone: the writer's clock, said so.
            `Scheduled for ${when(at.toISOString())} (${Intl.DateTimeFormat().resolvedOptions().timeZone} time).`,
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
            props.onSave(
              { status: 'draft', published_at: null },
              'Unpublished: it is a draft again.',
            )
          }
        >
          Unpublish
        </button>
      )}
    </section>
  );
}

interface Revision {
  id: number;
  title: string;
  created_at: string;
  author: { name: string } | null;
}

type FullRevision = Revision & { dek: string; body: Block[] };

export function RevisionsCard(props: {
  articleId: number | undefined;
  /** The saved version (updated_at): an open list is read again after each save. */
  version: string | undefined;
  current: () => { title: string; dek: string; body: Block[] };
  onRestore: (revision: FullRevision) => void;
}) {
  const [revisions, setRevisions] = useState<Revision[]>();
  const [compare, setCompare] = useState<FullRevision>();
  const load = async () => {
    if (props.articleId === undefined) return;
    const r = await api<{ revisions: Revision[] }>('GET', `/articles/${props.articleId}/revisions`);
    setRevisions(r.revisions);
  };
  const shown = revisions !== undefined;
  useEffect(() => {
    if (shown) void load();
  }, [props.version]);
  const open = async (rev: Revision) => {
    const r = await api<{ revision: FullRevision }>(
      'GET',
      `/articles/${props.articleId ?? 0}/revisions/${rev.id}`,
    );
    setCompare(r.revision);
  };
  const now = compare === undefined ? undefined : props.current();
  return (
    <section class="card stack" aria-labelledby="rev-h">
      <h2 id="rev-h">Revisions</h2>
      {revisions === undefined ? (
        <button type="button" disabled={props.articleId === undefined} onClick={() => void load()}>
          Show revisions
        </button>
      ) : (
        <ul class="revisions">
          {revisions.map((r) => (
            <li key={r.id}>
              <button type="button" class="link" onClick={() => void open(r)}>
                {when(r.created_at)} · {r.author?.name ?? 'API key'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {compare !== undefined && now !== undefined && (
        <section class="diff" aria-labelledby="diff-h">
          <h3 id="diff-h">Changes since the revision of {when(compare.created_at)}</h3>
          <p class="hint">Lines marked − are in that revision only; + are in the editor only.</p>
          <ul class="diff__lines">
            {diffLines(
              [compare.title, compare.dek, ...bodyLines(compare.body)],
              [now.title, now.dek, ...bodyLines(now.body)],
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
              props.onRestore(compare);
              setCompare(undefined);
            }}
          >
            Restore this revision
          </button>
          <button type="button" class="link" onClick={() => setCompare(undefined)}>
            Close
          </button>
        </section>
      )}
    </section>
  );
}
