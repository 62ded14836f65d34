import { useEffect, useState } from 'preact/hooks';
import { articleLines, diffLines, type DiffLine } from '../../lib/revision-diff.js';
import { api, messageOf } from './api.js';
import type { Article, Block } from './types.js';
import { Field, when } from './ui.js';

/*
 * The editor's revisions card (issue 18): the article's revisions, named by what made them
 * (an editing session's autosaves are one), any two compared, or one with the editor's text,
 * and one restored. A restore is saved on the server at once, as a revision of its own.
 */

interface Revision {
  id: number;
  title: string;
  kind: 'autosave' | 'save' | 'publish' | 'schedule' | 'unpublish' | 'restore' | 'import';
  label: string | null;
  created_at: string;
  saved_at: string;
  author: { name: string } | null;
}

const KIND_NAMES: Record<Revision['kind'], string> = {
  autosave: 'Autosaved',
  save: 'Saved',
  publish: 'Published',
  schedule: 'Scheduled',
  unpublish: 'Unpublished',
  restore: 'Restored',
  import: 'Imported',
};

function nameOf(r: Revision): string {
  const by = r.author?.name ?? 'API key';
  if (r.kind === 'autosave') {
    const span =
      r.saved_at === r.created_at
        ? when(r.created_at)
        : `${when(r.created_at)}–${when(r.saved_at)}`;
    return `Editing session ${span} · ${by}`;
  }
  return `${r.label ?? KIND_NAMES[r.kind]} · ${when(r.created_at)} · ${by}`;
}

interface Comparison {
  heading: string;
  lines: DiffLine[];
  /** The revision the comparison starts from, offered for restoring. */
  from: Revision;
}

export function RevisionsCard(props: {
  articleId: number | undefined;
  /** The saved version (updated_at): an open list is read again after each save. */
  version: string | undefined;
  current: () => { title: string; dek: string; body: Block[] };
  /** Called with the article as saved after a restore. */
  onRestored: (article: Article, note: string) => void;
  /** Saves the editor's text as a revision with this name. */
  onSaveNamed: (label: string) => void;
  onError: (text: string) => void;
}) {
  const [label, setLabel] = useState('');
  const [revisions, setRevisions] = useState<Revision[]>();
  const [picked, setPicked] = useState<number[]>([]);
  const [comparison, setComparison] = useState<Comparison>();
  const base = `/articles/${props.articleId ?? 0}/revisions`;
  const load = async () => {
    if (props.articleId === undefined) return;
    try {
      setRevisions((await api<{ revisions: Revision[] }>('GET', base)).revisions);
    } catch (e) {
      props.onError(messageOf(e));
    }
  };
  const shown = revisions !== undefined;
  useEffect(() => {
    if (shown) void load();
  }, [props.version]);

  const find = (id: number) => revisions?.find((r) => r.id === id);
  const withEditor = async (rev: Revision) => {
    try {
      const r = await api<{ revision: { title: string; dek: string; body: Block[] } }>(
        'GET',
        `${base}/${rev.id}`,
      );
      setComparison({
        heading: `From “${nameOf(rev)}” to the text in the editor`,
        lines: diffLines(articleLines(r.revision), articleLines(props.current())),
        from: rev,
      });
    } catch (e) {
      props.onError(messageOf(e));
    }
  };
  const betweenPicked = async () => {
    // The older one first, whichever was ticked first.
    const [older, newer] = [...picked].sort((a, b) => a - b).map(find);
    if (older === undefined || newer === undefined) return;
    try {
      const r = await api<{ diff: { lines: DiffLine[] } }>(
        'GET',
        `${base}/diff?from=${older.id}&to=${newer.id}`,
      );
      setComparison({
        heading: `From “${nameOf(older)}” to “${nameOf(newer)}”`,
        lines: r.diff.lines,
        from: older,
      });
    } catch (e) {
      props.onError(messageOf(e));
    }
  };
  const restore = async (rev: Revision) => {
    try {
      const r = await api<{ article: Article }>('POST', `${base}/${rev.id}/restore`, {
        ...(props.version !== undefined && { updated_at: props.version }),
      });
      setComparison(undefined);
      props.onRestored(r.article, `Restored “${nameOf(rev)}”; saved as a new revision.`);
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  return (
    <section class="card stack" aria-labelledby="rev-h">
      <h2 id="rev-h">Revisions</h2>
      <Field label="Name this version" id="revision-label">
        <input
          id="revision-label"
          value={label}
          maxLength={120}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
      </Field>
      <button
        type="button"
        disabled={label.trim() === ''}
        onClick={() => {
          props.onSaveNamed(label.trim());
          setLabel('');
        }}
      >
        Keep as a named version
      </button>
      {revisions === undefined ? (
        <button type="button" disabled={props.articleId === undefined} onClick={() => void load()}>
          Show revisions
        </button>
      ) : (
        <>
          <p class="hint">Tick two to compare them, or compare one with the editor.</p>
          <ul class="revisions">
            {revisions.map((r) => (
              <li key={r.id} data-revision-kind={r.kind}>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={picked.includes(r.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setPicked((now) =>
                        on
                          ? [...now.filter((id) => id !== r.id), r.id].slice(-2)
                          : now.filter((id) => id !== r.id),
                      );
                    }}
                  />{' '}
                  {nameOf(r)}
                </label>{' '}
                <button type="button" class="small link" onClick={() => void withEditor(r)}>
                  Compare with the editor
                </button>
              </li>
            ))}
          </ul>
          <button type="button" disabled={picked.length !== 2} onClick={() => void betweenPicked()}>
            Compare the two ticked
          </button>
        </>
      )}
      {comparison !== undefined && (
        <section class="diff" aria-labelledby="diff-h">
          <h3 id="diff-h">{comparison.heading}</h3>
          <p class="hint">Lines marked − are only in the first; + only in the second.</p>
          <ul class="diff__lines">
            {comparison.lines.map((line, i) => (
              <li key={i} class={`diff__${line.kind}`}>
                <span aria-hidden="true">
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                </span>
                <span class="visually-hidden">{line.kind === 'same' ? '' : `${line.kind}: `}</span>
                {line.text}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void restore(comparison.from)}>
            Restore “{nameOf(comparison.from)}”
          </button>
          <button type="button" class="link" onClick={() => setComparison(undefined)}>
            Close
          </button>
        </section>
      )}
    </section>
  );
}
