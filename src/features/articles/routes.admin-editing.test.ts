import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createUser } from '../auth/index.js';

/*
 * Issue 18: "Two editors on one article: the second sees who else is editing". Two people's
 * sessions send the editor's heartbeat; each is told about the other, not about themselves, and
 * nobody once they closed the editor or stopped beating for a minute.
 */
const BASE = '/api/admin/v1';
const PASSWORD = 'a long enough password 1';

describe('who else is editing an article', () => {
  let t: TestApp;
  let now = new Date('2026-12-08T09:00:00Z');
  let article = 0;
  const sessions: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: () => now });
    for (const [name, email, role] of [
      ['Ana Writer', 'ana@example.com', 'editor'],
      ['Ben Reporter', 'ben@example.com', 'author'],
      ['Mo Moderator', 'mo@example.com', 'moderator'],
    ] as const) {
      await createUser(t.db, t.clock, { name, email, role, password: PASSWORD });
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/session`,
        payload: { email, password: PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(201);
      sessions[email] = {
        cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': res.json<{ session: { csrfToken: string } }>().session.csrfToken,
      };
    }
    const created = await t.app.inject({
      method: 'POST',
      url: `${BASE}/articles`,
      headers: sessions['ana@example.com'],
      payload: { article: { title: 'Queen of Tears finale ratings' } },
    });
    article = created.json<{ article: { id: number } }>().article.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const beat = (email: string, id = article) =>
    t.app.inject({
      method: 'PUT',
      url: `${BASE}/articles/${id}/editing`,
      headers: sessions[email],
    });
  const others = async (email: string) => {
    const res = await beat(email);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ editing: { others: { name: string }[] } }>()
      .editing.others.map((o) => o.name);
  };

  it('tells each of two writers about the other, never about themselves', async () => {
    expect(await others('ana@example.com')).toEqual([]);
    expect(await others('ben@example.com')).toEqual(['Ana Writer']);
    expect(await others('ana@example.com')).toEqual(['Ben Reporter']);
  });

  it('forgets a writer who closed the editor, or whose heartbeats stopped a minute ago', async () => {
    const closed = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/articles/${article}/editing`,
      headers: sessions['ben@example.com'],
    });
    expect(closed.statusCode).toBe(204);
    expect(await others('ana@example.com')).toEqual([]);
    await beat('ben@example.com');
    now = new Date(now.getTime() + 61_000);
    expect(await others('ana@example.com')).toEqual([]);
  });

  it('answers 404 for an article that does not exist, 403 for a moderator, 401 without a session', async () => {
    expect((await beat('ana@example.com', 987_654)).statusCode).toBe(404);
    expect((await beat('ana@example.com', 0)).statusCode).toBe(400);
    expect((await beat('mo@example.com')).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: `${BASE}/articles/${article}/editing`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
