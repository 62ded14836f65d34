import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { MAY, type Article, type Me, type Pagination, type Role } from './types.js';
import { Field, field, go, Link, Notice, when } from './ui.js';

/* The list screens: articles, comment queue, users, API keys, settings, account. */

export function ArticlesScreen({ me }: { me: Me }) {
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ articles: Article[]; meta: { pagination: Pagination } }>();
  const [error, setError] = useState('');
  useEffect(() => {
    const params = new URLSearchParams({ page: String(page), limit: '50' });
    if (status !== '') params.set('status', status);
    api<{ articles: Article[]; meta: { pagination: Pagination } }>('GET', `/articles?${params}`)
      .then(setData)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [status, page]);
  const needle = query.trim().toLowerCase();
  const shown = (data?.articles ?? []).filter(
    (a) =>
      needle === '' ||
      a.title.toLowerCase().includes(needle) ||
      (a.author?.name ?? '').toLowerCase().includes(needle),
  );
  return (
    <>
      <div class="toolbar">
        <h1>Articles</h1>
        {MAY.write.includes(me.role) && (
          <button type="button" onClick={() => go('/admin/articles/new')}>
            New article
          </button>
        )}
      </div>
      <div class="filters" role="search">
        <Field label="Status" id="filter-status">
          <select
            id="filter-status"
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value);
              setPage(1);
            }}
          >
            <option value="">All</option>
            <option value="draft">Drafts</option>
            <option value="scheduled">Scheduled</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </select>
        </Field>
        <Field label="Title or author contains" id="filter-q">
          <input
            id="filter-q"
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </Field>
      </div>
      <Notice text={error} kind="error" />
      <table class="list">
        <caption class="visually-hidden">Articles</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Author</th>
            <th scope="col">Published / scheduled</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.id}>
              <td>
                <Link href={`/admin/articles/${a.id}`}>{a.title}</Link>
              </td>
              <td>
                <span class={`badge badge--${a.status}`}>{a.status}</span>
              </td>
              <td>{a.author?.name ?? '—'}</td>
              <td>{when(a.published_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data !== undefined && data.meta.pagination.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {data.meta.pagination.pages}
          </span>
          <button
            type="button"
            disabled={page >= data.meta.pagination.pages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </>
  );
}

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

interface UserRow {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  status: string;
}

export function UsersScreen({ me }: { me: Me }) {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  const manage = MAY.manage.includes(me.role);
  useEffect(() => {
    api<{ users: UserRow[] }>('GET', '/users?limit=100')
      .then((d) => setUsers(d.users))
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [tick]);
  const run = async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
      setTick(tick + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  const invite = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    void run(async () => {
      const r = await api<{ invitation: { sent: boolean; url?: string } }>('POST', '/users', {
        user: {
          name: field(form, 'name'),
          email: field(form, 'email'),
          role: field(form, 'role'),
        },
      });
      return r.invitation.sent
        ? 'Invitation sent by e-mail.'
        : `No mail server is set up. Send this link yourself: ${r.invitation.url ?? ''}`;
    });
  };
  return (
    <>
      <h1>Staff</h1>
      <Notice text={message} />
      <table class="list">
        <caption class="visually-hidden">Staff accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            {manage && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email ?? '—'}</td>
              <td>
                {manage && u.role !== 'owner' && u.id !== me.id ? (
                  <select
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    onChange={(e) => {
                      const role = e.currentTarget.value;
                      void run(async () => {
                        await api('PATCH', `/users/${u.id}`, { user: { role } });
                        return `${u.name} is now ${role}.`;
                      });
                    }}
                  >
                    {['admin', 'editor', 'author', 'contributor', 'moderator'].map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  u.role
                )}
              </td>
              <td>{u.status}</td>
              {manage && (
                <td>
                  {u.role !== 'owner' && u.id !== me.id && u.status !== 'invited' && (
                    <button
                      type="button"
                      onClick={() => {
                        const next = u.status === 'suspended' ? 'active' : 'suspended';
                        void run(async () => {
                          await api('PATCH', `/users/${u.id}`, { user: { status: next } });
                          return `${u.name}: ${next}.`;
                        });
                      }}
                    >
                      {u.status === 'suspended' ? `Reactivate ${u.name}` : `Suspend ${u.name}`}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {manage && (
        <form class="stack card" onSubmit={invite}>
          <h2>Invite a colleague</h2>
          <Field label="Name" id="inv-name">
            <input id="inv-name" name="name" required />
          </Field>
          <Field label="E-mail" id="inv-email">
            <input id="inv-email" name="email" type="email" required />
          </Field>
          <Field label="Role" id="inv-role">
            <select id="inv-role" name="role">
              {['contributor', 'author', 'editor', 'moderator', 'admin'].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">Send invitation</button>
        </form>
      )}
    </>
  );
}

interface KeyRow {
  id: number;
  name: string;
  role: string;
  key_prefix: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function ApiKeysScreen() {
  const [keys, setKeys] = useState<KeyRow[]>([]);
  const [shown, setShown] = useState('');
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<{ api_keys: KeyRow[] }>('GET', '/api-keys?limit=100')
      .then((d) => setKeys(d.api_keys))
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [tick]);
  const create = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const r = await api<{ api_key: { key: string } }>('POST', '/api-keys', {
        api_key: { name: field(form, 'name'), role: field(form, 'role') },
      });
      setShown(r.api_key.key);
      setTick(tick + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <>
      <h1>API keys</h1>
      <Notice text={message} kind="error" />
      {shown !== '' && (
        <div class="card" role="status">
          <p>Copy the key now; it is not shown again:</p>
          <code class="secret">{shown}</code>
        </div>
      )}
      <table class="list">
        <caption class="visually-hidden">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Starts with</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.role}</td>
              <td>
                <code>{k.key_prefix}</code>
              </td>
              <td>{when(k.last_used_at)}</td>
              <td>
                {k.revoked_at === null ? (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      void api('DELETE', `/api-keys/${k.id}`).then(() => setTick(tick + 1))
                    }
                  >
                    Revoke {k.name}
                  </button>
                ) : (
                  `revoked ${when(k.revoked_at)}`
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="stack card" onSubmit={(e) => void create(e)}>
        <h2>New key</h2>
        <Field label="What it is for" id="key-name">
          <input id="key-name" name="name" required maxLength={100} />
        </Field>
        <Field label="Role" id="key-role">
          <select id="key-role" name="role">
            {['admin', 'editor', 'author', 'contributor', 'moderator'].map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Create key</button>
      </form>
    </>
  );
}

export function SettingsScreen() {
  const [settings, setSettings] = useState<Record<string, string>>();
  const [message, setMessage] = useState('');
  useEffect(() => {
    api<{ settings: Record<string, string> }>('GET', '/settings')
      .then((d) => setSettings(d.settings))
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, []);
  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const r = await api<{ settings: Record<string, string> }>('PATCH', '/settings', {
        settings: {
          site_title: field(form, 'site_title'),
          site_description: field(form, 'site_description'),
          site_zone: field(form, 'site_zone'),
        },
      });
      setSettings(r.settings);
      setMessage('Saved.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  if (settings === undefined)
    return (
      <>
        <h1>Settings</h1>
        <Notice text={message} />
      </>
    );
  return (
    <>
      <h1>Settings</h1>
      <form class="stack" onSubmit={(e) => void save(e)}>
        <Field label="Site title" id="site_title">
          <input
            id="site_title"
            name="site_title"
            defaultValue={settings.site_title}
            required
            maxLength={100}
          />
        </Field>
        <Field label="Description" id="site_description">
          <textarea
            id="site_description"
            name="site_description"
            defaultValue={settings.site_description}
            maxLength={300}
          />
        </Field>
        <Field
          label="Time zone (IANA)"
          id="site_zone"
          hint="Articles are dated in this zone, e.g. Asia/Seoul."
        >
          <input
            id="site_zone"
            name="site_zone"
            defaultValue={settings.site_zone}
            aria-describedby="site_zone-hint"
          />
        </Field>
        <Notice text={message} />
        <button type="submit">Save settings</button>
      </form>
    </>
  );
}

export function AccountScreen() {
  const [message, setMessage] = useState('');
  const [offer, setOffer] = useState<{ secret: string; otpauth_url: string }>();
  const run = async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <>
      <h1>Your account</h1>
      <Notice text={message} />
      <section class="card stack" aria-labelledby="totp-h">
        <h2 id="totp-h">Two-factor sign-in</h2>
        {offer === undefined ? (
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                setOffer(
                  (
                    await api<{ totp: { secret: string; otpauth_url: string } }>(
                      'POST',
                      '/session/totp',
                    )
                  ).totp,
                );
                return 'Add this secret to your authenticator app, then type its code.';
              })
            }
          >
            Set up an authenticator app
          </button>
        ) : (
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              const code = field(new FormData(e.currentTarget), 'code');
              void run(async () => {
                await api('PUT', '/session/totp', { totp: { secret: offer.secret, code } });
                return 'Two-factor sign-in is on.';
              });
            }}
          >
            <p>
              Secret: <code class="secret">{offer.secret}</code>
            </p>
            <p>
              <a href={offer.otpauth_url}>Open in an authenticator app</a>
            </p>
            <Field label="Code from the app" id="code">
              <input id="code" name="code" inputMode="numeric" required />
            </Field>
            <button type="submit">Turn on</button>
          </form>
        )}
      </section>
      <section class="card stack" aria-labelledby="out-h">
        <h2 id="out-h">Sessions</h2>
        <button
          type="button"
          onClick={() =>
            void api('DELETE', '/sessions').then(() => location.assign('/admin/login'))
          }
        >
          Log out everywhere
        </button>
      </section>
    </>
  );
}
