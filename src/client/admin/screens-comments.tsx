import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { Field, Notice, when } from './ui.js';

/*
 * The moderation queue, worked by mouse or keyboard as WordPress's and Disqus's are: each row
 * says where the comment is (the article, linked to the comment in place), what it answers and
 * why it was held, with one-click Approve, Spam, Trash and Reply as staff.
 */

interface QueueComment {
  id: number;
  name: string;
  email: string | null;
  body: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  held_reason: string | null;
  staff: boolean;
  created_at: string;
  url: string;
  article: { id: number; title: string; url: string };
  parent: { id: number; name: string; excerpt: string } | null;
}

type Action = 'approve' | 'spam' | 'trash' | 'pending' | 'delete';

/** Tells the navigation to count the waiting comments again. */
export const COMMENTS_CHANGED = 'deho:comments-changed';

const REASONS: [string, string][] = [
  ['first_comment', 'First comment'],
  ['links', 'Links'],
  ['words', 'Word list'],
  ['challenge', 'No challenge solved'],
  ['too_fast', 'Sent too fast'],
  ['honeypot', 'Robot trap filled'],
];

/** The held reason in a moderator's words. */
function reasonText(reason: string | null): string | undefined {
  if (reason === null) return undefined;
  if (reason.startsWith('challenge_')) return 'No challenge solved';
  const words: Record<string, string> = {
    first_comment: 'First comment',
    links: 'Links',
    moderation_word: 'Moderation word list',
    block_word: 'Block word list',
    too_fast: 'Sent too fast',
    honeypot: 'Robot trap filled',
  };
  return words[reason] ?? reason;
}

const DONE: Record<Action, string> = {
  approve: 'approved',
  spam: 'marked as spam',
  trash: 'moved to the trash',
  pending: 'sent back to pending',
  delete: 'deleted for good',
};

interface Filters {
  status: string;
  reason: string;
  article: string;
  q: string;
}

function readFilters(): Filters {
  const params = new URLSearchParams(location.search);
  return {
    status: params.get('status') ?? 'pending',
    reason: params.get('reason') ?? '',
    article: params.get('article') ?? '',
    q: params.get('q') ?? '',
  };
}

/** Keys typed into a text field or a list are the field's, not shortcuts (boxes are fine). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (el === null) return false;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(el.type);
  return ['SELECT', 'TEXTAREA'].includes(el.tagName) || el.isContentEditable;
}

/** The moderation queue. Keys: j/k move, x select, a approve, s spam, t trash, r reply. */
export function CommentsScreen() {
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [comments, setComments] = useState<QueueComment[]>([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [replyTo, setReplyTo] = useState<number | undefined>(undefined);
  const [message, setMessage] = useState({ text: '', kind: 'info' as 'info' | 'error' });
  const [tick, setTick] = useState(0);
  const rows = useRef<Map<number, HTMLLIElement>>(new Map());
  const movedByKey = useRef(false);

  useEffect(() => {
    const params = new URLSearchParams({ limit: '50' });
    if (filters.status !== '') params.set('status', filters.status);
    if (filters.reason !== '') params.set('reason', filters.reason);
    if (filters.article !== '') params.set('article_id', filters.article);
    if (filters.q.trim() !== '') params.set('q', filters.q.trim());
    const shown = new URLSearchParams();
    for (const key of ['status', 'reason', 'article', 'q'] as const)
      if (filters[key] !== '') shown.set(key, filters[key]);
    const search = shown.toString();
    history.replaceState(null, '', `/admin/comments${search === '' ? '' : `?${search}`}`);
    api<{ comments: QueueComment[]; meta: { pagination: { total: number } } }>(
      'GET',
      `/comments?${params}`,
    )
      .then((d) => {
        setComments(d.comments);
        setTotal(d.meta.pagination.total);
        setSelected(new Set());
        setCursor((c) => Math.max(0, Math.min(c, d.comments.length - 1)));
        setLoaded(true);
      })
      .catch((e: unknown) => setMessage({ text: messageOf(e), kind: 'error' }));
  }, [filters, tick]);

  // The current row takes the focus when the keyboard moved it, so screen readers follow.
  useEffect(() => {
    if (!movedByKey.current) return;
    movedByKey.current = false;
    const id = comments[cursor]?.id;
    if (id !== undefined) rows.current.get(id)?.focus();
  }, [cursor, comments]);

  const changeFilter = (change: Partial<Filters>) => setFilters({ ...filters, ...change });

  const act = async (action: Action, ids: number[]) => {
    if (ids.length === 0) {
      setMessage({ text: 'Select comments first (x, or their boxes).', kind: 'error' });
      return;
    }
    try {
      const r = await api<{ meta: { affected: number } }>('POST', '/comments/bulk', {
        ids,
        action,
      });
      const n = r.meta.affected;
      setMessage({ text: `${n} comment${n === 1 ? '' : 's'} ${DONE[action]}.`, kind: 'info' });
      setReplyTo(undefined);
      setTick((t) => t + 1);
      dispatchEvent(new Event(COMMENTS_CHANGED));
    } catch (e) {
      setMessage({ text: messageOf(e), kind: 'error' });
    }
  };

  const sendReply = async (comment: QueueComment, body: string) => {
    try {
      await api('POST', `/comments/${comment.id}/replies`, { comment: { body } });
      setMessage({
        text: `Your reply to ${comment.name} is published${comment.status === 'pending' ? ', and their comment approved' : ''}.`,
        kind: 'info',
      });
      setReplyTo(undefined);
      setTick((t) => t + 1);
      dispatchEvent(new Event(COMMENTS_CHANGED));
    } catch (e) {
      setMessage({ text: messageOf(e), kind: 'error' });
    }
  };

  // The key handler reads the list, cursor and selection of the latest render, not of the render
  // that registered it: a key pressed right after the list changed acts on what is on screen.
  const onScreen = useRef({ comments, cursor, selected });
  onScreen.current = { comments, cursor, selected };

  const targets = () => {
    const now = onScreen.current;
    if (now.selected.size > 0) return [...now.selected];
    const current = now.comments[now.cursor];
    return current === undefined ? [] : [current.id];
  };

  const toggle = (id: number) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && replyTo !== undefined) {
        setReplyTo(undefined);
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const current = onScreen.current.comments[onScreen.current.cursor];
      // Moves are relative to the cursor as it is now, not as this handler saw it: keys pressed
      // faster than a render each count.
      switch (event.key) {
        case 'j':
          movedByKey.current = true;
          setCursor((at) => Math.min(at + 1, onScreen.current.comments.length - 1));
          break;
        case 'k':
          movedByKey.current = true;
          setCursor((at) => Math.max(at - 1, 0));
          break;
        case 'x':
          if (current !== undefined) toggle(current.id);
          break;
        case 'a':
          void act('approve', targets());
          break;
        case 's':
          void act('spam', targets());
          break;
        case 't':
          void act('trash', targets());
          break;
        case 'r':
          if (current !== undefined) setReplyTo(current.id);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const allSelected = comments.length > 0 && comments.every((c) => selected.has(c.id));
  const articleTitle = comments.find((c) => String(c.article.id) === filters.article)?.article
    .title;

  return (
    <>
      <h1 tabIndex={-1}>Comments</h1>
      <p class="hint" id="queue-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>x</kbd> select, <kbd>a</kbd> approve,{' '}
        <kbd>s</kbd> spam, <kbd>t</kbd> trash, <kbd>r</kbd> reply (<kbd>Esc</kbd> cancels). They act
        on the selected comments, or on the current one.
      </p>
      <div class="filters" role="search" aria-label="Filter comments">
        <Field label="Status" id="c-status">
          <select
            id="c-status"
            value={filters.status}
            onChange={(e) => changeFilter({ status: e.currentTarget.value })}
          >
            <option value="pending">Pending</option>
            <option value="approved">Approved</option>
            <option value="spam">Spam</option>
            <option value="trash">Trash</option>
            <option value="">All</option>
          </select>
        </Field>
        <Field label="Held because" id="c-reason">
          <select
            id="c-reason"
            value={filters.reason}
            onChange={(e) => changeFilter({ reason: e.currentTarget.value })}
          >
            <option value="">Any reason</option>
            {REASONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Text, name or e-mail contains" id="c-q">
          <input
            id="c-q"
            type="search"
            value={filters.q}
            onChange={(e) => changeFilter({ q: e.currentTarget.value })}
          />
        </Field>
        {filters.article !== '' && (
          <p class="chip chip--filter">
            On “{articleTitle ?? `article ${filters.article}`}”{' '}
            <button type="button" class="link" onClick={() => changeFilter({ article: '' })}>
              Show every article
            </button>
          </p>
        )}
      </div>
      <div class="toolbar" role="group" aria-label="Selected comments">
        <label class="check">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={() =>
              setSelected(allSelected ? new Set() : new Set(comments.map((c) => c.id)))
            }
          />{' '}
          Select all shown
        </label>
        <span>{selected.size} selected</span>
        <button type="button" onClick={() => void act('approve', [...selected])}>
          Approve selected
        </button>
        <button type="button" onClick={() => void act('spam', [...selected])}>
          Spam selected
        </button>
        <button type="button" onClick={() => void act('trash', [...selected])}>
          Trash selected
        </button>
        <button type="button" class="danger" onClick={() => void act('delete', [...selected])}>
          Delete selected for good
        </button>
      </div>
      <Notice text={message.text} kind={message.kind} />
      {loaded && (
        <p class="hint" aria-live="polite">
          {total === 0
            ? 'Nothing here.'
            : `${total} comment${total === 1 ? '' : 's'}${total > comments.length ? `, the newest ${comments.length} shown` : ''}.`}
        </p>
      )}
      <ul class="queue" aria-describedby="queue-keys">
        {comments.map((c, i) => (
          <QueueItem
            key={c.id}
            comment={c}
            current={i === cursor}
            selected={selected.has(c.id)}
            replying={replyTo === c.id}
            rowRef={(el) => {
              if (el === null) rows.current.delete(c.id);
              else rows.current.set(c.id, el);
            }}
            onFocus={() => setCursor(i)}
            onToggle={() => toggle(c.id)}
            onAct={(action) => void act(action, [c.id])}
            onReply={() => setReplyTo(c.id)}
            onCancelReply={() => setReplyTo(undefined)}
            onSendReply={(body) => sendReply(c, body)}
            onOnlyArticle={() => changeFilter({ article: String(c.article.id) })}
          />
        ))}
      </ul>
    </>
  );
}

function QueueItem(props: {
  comment: QueueComment;
  current: boolean;
  selected: boolean;
  replying: boolean;
  rowRef: (el: HTMLLIElement | null) => void;
  onFocus: () => void;
  onToggle: () => void;
  onAct: (action: Action) => void;
  onReply: () => void;
  onCancelReply: () => void;
  onSendReply: (body: string) => Promise<void>;
  onOnlyArticle: () => void;
}) {
  const c = props.comment;
  const reason = c.status === 'pending' ? reasonText(c.held_reason) : undefined;
  const heading = `comment-${c.id}-who`;
  return (
    <li
      ref={props.rowRef}
      tabIndex={-1}
      class={props.current ? 'queue__item is-current' : 'queue__item'}
      aria-current={props.current ? 'true' : undefined}
      aria-labelledby={heading}
      data-comment-id={c.id}
      onFocusCapture={props.onFocus}
    >
      <div class="queue__head">
        <input
          type="checkbox"
          id={`sel-${c.id}`}
          checked={props.selected}
          onChange={props.onToggle}
          aria-labelledby={heading}
        />
        <p class="queue__who" id={heading}>
          <strong>{c.name}</strong>
          {c.staff && <span class="badge badge--staff">Staff</span>}
          {c.email !== null && <span class="queue__email"> {c.email}</span>} on{' '}
          <a href={c.url}>{c.article.title}</a> · {when(c.created_at)}{' '}
          <span class={`badge badge--${c.status}`}>{c.status}</span>
          {reason !== undefined && <span class="badge badge--reason">Held: {reason}</span>}
        </p>
      </div>
      {c.parent !== null && (
        <p class="queue__parent">
          In reply to <strong>{c.parent.name}</strong>: “{c.parent.excerpt}”
        </p>
      )}
      <p class="queue__body">{c.body}</p>
      <div class="queue__actions">
        {c.status !== 'approved' && (
          <button type="button" onClick={() => props.onAct('approve')}>
            Approve
          </button>
        )}
        {c.status !== 'spam' && (
          <button type="button" onClick={() => props.onAct('spam')}>
            Spam
          </button>
        )}
        {c.status !== 'trash' ? (
          <button type="button" onClick={() => props.onAct('trash')}>
            Trash
          </button>
        ) : (
          <button type="button" onClick={() => props.onAct('pending')}>
            Restore
          </button>
        )}
        {(c.status === 'pending' || c.status === 'approved') && (
          <button type="button" onClick={props.onReply} aria-expanded={props.replying}>
            Reply
          </button>
        )}
        <button type="button" class="link" onClick={props.onOnlyArticle}>
          Only this article
        </button>
      </div>
      {props.replying && (
        <ReplyForm comment={c} onCancel={props.onCancelReply} onSend={props.onSendReply} />
      )}
    </li>
  );
}

function ReplyForm(props: {
  comment: QueueComment;
  onCancel: () => void;
  onSend: (body: string) => Promise<void>;
}) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `reply-${props.comment.id}`;
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="queue__reply"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void props.onSend(body).finally(() => setBusy(false));
      }}
    >
      <Field
        label={`Reply as staff to ${props.comment.name}`}
        id={id}
        hint={
          props.comment.status === 'pending'
            ? 'Published at once with the staff badge; their comment is approved with it.'
            : 'Published at once with the staff badge.'
        }
      >
        <textarea
          id={id}
          ref={input}
          rows={3}
          required
          aria-describedby={`${id}-hint`}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') props.onCancel();
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey))
              e.currentTarget.form?.requestSubmit();
          }}
        />
      </Field>
      <button type="submit" disabled={busy}>
        Publish reply
      </button>{' '}
      <button type="button" class="link" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
