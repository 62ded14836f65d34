import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { CommentSettingsForm } from './screens-comment-settings.js';
import { givableRoles, managesAccount, MAY, type Me, type Role } from './types.js';
import { Field, field, LinkNotice, Notice, when } from './ui.js';

/* Staff, API keys, settings and account screens. */

interface UserRow {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  status: string;
  totp_enabled: boolean;
}

/** What an action on the Staff screen says: a sentence, or a sentence and a link to pass on. */
type StaffMessage = string | { text: string; link: string };

/** What the owner or an admin may do to a colleague's account (only shown where allowed). */
function AccountActions({
  user,
  run,
}: {
  user: UserRow;
  run: (work: () => Promise<StaffMessage>) => void;
}) {
  const u = user;
  const next = u.status === 'suspended' ? 'active' : 'suspended';
  return (
    <>
      {u.status !== 'invited' && (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              await api('PATCH', `/users/${u.id}`, { user: { status: next } });
              return `${u.name}: ${next}.`;
            })
          }
        >
          {u.status === 'suspended' ? `Reactivate ${u.name}` : `Suspend ${u.name}`}
        </button>
      )}
      {u.status === 'invited' && (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              const r = await api<{ invitation: { sent: boolean; url?: string } }>(
                'POST',
                `/users/${u.id}/invitation`,
              );
              return r.invitation.sent
                ? `A new invitation is on its way to ${u.email ?? u.name}; the earlier link no longer works.`
                : {
                    text: `No mail server is set up. Send ${u.name} this link yourself (it works once, for 7 days):`,
                    link: r.invitation.url ?? '',
                  };
            })
          }
        >
          Invite {u.name} again
        </button>
      )}
      {u.status === 'active' && (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              const r = await api<{ password_reset: { url?: string } }>(
                'POST',
                `/users/${u.id}/password-reset`,
              );
              return {
                text: `Reset link for ${u.name} (works once, for one hour):`,
                link: r.password_reset.url ?? '',
              };
            })
          }
        >
          Reset link for {u.name}
        </button>
      )}
      {u.status === 'active' && (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              const r = await api<{ sessions: { ended: number } }>(
                'DELETE',
                `/users/${u.id}/sessions`,
              );
              return `${u.name} is signed out (${r.sessions.ended} session(s) ended).`;
            })
          }
        >
          Sign out {u.name}
        </button>
      )}
      {u.totp_enabled && (
        <button
          type="button"
          onClick={() =>
            run(async () => {
              await api('DELETE', `/users/${u.id}/totp`);
              return `Two-factor sign-in is off for ${u.name}; they can set it up again.`;
            })
          }
        >
          Turn off two-factor for {u.name}
        </button>
      )}
      <button
        type="button"
        class="danger"
        onClick={() => {
          if (!confirm(`Delete the account of ${u.name}? This cannot be undone.`)) return;
          run(async () => {
            await api('DELETE', `/users/${u.id}`);
            return `${u.name}'s account is deleted.`;
          });
        }}
      >
        Delete {u.name}
      </button>
    </>
  );
}

export function UsersScreen({ me }: { me: Me }) {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [message, setMessage] = useState<StaffMessage>('');
  const [tick, setTick] = useState(0);
  const manage = MAY.manage.includes(me.role);
  useEffect(() => {
    api<{ users: UserRow[] }>('GET', '/users?limit=100')
      .then((d) => setUsers(d.users))
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [tick]);
  const run = async (work: () => Promise<StaffMessage>) => {
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
        : {
            text: 'No mail server is set up. Send this link yourself (it works once, for 7 days):',
            link: r.invitation.url ?? '',
          };
    });
  };
  return (
    <>
      <h1>Staff</h1>
      {typeof message === 'string' ? <Notice text={message} /> : <LinkNotice {...message} />}
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
                {managesAccount(me, u) ? (
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
                    {givableRoles(me).map((r) => (
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
                  {managesAccount(me, u) && <AccountActions user={u} run={(w) => void run(w)} />}
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
              {givableRoles(me)
                .reverse()
                .map((r) => (
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
      <CommentSettingsForm />
    </>
  );
}
