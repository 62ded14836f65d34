import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { freePort } from '../../../test/helpers/server.js';
import { createUser } from './user.service.js';

const BASE = '/api/admin/v1';

interface Mail {
  to: string;
  text: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          text: raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function linkToken(text: string, path: string): string {
  const match = new RegExp(`${path}#([A-Za-z0-9_-]{43})`).exec(text);
  if (!match?.[1]) throw new Error(`No ${path} link in: ${text}`);
  return match[1];
}

async function signedIn(t: TestApp, email: string, password: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `${BASE}/session`,
    payload: { email, password },
  });
  expect(res.statusCode).toBe(201);
  return {
    cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
    'x-csrf-token': res.json<{ session: { csrfToken: string } }>().session.csrfToken,
  };
}

describe('users: invitations, roles, suspension, password reset', () => {
  let t: TestApp;
  let plain: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let owner: Record<string, string>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({
      demo: false,
      env: { DEHO_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    plain = await buildTestApp({ demo: false });
    for (const app of [t, plain]) {
      await createUser(app.db, app.clock, {
        email: 'owner@example.com',
        name: 'Owner',
        role: 'owner',
        password: 'owner password 1',
      });
    }
    owner = await signedIn(t, 'owner@example.com', 'owner password 1');
  });
  afterAll(async () => {
    await t.close();
    await plain.close();
    await smtp.close();
  });

  it('mails an invitation; the link works once and signs the colleague in', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/users`,
      headers: owner,
      payload: { user: { email: 'Ed@Example.com', name: 'Ed Editor', role: 'editor' } },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{
      user: { id: number; status: string; email: string };
      invitation: { sent: boolean; url?: string };
    }>();
    expect(body.user).toMatchObject({ status: 'invited', email: 'ed@example.com' });
    expect(body.invitation.sent).toBe(true);
    expect(body.invitation.url).toBeUndefined();
    const mail = smtp.mails.at(-1);
    expect(mail?.to).toBe('ed@example.com');
    const token = linkToken(mail?.text ?? '', '/admin/accept-invite');
    const accept = await t.app.inject({
      method: 'POST',
      url: `${BASE}/invitations/accept`,
      payload: { token, password: 'editor password 1' },
    });
    expect(accept.statusCode).toBe(201);
    expect(accept.json()).toMatchObject({
      session: { user: { role: 'editor', status: 'active' } },
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `${BASE}/invitations/accept`,
      payload: { token, password: 'another password' },
    });
    expect(again.statusCode).toBe(404);
    const dup = await t.app.inject({
      method: 'POST',
      url: `${BASE}/users`,
      headers: owner,
      payload: { user: { email: 'ed@example.com', name: 'Ed Again', role: 'author' } },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('returns the invitation link when no SMTP server is configured', async () => {
    const o = await signedIn(plain, 'owner@example.com', 'owner password 1');
    const res = await plain.app.inject({
      method: 'POST',
      url: `${BASE}/users`,
      headers: o,
      payload: { user: { email: 'mo@example.com', name: 'Mo', role: 'moderator' } },
    });
    const { invitation } = res.json<{ invitation: { sent: boolean; url: string } }>();
    expect(invitation.sent).toBe(false);
    expect(invitation.url).toMatch(/^http:\/\/deho\.test\/admin\/accept-invite#[A-Za-z0-9_-]{43}$/);
  });

  it('invites again an account that never accepted: a new link, the old one void', async () => {
    const o = await signedIn(plain, 'owner@example.com', 'owner password 1');
    const invited = await plain.app.inject({
      method: 'POST',
      url: `${BASE}/users`,
      headers: o,
      payload: { user: { email: 'kim@example.com', name: 'Kim Writer', role: 'author' } },
    });
    const { user, invitation: first } = invited.json<{
      user: { id: number };
      invitation: { url: string };
    }>();
    const again = await plain.app.inject({
      method: 'POST',
      url: `${BASE}/users/${user.id}/invitation`,
      headers: o,
    });
    expect(again.statusCode).toBe(200);
    const { invitation } = again.json<{ invitation: { sent: boolean; url: string } }>();
    expect(invitation.sent).toBe(false);
    expect(invitation.url).not.toBe(first.url);
    const accept = (url: string) =>
      plain.app.inject({
        method: 'POST',
        url: `${BASE}/invitations/accept`,
        payload: { token: linkToken(url, '/admin/accept-invite'), password: 'writer password 1' },
      });
    expect((await accept(first.url)).statusCode).toBe(404);
    expect((await accept(invitation.url)).statusCode).toBe(201);
    // Accepted: there is nothing to invite to any more.
    const late = await plain.app.inject({
      method: 'POST',
      url: `${BASE}/users/${user.id}/invitation`,
      headers: o,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json<{ error: { message: string } }>().error.message).toContain('reset link');
    const nobody = await plain.app.inject({
      method: 'POST',
      url: `${BASE}/users/999999/invitation`,
      headers: o,
    });
    expect(nobody.statusCode).toBe(404);
  });

  it('changes roles, suspends (ending sessions) and protects the owner', async () => {
    const list = await t.app.inject({ url: `${BASE}/users`, headers: owner });
    const ed = list
      .json<{ users: { id: number; email: string }[] }>()
      .users.find((u) => u.email === 'ed@example.com');
    const ownerRow = list
      .json<{ users: { id: number; role: string }[] }>()
      .users.find((u) => u.role === 'owner');
    if (ed === undefined || ownerRow === undefined) throw new Error('missing users');
    const edSession = await signedIn(t, 'ed@example.com', 'editor password 1');
    // An editor sees colleagues but not their e-mail addresses, and cannot manage them.
    const asEditor = await t.app.inject({
      url: `${BASE}/users`,
      headers: { cookie: edSession.cookie },
    });
    expect(
      asEditor
        .json<{ users: { id: number; email: string | null }[] }>()
        .users.find((u) => u.id === ownerRow.id)?.email,
    ).toBeNull();
    const patch = (id: number, user: Record<string, string>, who = owner) =>
      t.app.inject({
        method: 'PATCH',
        url: `${BASE}/users/${id}`,
        headers: who,
        payload: { user },
      });
    expect((await patch(ownerRow.id, { role: 'editor' }, edSession)).statusCode).toBe(403);
    expect((await patch(ownerRow.id, { status: 'suspended' })).statusCode).toBe(403);
    expect((await patch(ed.id, { role: 'owner' })).statusCode).toBe(400);
    expect((await patch(ed.id, { role: 'author' })).json()).toMatchObject({
      user: { role: 'author' },
    });
    expect((await patch(ed.id, { status: 'suspended' })).json()).toMatchObject({
      user: { status: 'suspended' },
    });
    expect(
      (await t.app.inject({ url: `${BASE}/session`, headers: { cookie: edSession.cookie } }))
        .statusCode,
    ).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 'ed@example.com', password: 'editor password 1' },
    });
    expect(login.statusCode).toBe(401);
    expect((await patch(ed.id, { status: 'active' })).statusCode).toBe(200);
    expect((await patch(NO_USER, { role: 'author' })).statusCode).toBe(404);
  });

  it('resets a password by mailed link, answering alike for unknown addresses', async () => {
    const ask = (email: string) =>
      t.app.inject({ method: 'POST', url: `${BASE}/password-reset`, payload: { email } });
    const before = smtp.mails.length;
    const unknown = await ask('nobody@example.com');
    const known = await ask('ed@example.com');
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    expect(smtp.mails.length).toBe(before + 1);
    const token = linkToken(smtp.mails.at(-1)?.text ?? '', '/admin/reset-password');
    const short = await t.app.inject({
      method: 'POST',
      url: `${BASE}/password-reset/confirm`,
      payload: { token, password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    // Someone else's guesses lock the account; setting a password through the link lifts that.
    const guess = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: `${BASE}/session`,
        payload: { email: 'ed@example.com', password },
        remoteAddress: '10.66.0.1',
      });
    for (let i = 0; i < 5; i++) await guess('not the password');
    expect((await guess('not the password')).statusCode).toBe(429);
    const ok = await t.app.inject({
      method: 'POST',
      url: `${BASE}/password-reset/confirm`,
      payload: { token, password: 'a brand new password' },
    });
    expect(ok.statusCode).toBe(204);
    await signedIn(t, 'ed@example.com', 'a brand new password');
  });
});

const NO_USER = 999_999;
