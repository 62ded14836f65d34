import { useRef } from 'preact/hooks';
import { api, ApiError, messageOf } from './api.js';
import type { Article } from './types.js';

/*
 * Saving an article from the editor without losing words:
 * - one request at a time, in order; a save asked for while one is running runs after it, with
 *   the text as it is then (so a slow save never lets an older text land after a newer one);
 * - a save that started before more typing leaves the editor "unsaved", so the newer text goes in
 *   the next save instead of being marked saved by the older one;
 * - every PATCH carries the updated_at the editor last read or wrote: if the article changed
 *   elsewhere (another tab, another editor), the API answers 409 and nothing is overwritten;
 * - a save the writer did not ask for says so (`autosave`), so that the server keeps one
 *   revision per editing session instead of one per pause in the typing.
 */

export interface SaveResult {
  article: Article;
  /** False when the draft changed while the request was on its way. */
  latest: boolean;
}

export interface SaveHandlers {
  /** The draft as the API takes it, read when the request is sent. */
  payload(): Record<string, unknown>;
  saved(result: SaveResult, note: string): void;
  failed(message: string, conflict: boolean): void;
}

export interface ArticleSaver {
  /** Saves the draft (with `extra` fields); resolves once that save is done, or superseded. */
  save(extra?: Record<string, unknown>, note?: string, options?: SaveOptions): Promise<void>;
  /** Counts a change of the draft. */
  changed(): void;
  /** Takes the version of an article just read. */
  loaded(article: Article): void;
  /** The article's id once it exists. */
  id(): number | undefined;
}

export interface SaveOptions {
  /** Save without updated_at, over whatever version the server has. */
  overwrite?: boolean;
  /** Not asked for by the writer (a pause in typing, the connection coming back). */
  autosave?: boolean;
}

interface Request {
  extra: Record<string, unknown>;
  note: string;
  overwrite: boolean;
  autosave: boolean;
  done: () => void;
}

/** Which of two saves wins a place in the queue: a publish over a save over an autosave. */
function weight(r: Request): number {
  if (Object.keys(r.extra).length > 0) return 2;
  return r.autosave ? 0 : 1;
}

export function useArticleSaver(
  initialId: number | undefined,
  handlers: SaveHandlers,
): ArticleSaver {
  const state = useRef({
    id: initialId,
    version: undefined as string | undefined,
    edits: 0,
    busy: false,
    queued: undefined as Request | undefined,
  });
  const latestHandlers = useRef(handlers);
  latestHandlers.current = handlers;

  const run = async (request: Request): Promise<void> => {
    const s = state.current;
    s.busy = true;
    const covered = s.edits;
    const id = s.id;
    const h = latestHandlers.current;
    try {
      const precondition =
        id !== undefined && !request.overwrite && s.version !== undefined
          ? { updated_at: s.version }
          : {};
      const body = {
        article: {
          ...h.payload(),
          ...request.extra,
          ...(request.autosave && { autosave: true }),
          ...precondition,
        },
      };
      const r =
        id === undefined
          ? await api<{ article: Article }>('POST', '/articles', body)
          : await api<{ article: Article }>('PATCH', `/articles/${id}`, body);
      s.id = r.article.id;
      s.version = r.article.updated_at;
      latestHandlers.current.saved(
        { article: r.article, latest: s.edits === covered },
        request.note,
      );
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409 && e.property === 'updated_at';
      latestHandlers.current.failed(messageOf(e), conflict);
    } finally {
      request.done();
      s.busy = false;
      const next = s.queued;
      s.queued = undefined;
      if (next !== undefined) void run(next);
    }
  };

  return {
    save(extra = {}, note = 'Saved.', options = {}) {
      return new Promise<void>((done) => {
        const s = state.current;
        const request: Request = {
          extra,
          note,
          overwrite: options.overwrite === true,
          autosave: options.autosave === true,
          done,
        };
        if (!s.busy) {
          void run(request);
          return;
        }
        // A save never replaces a queued publish or schedule, nor an autosave a queued save:
        // the queued one sends the text too, and its revision is the one with a name.
        const queued = s.queued;
        if (queued !== undefined && weight(queued) > weight(request)) {
          done();
          return;
        }
        queued?.done();
        s.queued = request;
      });
    },
    changed() {
      state.current.edits++;
    },
    loaded(article) {
      state.current.version = article.updated_at;
    },
    id: () => state.current.id,
  };
}
