import { useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { MergePanel, type Merged } from './conflict-merge.js';
import type { Fields } from './editor-fields.js';
import type { Article, Block } from './types.js';

/*
 * What the editor shows when a save was refused because the article changed elsewhere: keep
 * either version, or merge them field by field (conflict-merge.tsx).
 */

export function ConflictNotice({
  text,
  articleId,
  base,
  mine,
  onLoaded,
  onMerged,
  onError,
  onOverwrite,
}: {
  text: string;
  articleId: number | undefined;
  /** The version this editor started from. */
  base: Article | undefined;
  /** What is on screen now. */
  mine: () => { fields: Fields; body: Block[] };
  /** The saved version, to replace the editor's text with. */
  onLoaded: (article: Article) => void;
  /** A merge of both, to put on screen as unsaved changes on top of `theirs`. */
  onMerged: (merged: Merged, theirs: Article) => void;
  onError: (message: string) => void;
  onOverwrite: () => void;
}) {
  const [merging, setMerging] = useState<{ theirs: Article; mine: ReturnType<typeof mine> }>();
  const saved = (then: (article: Article) => void) => {
    if (articleId === undefined) return;
    api<{ article: Article }>('GET', `/articles/${articleId}`)
      .then((r) => then(r.article))
      .catch((e: unknown) => onError(messageOf(e)));
  };
  if (merging !== undefined && base !== undefined) {
    return (
      <MergePanel
        base={base}
        mine={merging.mine}
        theirs={merging.theirs}
        onMerged={onMerged}
        onCancel={() => setMerging(undefined)}
      />
    );
  }
  return (
    <div class="notice notice--error conflict" role="alert">
      <p>{text}</p>
      <p>Autosave is paused until you choose.</p>
      {base !== undefined && (
        <>
          <button
            type="button"
            onClick={() => saved((theirs) => setMerging({ theirs, mine: mine() }))}
          >
            Compare and merge
          </button>{' '}
        </>
      )}
      <button type="button" onClick={() => saved(onLoaded)}>
        Load the saved version
      </button>{' '}
      <button type="button" class="danger" onClick={onOverwrite}>
        Keep mine and overwrite it
      </button>
    </div>
  );
}
