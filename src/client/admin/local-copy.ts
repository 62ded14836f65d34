/*
 * A copy of the article being edited, in this browser's localStorage, from the first change
 * until the server has it: a reload, a crash of the tab or an hour offline loses nothing. The
 * copy is per article ("new" before the first save) and is removed once a save that covers
 * every change has come back.
 */

export interface LocalCopy {
  /** When the copy was written (ISO). */
  keptAt: string;
  /** What the editor would send: title, dek, body, tags, … */
  payload: Record<string, unknown>;
}

const key = (id: number | undefined) => `deho:article-copy:${id ?? 'new'}`;

/** Keeps the copy; false when the browser refused (storage full or disabled). */
export function keepLocalCopy(id: number | undefined, payload: Record<string, unknown>): boolean {
  try {
    const copy: LocalCopy = { keptAt: new Date().toISOString(), payload };
    localStorage.setItem(key(id), JSON.stringify(copy));
    return true;
  } catch {
    return false;
  }
}

export function readLocalCopy(id: number | undefined): LocalCopy | undefined {
  try {
    const text = localStorage.getItem(key(id));
    if (text === null) return undefined;
    const copy = JSON.parse(text) as Partial<LocalCopy>;
    return typeof copy.keptAt === 'string' && typeof copy.payload === 'object' && copy.payload
      ? (copy as LocalCopy)
      : undefined;
  } catch {
    return undefined;
  }
}

export function dropLocalCopy(id: number | undefined): void {
  try {
    localStorage.removeItem(key(id));
  } catch {
    // Nothing kept, nothing to remove.
  }
}
