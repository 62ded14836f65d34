import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { Field, Notice, when } from './ui.js';

/* The comment queue (the article list is in screens-articles.tsx). */

interface AdminComment {
  id: number;
  article_id: number;
  name: string;
  body: string;
  status: string;
  created_at: string;
  email?: string | null;
}

/** The moderation queue. Keys: j/k move, x select, a approve, s spam, t trash. */
export function CommentsScreen() {
  const [status, setStatus] = useState('pending');
  const [q, setQ] = useState('');
  const [comments, setComments] = useState<AdminComment[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const params = new URLSearchParams({ limit: '100' });
    if (status !== '') params.set('status', status);
    if (q.trim() !== '') params.set('q', q.trim());
    api<{ comments: AdminComment[] }>('GET', `/comments?${params}`)
      .then((d) => {
        setComments(d.comments);
        setSelected(new Set());
        setCursor(0);
      })
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [status, q, tick]);
  const act = async (action: string, ids: number[]) => {
    if (ids.length === 0) return;
    try {
      const r = await api<{ meta: { affected: number } }>('POST', '/comments/bulk', {
        ids,
        action,
      });
      setMessage(`${r.meta.affected} comment(s): ${action}.`);
      setTick(tick + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  const targets = () =>
    selected.size > 0 ? [...selected] : comments[cursor] ? [comments[cursor].id] : [];
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) ||
        event.ctrlKey ||
        event.metaKey
      )
        return;
      const current = comments[cursor];
      if (event.key === 'j') setCursor(Math.min(cursor + 1, comments.length - 1));
      else if (event.key === 'k') setCursor(Math.max(cursor - 1, 0));
      else if (event.key === 'x' && current) {
        const next = new Set(selected);
        if (next.has(current.id)) next.delete(current.id);
        else next.add(current.id);
        setSelected(next);
      } else if (event.key === 'a') void act('approve', targets());
      else if (event.key === 's') void act('spam', targets());
      else if (event.key === 't') void act('trash', targets());
      else return;
      event.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });
  return (
    <>
      <h1>Comments</h1>
      <p class="hint">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>a</kbd> approve,{' '}
        <kbd>s</kbd> spam, <kbd>t</kbd> trash.
      </p>
      <div class="filters" role="search">
        <Field label="Status" id="c-status">
          <select id="c-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="pending">Pending</option>
            <option value="approved">Approved</option>
            <option value="spam">Spam</option>
            <option value="trash">Trash</option>
            <option value="">All</option>
          </select>
        </Field>
        <Field label="Text, name or e-mail contains" id="c-q">
          <input id="c-q" type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        </Field>
      </div>
      <div class="toolbar">
        <button type="button" onClick={() => void act('approve', targets())}>
          Approve
        </button>
        <button type="button" onClick={() => void act('spam', targets())}>
          Spam
        </button>
        <button type="button" onClick={() => void act('trash', targets())}>
          Trash
        </button>
        <button type="button" class="danger" onClick={() => void act('delete', targets())}>
          Delete for good
        </button>
      </div>
      <Notice text={message} />
      <ul class="queue">
        {comments.map((c, i) => (
          <li
            key={c.id}
            class={i === cursor ? 'queue__item is-current' : 'queue__item'}
            aria-current={i === cursor ? 'true' : undefined}
          >
            <input
              type="checkbox"
              id={`sel-${c.id}`}
              checked={selected.has(c.id)}
              onChange={() => {
                const next = new Set(selected);
                if (next.has(c.id)) next.delete(c.id);
                else next.add(c.id);
                setSelected(next);
              }}
            />
            <label for={`sel-${c.id}`}>
              <strong>{c.name}</strong> on article {c.article_id} · {when(c.created_at)} ·{' '}
              <span class="badge">{c.status}</span>
            </label>
            <p class="queue__body">{c.body}</p>
            <button
              type="button"
              onClick={() => {
                setStatus('');
                setQ(c.name);
              }}
            >
              Other comments by {c.name}
            </button>
          </li>
        ))}
      </ul>
      {comments.length === 0 && <p>Nothing here.</p>}
    </>
  );
}
