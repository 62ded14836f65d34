import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

/*
 * Who else has this article open (issue 18). The editor sends a heartbeat while it is open and
 * shows the other writers the server names. Leaving the editor in the app says goodbye at once;
 * a closed tab drops out when its heartbeats stop (within a minute).
 */

interface OtherEditor {
  id: number;
  name: string;
}

interface EditingAnswer {
  editing: { others: OtherEditor[]; heartbeat_ms: number };
}

/** When a heartbeat fails (offline, a restart): try again after this long. */
const RETRY_MS = 20_000;

export function useOtherEditors(articleId: number | undefined): OtherEditor[] {
  const [others, setOthers] = useState<OtherEditor[]>([]);
  useEffect(() => {
    if (articleId === undefined) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const beat = () => {
      api<EditingAnswer>('PUT', `/articles/${articleId}/editing`)
        .then(({ editing }) => {
          if (stopped) return;
          setOthers(editing.others);
          timer = setTimeout(beat, editing.heartbeat_ms);
        })
        .catch(() => {
          if (!stopped) timer = setTimeout(beat, RETRY_MS);
        });
    };
    beat();
    return () => {
      stopped = true;
      clearTimeout(timer);
      setOthers([]);
      api('DELETE', `/articles/${articleId}/editing`).catch(() => undefined);
    };
  }, [articleId]);
  return others;
}

/** "Ana Writer is also editing this article", with what happens if both save. */
export function OtherEditorsNotice({ others }: { others: readonly OtherEditor[] }) {
  if (others.length === 0) return null;
  const names =
    others.length === 1
      ? others[0]?.name
      : `${others
          .slice(0, -1)
          .map((o) => o.name)
          .join(', ')} and ${others.at(-1)?.name}`;
  return (
    <p class="notice notice--warning" role="status" data-testid="other-editors">
      {names} {others.length === 1 ? 'is' : 'are'} also editing this article. If you both save, the
      later save is refused and its writer chooses which version to keep.
    </p>
  );
}
