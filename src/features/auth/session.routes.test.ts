import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { base32Decode, totpAt } from './totp.js';

const BASE = '/api/admin/v1';
const OWNER = {
  email: 'owner@example.com',
  name: 'Olive Owner',
  password: 'correct horse battery',
};

interface SessionBody {
  session: { csrfToken: string; user: { id: number; email: string; role: string } };
}

/** Cookie name=value from a response's set-cookie header. */
function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const line = Array.isArray(raw) ? String(raw[0]) : String(raw);
  return line.split(';')[0] ?? '';
}

describe('staff sessions: setup, sign-in, CSRF, expiry, limits', () => {
  let t: TestApp;
  let now = new Date('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: () => now });
  });
  afterAll(async () => {
    await t.close();
  });

  const signIn = (
    email: string,
    password: string,
    extra: Record<string, string> = {},
    ip = '10.0.0.1',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email, password, ...extra },
      remoteAddress: ip,
    });

  it('opens first-run setup only while no account exists', async () => {
    expect((await t.app.inject({ url: `${BASE}/setup` })).json()).toEqual({
      setup: { needed: true },
    });
    const short = await t.app.inject({
      method: 'POST',
      url: `${BASE}/setup`,
      payload: { user: { ...OWNER, password: 'short' } },
    });
    expect(short.json()).toMatchObject({
      error: { code: 'validation_failed', property: 'password' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/setup`,
      payload: { user: OWNER },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<SessionBody>().session.user).toMatchObject({
      role: 'owner',
      email: OWNER.email,
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `${BASE}/setup`,
      payload: { user: { ...OWNER, email: 'x@example.com' } },
    });
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject({ url: `${BASE}/setup` })).json()).toEqual({
      setup: { needed: false },
    });
  });

  it('signs in with an HttpOnly SameSite=Lax cookie and a CSRF token; a new id every time', async () => {
    const first = await signIn(OWNER.email, OWNER.password);
    expect(first.statusCode).toBe(201);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/^deho_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const body = first.json<SessionBody>();
    expect(body.session.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(body)).not.toMatch(/password|totp_secret|hash/);
    const second = await signIn(OWNER.email, OWNER.password);
    expect(cookieOf(second)).not.toBe(cookieOf(first));
  });

  it('requires the CSRF token for cookie writes but not for reads, and checks Origin', async () => {
    const res = await signIn(OWNER.email, OWNER.password);
    const cookie = cookieOf(res);
    const csrf = res.json<SessionBody>().session.csrfToken;
    expect((await t.app.inject({ url: `${BASE}/api-keys`, headers: { cookie } })).statusCode).toBe(
      200,
    );
    const payload = { api_key: { name: 'CI', role: 'editor' } };
    const noToken = await t.app.inject({
      method: 'POST',
      url: `${BASE}/api-keys`,
      headers: { cookie },
      payload,
    });
    expect(noToken.statusCode).toBe(403);
    const wrong = await t.app.inject({
      method: 'POST',
      url: `${BASE}/api-keys`,
      headers: { cookie, 'x-csrf-token': 'x'.repeat(32) },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: `${BASE}/api-keys`,
      headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' },
      payload,
    });
    expect(crossSite.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: `${BASE}/api-keys`,
      headers: { cookie, 'x-csrf-token': csrf, origin: 'http://deho.test' },
      payload,
    });
    expect(ok.statusCode).toBe(201);
    // The key made through a session names its maker.
    expect(ok.json<{ api_key: { created_by: number } }>().api_key.created_by).toBe(
      res.json<SessionBody>().session.user.id,
    );
    // API keys need no CSRF token.
    const key = ok.json<{ api_key: { key: string } }>().api_key.key;
    const viaKey = await t.app.inject({
      method: 'POST',
      url: `${BASE}/articles`,
      headers: { authorization: `Bearer ${key}` },
      payload: { article: { title: 'By key' } },
    });
    expect(viaKey.statusCode).toBe(201);
  });

  it('logs out, logs out everywhere, and expires idle and old sessions', async () => {
    const a = await signIn(OWNER.email, OWNER.password);
    const b = await signIn(OWNER.email, OWNER.password);
    const get = (cookie: string) => t.app.inject({ url: `${BASE}/session`, headers: { cookie } });
    expect((await get(cookieOf(a))).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/session`,
      headers: { cookie: cookieOf(a), 'x-csrf-token': a.json<SessionBody>().session.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/deho_session=;/);
    expect((await get(cookieOf(a))).statusCode).toBe(401);
    expect((await get(cookieOf(b))).statusCode).toBe(200);

    const c = await signIn(OWNER.email, OWNER.password);
    const everywhere = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/sessions`,
      headers: { cookie: cookieOf(c), 'x-csrf-token': c.json<SessionBody>().session.csrfToken },
    });
    expect(everywhere.statusCode).toBe(204);
    expect((await get(cookieOf(b))).statusCode).toBe(401);
    expect((await get(cookieOf(c))).statusCode).toBe(401);

    const idle = await signIn(OWNER.email, OWNER.password);
    now = new Date(now.getTime() + 2 * 24 * 3600_000);
    expect((await get(cookieOf(idle))).statusCode).toBe(200);
    now = new Date(now.getTime() + 3 * 24 * 3600_000 + 1000);
    expect((await get(cookieOf(idle))).statusCode).toBe(401);

    const old = await signIn(OWNER.email, OWNER.password);
    for (let day = 0; day < 31; day += 2) {
      now = new Date(now.getTime() + 2 * 24 * 3600_000);
      if ((await get(cookieOf(old))).statusCode !== 200) break;
    }
    expect((await get(cookieOf(old))).statusCode).toBe(401);
  });

  it('answers the same for an unknown e-mail and a wrong password, then locks with growing delays', async () => {
    const unknown = await signIn('nobody@example.com', 'whatever password', {}, '10.0.0.2');
    const wrong = await signIn(OWNER.email, 'wrong password!', {}, '10.0.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    // The failure above was the first; four more reach the account's allowance of five.
    for (let i = 0; i < 4; i++) await signIn(OWNER.email, 'wrong password!', {}, '10.0.0.3');
    const locked = await signIn(OWNER.email, OWNER.password, {}, '10.0.0.4');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(locked.headers['retry-after']).toBe('600');
    // The same for an address nobody has an account with: no enumeration.
    for (let i = 0; i < 5; i++) await signIn('ghost@example.com', 'nope nope nope', {}, '10.0.0.5');
    const ghost = await signIn('ghost@example.com', 'nope nope nope', {}, '10.0.0.6');
    expect(ghost.statusCode).toBe(429);
    expect(ghost.headers['retry-after']).toBe('600');
    now = new Date(now.getTime() + 601_000);
    await signIn(OWNER.email, 'wrong password!', {}, '10.0.0.7');
    const longer = await signIn(OWNER.email, OWNER.password, {}, '10.0.0.7');
    expect(longer.headers['retry-after']).toBe('1200');
    now = new Date(now.getTime() + 1_201_000);
    expect((await signIn(OWNER.email, OWNER.password, {}, '10.0.0.7')).statusCode).toBe(201);
    // About fifteen scrypt runs at production cost: 20 s were not enough at load 13.
  }, 120_000);

  it('limits one address across accounts', async () => {
    for (let i = 0; i < 20; i++)
      await signIn(`user${i}@example.com`, 'nope nope nope', {}, '10.9.9.9');
    const res = await signIn(OWNER.email, OWNER.password, {}, '10.9.9.9');
    expect(res.statusCode).toBe(429);
    now = new Date(now.getTime() + 601_000);
    // 20 scrypt runs at production cost: up to a second each on a loaded machine.
  }, 120_000);

  it('turns on TOTP and then asks for the code at sign-in', async () => {
    const res = await signIn(OWNER.email, OWNER.password, {}, '10.1.0.1');
    const cookie = cookieOf(res);
    const csrf = res.json<SessionBody>().session.csrfToken;
    const headers = { cookie, 'x-csrf-token': csrf };
    const offer = await t.app.inject({ method: 'POST', url: `${BASE}/session/totp`, headers });
    const { secret, otpauth_url } = offer.json<{ totp: { secret: string; otpauth_url: string } }>()
      .totp;
    expect(otpauth_url).toMatch(/^otpauth:\/\/totp\//);
    const key = base32Decode(secret) ?? Buffer.alloc(0);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/session/totp`,
      headers,
      payload: { totp: { secret, code: '000000' } },
    });
    expect(bad.statusCode).toBe(400);
    const on = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/session/totp`,
      headers,
      payload: { totp: { secret, code: totpAt(key, now) } },
    });
    expect(on.statusCode).toBe(204);
    const ask = await signIn(OWNER.email, OWNER.password, {}, '10.1.0.2');
    expect(ask.statusCode).toBe(401);
    expect(ask.json()).toMatchObject({ error: { property: 'totp' } });
    // Each code is good once: the next step's code signs in, and the one after turns it off.
    now = new Date(now.getTime() + 30_000);
    const withCode = await signIn(
      OWNER.email,
      OWNER.password,
      { totp: totpAt(key, now) },
      '10.1.0.2',
    );
    expect(withCode.statusCode).toBe(201);
    now = new Date(now.getTime() + 30_000);
    const off = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/session/totp`,
      headers,
      payload: { code: totpAt(key, now) },
    });
    expect(off.statusCode).toBe(204);
    expect((await signIn(OWNER.email, OWNER.password, {}, '10.1.0.3')).statusCode).toBe(201);
  });

  it('accepts each authenticator code once (RFC 6238, 5.2)', async () => {
    const res = await signIn(OWNER.email, OWNER.password, {}, '10.1.1.1');
    const headers = {
      cookie: cookieOf(res),
      'x-csrf-token': res.json<SessionBody>().session.csrfToken,
    };
    const offer = await t.app.inject({ method: 'POST', url: `${BASE}/session/totp`, headers });
    const { secret } = offer.json<{ totp: { secret: string } }>().totp;
    const key = base32Decode(secret) ?? Buffer.alloc(0);
    const enabling = totpAt(key, now);
    const on = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/session/totp`,
      headers,
      payload: { totp: { secret, code: enabling } },
    });
    expect(on.statusCode).toBe(204);
    // The code that turned it on has been used: someone who saw it cannot sign in with it.
    const seen = await signIn(OWNER.email, OWNER.password, { totp: enabling }, '10.1.1.2');
    expect(seen.statusCode).toBe(401);
    expect(seen.json()).toMatchObject({
      error: {
        property: 'totp',
        message: 'That code was used already. Wait for the next one from your app.',
      },
    });
    now = new Date(now.getTime() + 30_000);
    const next = totpAt(key, now);
    expect((await signIn(OWNER.email, OWNER.password, { totp: next }, '10.1.1.2')).statusCode).toBe(
      201,
    );
    const again = await signIn(OWNER.email, OWNER.password, { totp: next }, '10.1.1.3');
    expect(again.statusCode).toBe(401);
    now = new Date(now.getTime() + 30_000);
    const off = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/session/totp`,
      headers,
      payload: { code: totpAt(key, now) },
    });
    expect(off.statusCode).toBe(204);
  });

  it('answers malformed sign-ins with 400', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      headers: { 'content-type': 'application/json' },
      payload: '{nope',
    });
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const missing = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 'a@b.c' },
    });
    expect(missing.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const wrongType = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 5, password: true },
    });
    expect(wrongType.statusCode).toBe(400);
  });
});
