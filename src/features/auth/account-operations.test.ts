import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TEST_DIALECT } from '../../../test/helpers/db.js';
import { createApiKey, hashApiKey } from './apikey.service.js';
import type { Role } from './auth.table.js';
import { hashPassword } from './password.js';
import { startSession } from './session.service.js';
import { newTotpSecret } from './totp.js';
import { insertUser } from './user.repository.js';
import { until } from '../../../test/helpers/poll.js';

/*
 * The operations on other accounts beyond the hierarchy matrix (account-hierarchy.test.ts):
 * which roles each actor may give by invitation, and what each new operation does to the
 * account (deletion and bylines, e-mail changes and reset links, a lost phone).
 */

const BASE = '/api/admin/v1';
const PASSWORD = 'staff password 1';

describe('operations on other accounts', () => {
  let t: TestApp;
  let passwordHash: string;
  let counter = 0;
  const as: Record<string, Record<string, string>> = {};

  async function account(
    role: Role,
    options: { status?: 'active' | 'invited'; totp?: boolean } = {},
  ): Promise<{ id: number; email: string; headers: Record<string, string> }> {
    const n = ++counter;
    const now = t.clock().toISOString();
    const email = `staff-${n}@example.com`;
    const id = await insertUser(t.db, {
      email,
      name: `Staff ${n}`,
      slug: `staff-${n}`,
      role,
      status: options.status ?? 'active',
      password_hash: options.status === 'invited' ? null : passwordHash,
      bio: null,
      totp_secret: options.totp === true ? newTotpSecret() : null,
      created_at: now,
      updated_at: now,
    });
    const session = await startSession(t.db, t.clock, id, { ip: null, userAgent: null });
    return {
      id,
      email,
      headers: { cookie: `deho_session=${session.cookieValue}`, 'x-csrf-token': session.csrfToken },
    };
  }

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    passwordHash = await hashPassword(PASSWORD);
    for (const role of ['owner', 'admin', 'editor', 'moderator'] as const) {
      as[role] = (await account(role)).headers;
    }
    const { key } = await createApiKey(t.db, t.clock, { name: 'ops', role: 'admin' });
    as['admin key'] = { authorization: `Bearer ${key}` };
  });
  afterAll(async () => {
    await t.close();
  });

  it('invites only below one’s own rank: only the owner makes admins', async () => {
    const gives: Record<string, Role[]> = {
      owner: ['admin', 'editor', 'author', 'contributor', 'moderator'],
      admin: ['editor', 'author', 'contributor', 'moderator'],
      'admin key': ['editor', 'author', 'contributor', 'moderator'],
      editor: [],
      moderator: [],
    };
    for (const [actor, roles] of Object.entries(gives)) {
      for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as const) {
        const email = `invited-${++counter}@example.com`;
        const res = await t.app.inject({
          method: 'POST',
          url: `${BASE}/users`,
          headers: as[actor],
          payload: { user: { email, name: 'Invited', role } },
        });
        const cell = `${actor} invites ${role}: ${res.body}`;
        const yes = roles.includes(role);
        expect(res.statusCode, cell).toBe(yes ? 201 : 403);
        const row = await t.db
          .selectFrom('users')
          .select(['role', 'status'])
          .where('email', '=', email)
          .executeTakeFirst();
        expect(row, cell).toEqual(yes ? { role, status: 'invited' } : undefined);
      }
    }
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/users`,
      headers: as.admin,
      payload: { user: { email: 'x@example.com', name: 'X', role: 'admin' } },
    });
    expect(res.json()).toEqual({
      error: { code: 'forbidden', message: 'Only the owner can make someone an admin.' },
    });
  });

  it('keeps an account whose name is a byline, and deletes one that is not', async () => {
    const writer = await account('author');
    const article = await t.app.inject({
      method: 'POST',
      url: `${BASE}/articles`,
      headers: writer.headers,
      payload: { article: { title: 'A byline to keep' } },
    });
    expect(article.statusCode).toBe(201);
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/users/${writer.id}`,
      headers: as.admin,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
      /author of 1 article; suspend the account instead/,
    );
    const kept = await t.db.selectFrom('users').select('id').where('id', '=', writer.id).execute();
    expect(kept).toHaveLength(1);

    // A pending invitation goes the same way, and its link with it.
    const invited = await account('editor', { status: 'invited' });
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/users/${invited.id}`,
      headers: as.admin,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.db.selectFrom('users').select('id').where('id', '=', invited.id).execute();
    expect(gone).toHaveLength(0);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/users/${invited.id}`,
      headers: as.admin,
    });
    expect(again.statusCode).toBe(404);
  });

  it('changes an e-mail address: old reset links stop working, taken addresses are refused', async () => {
    const ed = await account('editor');
    const link = await t.app.inject({
      method: 'POST',
      url: `${BASE}/users/${ed.id}/password-reset`,
      headers: as.admin,
    });
    const token = /reset-password#([A-Za-z0-9_-]{43})/.exec(link.body)?.[1] ?? '';
    const patch = (id: number, email: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `${BASE}/users/${id}`,
        headers: as.admin,
        payload: { user: { email } },
      });
    const moved = await patch(ed.id, ' Ed.New@Example.com ');
    expect(moved.json()).toMatchObject({ user: { email: 'ed.new@example.com' } });
    const use = await t.app.inject({
      method: 'POST',
      url: `${BASE}/password-reset/confirm`,
      payload: { token, password: 'a password for the old box' },
    });
    expect(use.statusCode).toBe(404);
    const other = await account('author');
    expect((await patch(other.id, 'ed.new@example.com')).statusCode).toBe(409);
    expect((await patch(other.id, 'not an address')).json()).toMatchObject({
      error: { code: 'validation_failed', property: 'email' },
    });
    const invited = await account('author', { status: 'invited' });
    expect((await patch(invited.id, 'elsewhere@example.com')).json()).toMatchObject({
      error: { code: 'validation_failed', property: 'email' },
    });
    const signIn = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 'ed.new@example.com', password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(201);
  });

  it('changes one’s own e-mail address only with the current password', async () => {
    const me = await account('editor');
    const change = (current_password: string, email: string) =>
      t.app.inject({
        method: 'PUT',
        url: `${BASE}/session/email`,
        headers: me.headers,
        payload: { email, current_password },
      });
    expect((await change('not my password', 'mine@example.com')).json()).toMatchObject({
      error: { code: 'validation_failed', property: 'current_password' },
    });
    const taken = await account('author');
    expect((await change(PASSWORD, taken.email)).statusCode).toBe(409);
    const ok = await change(PASSWORD, 'Mine@Example.com');
    expect(ok.json()).toMatchObject({ session: { user: { email: 'mine@example.com' } } });
    const key = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/session/email`,
      headers: as['admin key'],
      payload: { email: 'key@example.com', current_password: PASSWORD },
    });
    expect(key.statusCode).toBe(404);
  });

  it('after a lost phone, two-factor is off, sessions end, and the password alone signs in', async () => {
    const mo = await account('moderator', { totp: true });
    const withoutCode = { email: mo.email, password: PASSWORD };
    const before = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: withoutCode,
    });
    expect(before.json()).toMatchObject({ error: { code: 'unauthorized', property: 'totp' } });
    const reset = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/users/${mo.id}/totp`,
      headers: as.owner,
    });
    expect(reset.statusCode).toBe(204);
    expect((await t.app.inject({ url: `${BASE}/session`, headers: mo.headers })).statusCode).toBe(
      401,
    );
    const after = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: withoutCode,
    });
    expect(after.statusCode).toBe(201);
    expect(after.json()).toMatchObject({ session: { user: { totp_enabled: false } } });
  });

  it('signs a colleague out everywhere and says how many sessions ended', async () => {
    const au = await account('author');
    await startSession(t.db, t.clock, au.id, { ip: null, userAgent: null });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/users/${au.id}/sessions`,
      headers: as['admin key'],
    });
    expect(res.json()).toEqual({ sessions: { ended: 2 } });
    expect((await t.app.inject({ url: `${BASE}/session`, headers: au.headers })).statusCode).toBe(
      401,
    );
  });

  it('never lets a key act as the owner, even one written into the table by hand', async () => {
    const key = `deho_${'A'.repeat(40)}`;
    await t.db
      .insertInto('api_keys')
      .values({
        name: 'forged',
        role: 'owner',
        key_hash: hashApiKey(key),
        key_prefix: key.slice(0, 13),
        created_by: null,
        created_at: t.clock().toISOString(),
      })
      .execute();
    const headers = { authorization: `Bearer ${key}` };
    expect((await t.app.inject({ url: `${BASE}/export`, headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${BASE}/users`, headers })).statusCode).toBe(401);
  });

  // PostgreSQL runs requests side by side: the check must see the role the write will act on.
  it.runIf(TEST_DIALECT === 'postgres')(
    'does not act on an account promoted to admin while the request waited',
    async () => {
      const target = await account('editor');
      const other = new pg.Client({ connectionString: t.handle.databaseUrl });
      await other.connect();
      try {
        await other.query('begin');
        await other.query("update users set role = 'admin' where id = $1", [target.id]);
        const suspend = t.app.inject({
          method: 'PATCH',
          url: `${BASE}/users/${target.id}`,
          headers: as.admin,
          payload: { user: { status: 'suspended' } },
        });
        // Poll until the request waits for the promotion's row lock, then let the promotion in.
        await until(
          async () =>
            (
              await other.query(
                "select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
              )
            ).rowCount !== 0,
        );
        await other.query('commit');
        const res = await suspend;
        expect(res.statusCode, res.body).toBe(403);
        const row = await t.db
          .selectFrom('users')
          .select(['role', 'status'])
          .where('id', '=', target.id)
          .executeTakeFirst();
        expect(row).toEqual({ role: 'admin', status: 'active' });
      } finally {
        await other.end();
      }
    },
  );
});
