import { useState } from 'preact/hooks';
import { api, ApiError, messageOf, setCsrf } from './api.js';
import { Field, field, Notice } from './ui.js';

/* Screens before sign-in: setup, sign-in, forgot password, invitation and reset links. */

interface SessionAnswer {
  session: { csrfToken: string };
}

function after(answer: SessionAnswer): void {
  setCsrf(answer.session.csrfToken);
  // A full load: the server renders the shell with the new session.
  location.assign('/admin/articles');
}

function Frame(props: { title: string; children: preact.ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}

export function LoginScreen() {
  const [error, setError] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      after(
        await api<SessionAnswer>('POST', '/session', {
          email: field(form, 'email'),
          password: field(form, 'password'),
          ...(needTotp && { totp: field(form, 'totp') }),
        }),
      );
    } catch (e) {
      if (e instanceof ApiError && e.property === 'totp') setNeedTotp(true);
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Frame title="Sign in">
      <form onSubmit={(e) => void submit(e)} class="stack">
        <Field label="E-mail" id="email">
          <input id="email" name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label="Password" id="password">
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        {needTotp && (
          <Field label="Code from your authenticator app" id="totp">
            <input
              id="totp"
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              required
            />
          </Field>
        )}
        <Notice text={error} kind="error" />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        <a href="/admin/forgot-password">Forgot your password?</a>
      </p>
    </Frame>
  );
}

export function SetupScreen() {
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      after(
        await api<SessionAnswer>('POST', '/setup', {
          user: {
            name: field(form, 'name'),
            email: field(form, 'email'),
            password: field(form, 'password'),
          },
          ...(field(form, 'site-title').trim() !== '' && {
            site: { title: field(form, 'site-title') },
          }),
        }),
      );
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Frame title="Set up your newsroom">
      <p>Name your site and create the owner account. You can invite colleagues afterwards.</p>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <Field
          label="Site name"
          id="site-title"
          hint="Shown at the top of every page. Left empty, the site is called Deho until you change it in Settings."
        >
          <input
            id="site-title"
            name="site-title"
            maxLength={100}
            autoComplete="organization"
            aria-describedby="site-title-hint"
          />
        </Field>
        <Field label="Your name" id="name">
          <input id="name" name="name" required maxLength={100} />
        </Field>
        <Field label="E-mail" id="email">
          <input id="email" name="email" type="email" autoComplete="username" required />
        </Field>
        <Field
          label="Password"
          id="password"
          hint="At least 10 characters, and not easy to guess: a few words that do not belong together work well."
        >
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            aria-describedby="password-hint"
          />
        </Field>
        <Notice text={error} kind="error" />
        <button type="submit">Create the owner account</button>
      </form>
    </Frame>
  );
}

export function ForgotScreen() {
  const [done, setDone] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await api('POST', '/password-reset', { email: field(form, 'email') });
      setDone('If that address has an account, a reset link is on its way.');
    } catch (e) {
      setDone(messageOf(e));
    }
  };
  return (
    <Frame title="Reset your password">
      <form onSubmit={(e) => void submit(e)} class="stack">
        <Field label="E-mail" id="email">
          <input id="email" name="email" type="email" required />
        </Field>
        <Notice text={done} />
        <button type="submit">Send a reset link</button>
      </form>
    </Frame>
  );
}

/** Choosing a password from an invitation or reset link (the token is in the URL fragment). */
export function TokenPasswordScreen({ kind }: { kind: 'invite' | 'reset' }) {
  const [message, setMessage] = useState('');
  const token = location.hash.slice(1);
  const submit = async (event: Event) => {
    event.preventDefault();
    const password = field(new FormData(event.currentTarget as HTMLFormElement), 'password');
    try {
      if (kind === 'invite') {
        after(await api<SessionAnswer>('POST', '/invitations/accept', { token, password }));
      } else {
        await api('POST', '/password-reset/confirm', { token, password });
        location.assign('/admin/login');
      }
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <Frame title={kind === 'invite' ? 'Join the newsroom' : 'Choose a new password'}>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <Field
          label="New password"
          id="password"
          hint="At least 10 characters, and not easy to guess: a few words that do not belong together work well."
        >
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            aria-describedby="password-hint"
          />
        </Field>
        <Notice text={message} kind="error" />
        <button type="submit">
          {kind === 'invite' ? 'Accept the invitation' : 'Save the password'}
        </button>
      </form>
    </Frame>
  );
}
