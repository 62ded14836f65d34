import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, setCsrf } from './api.js';
import { Field, field, Notice } from './ui.js';

/*
 * One's own account: the sign-in e-mail, the password, two-factor sign-in (its state, turning it
 * on with an authenticator app and off with a code from it) and signing out everywhere.
 */

interface Own {
  email: string | null;
  totp_enabled: boolean;
}

interface SessionAnswer {
  session: { csrfToken: string; user: Own };
}

export function AccountScreen() {
  const [own, setOwn] = useState<Own>();
  const [message, setMessage] = useState({ text: '', kind: 'info' as 'info' | 'error' });
  const [offer, setOffer] = useState<{ secret: string; otpauth_url: string }>();
  const reload = () =>
    api<SessionAnswer>('GET', '/session')
      .then((d) => setOwn(d.session.user))
      .catch((e: unknown) => setMessage({ text: messageOf(e), kind: 'error' }));
  useEffect(() => void reload(), []);
  /** Runs one change; its answer (or why it failed) is the screen's notice. */
  const run = async (form: HTMLFormElement | undefined, work: () => Promise<string>) => {
    try {
      const text = await work();
      setMessage({ text, kind: 'info' });
      form?.reset();
    } catch (e) {
      setMessage({ text: messageOf(e), kind: 'error' });
    }
  };
  if (own === undefined) {
    return (
      <>
        <h1>Your account</h1>
        <Notice text={message.text} kind={message.kind} />
      </>
    );
  }
  return (
    <>
      <h1>Your account</h1>
      <Notice text={message.text} kind={message.kind} />

      <form
        class="card stack"
        aria-labelledby="email-h"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          void run(form, async () => {
            const answer = await api<SessionAnswer>('PUT', '/session/email', {
              email: field(data, 'email'),
              current_password: field(data, 'email_password'),
            });
            setOwn(answer.session.user);
            return `You now sign in as ${answer.session.user.email ?? ''}.`;
          });
        }}
      >
        <h2 id="email-h">Sign-in e-mail</h2>
        <p>You sign in as {own.email}.</p>
        <Field label="New e-mail address" id="email">
          <input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Your current password" id="email_password">
          <input
            id="email_password"
            name="email_password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit">Change e-mail</button>
      </form>

      <form
        class="card stack"
        aria-labelledby="password-h"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          void run(form, async () => {
            const answer = await api<SessionAnswer>('POST', '/session/password', {
              current_password: field(data, 'current_password'),
              new_password: field(data, 'new_password'),
            });
            // Every session ended with the old password; this page goes on in a new one.
            setCsrf(answer.session.csrfToken);
            return 'Password changed. You are signed out everywhere else.';
          });
        }}
      >
        <h2 id="password-h">Password</h2>
        <Field label="Current password" id="current_password">
          <input
            id="current_password"
            name="current_password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <Field
          label="New password"
          id="new_password"
          hint="At least 10 characters, and not easy to guess: a few words that do not belong together work well."
        >
          <input
            id="new_password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            aria-describedby="new_password-hint"
          />
        </Field>
        <button type="submit">Change password</button>
      </form>

      <section class="card stack" aria-labelledby="totp-h">
        <h2 id="totp-h">Two-factor sign-in</h2>
        {own.totp_enabled ? (
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const code = field(new FormData(form), 'off_code');
              void run(form, async () => {
                await api('DELETE', '/session/totp', { code });
                setOwn({ ...own, totp_enabled: false });
                return 'Two-factor sign-in is off. Signing in needs only your password.';
              });
            }}
          >
            <p data-testid="totp-state">
              Two-factor sign-in is on: signing in asks for a code from your authenticator app.
            </p>
            <Field label="Code from the app, to turn it off" id="off_code">
              <input
                id="off_code"
                name="off_code"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
            </Field>
            <button type="submit" class="danger">
              Turn off two-factor sign-in
            </button>
          </form>
        ) : offer === undefined ? (
          <>
            <p data-testid="totp-state">Two-factor sign-in is off.</p>
            <button
              type="button"
              onClick={() =>
                void run(undefined, async () => {
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
          </>
        ) : (
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              const code = field(new FormData(e.currentTarget), 'code');
              void run(undefined, async () => {
                await api('PUT', '/session/totp', { totp: { secret: offer.secret, code } });
                setOffer(undefined);
                setOwn({ ...own, totp_enabled: true });
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
              <input
                id="code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
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
