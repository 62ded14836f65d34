import { api, messageOf } from './api.js';
import type { Article } from './types.js';

/* What the editor shows when a save was refused because the article changed elsewhere. */

export function ConflictNotice({
  text,
  articleId,
  onLoaded,
  onError,
  onOverwrite,
}: {
  text: string;
  articleId: number | undefined;
  /** The saved version, to replace the editor's text with. */
  onLoaded: (article: Article) => void;
  onError: (message: string) => void;
  onOverwrite: () => void;
}) {
  const reload = () => {
    if (articleId === undefined) return;
    api<{ article: Article }>('GET', `/articles/${articleId}`)
      .then((r) => onLoaded(r.article))
      .catch((e: unknown) => onError(messageOf(e)));
  };
  return (
    <div class="notice notice--error conflict" role="alert">
      <p>{text}</p>
      <p>Autosave is paused until you choose.</p>
      <button type="button" onClick={reload}>
        Load the saved version
      </button>{' '}
      <button type="button" class="danger" onClick={onOverwrite}>
        Keep mine and overwrite it
      </button>
    </div>
  );
}
