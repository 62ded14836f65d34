import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from './apikey.service.js';
import { createUser } from './user.service.js';

/*
 * Issue 17, item 1, as the attack was made: an admin (signed in, or through an admin API key)
 * asks for the owner's reset link, sets the owner's password with it, signs in as the owner and
 * downloads the export with every password hash and secret. Each step the attacker needs must
 * be refused at the first one, and the owner's password must still work afterwards.
 */

const BASE = '/api/admin/v1';
const OWNER = { email: 'owner@example.com', password: 'owner password 1' };
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };

async function signIn(t: TestApp, who: { email: string; password: string }) {
  const res = await t.app.inject({ method: 'POST', url: `${BASE}/session`, payload: who });
  return res;
}

function sessionHeaders(res: Awaited<ReturnType<typeof signIn>>): Record<string, string> {
  return {
    cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
    'x-csrf-token': res.json<{ session: { csrfToken: string } }>().session.csrfToken,
  };
}

describe('an admin cannot take over the owner (issue 17.1)', () => {
  let t: TestApp;
  let ownerId: number;
  const attackers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    ownerId = (await createUser(t.db, t.clock, { ...OWNER, name: 'Owner', role: 'owner' })).id;
    await createUser(t.db, t.clock, { ...ADMIN, name: 'Admin', role: 'admin' });
    attackers['admin session'] = sessionHeaders(await signIn(t, ADMIN));
    const { key } = await createApiKey(t.db, t.clock, { name: 'ci', role: 'admin' });
    attackers['admin API key'] = { authorization: `Bearer ${key}` };
  });
  afterAll(async () => {
    await t.close();
  });

  for (const attacker of ['admin session', 'admin API key']) {
    it(`${attacker}: no reset link for the owner, so no owner session and no export`, async () => {
      // The attack, step by step, recorded without stopping so that a failure shows how far it got.
      const link = await t.app.inject({
        method: 'POST',
        url: `${BASE}/users/${ownerId}/password-reset`,
        headers: attackers[attacker],
      });
      const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(link.body)?.[1] ?? 'x'.repeat(43);
      const confirm = await t.app.inject({
        method: 'POST',
        url: `${BASE}/password-reset/confirm`,
        payload: { token, password: 'taken over by admin' },
      });
      const asOwner = await signIn(t, { email: OWNER.email, password: 'taken over by admin' });
      const exported =
        asOwner.statusCode === 201
          ? await t.app.inject({ url: `${BASE}/export`, headers: sessionHeaders(asOwner) })
          : undefined;
      expect({
        resetLink: link.statusCode,
        linkInAnswer: link.body.includes('reset-password#'),
        passwordSet: confirm.statusCode,
        signedInAsOwner: asOwner.statusCode,
        exportWithHashes: exported?.body.includes('scrypt$') ?? false,
      }).toEqual({
        resetLink: 403,
        linkInAnswer: false,
        passwordSet: 404,
        signedInAsOwner: 401,
        exportWithHashes: false,
      });
      expect(link.json()).toMatchObject({ error: { code: 'forbidden' } });
      // The owner's own password still works.
      expect((await signIn(t, OWNER)).statusCode).toBe(201);
    });
  }
});
