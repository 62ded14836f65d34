import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey, hashApiKey } from './apikey.service.js';

const BASE = '/api/admin/v1';

describe('Admin API authentication and /api-keys', () => {
  let t: TestApp;
  let adminKey: string;
  let editorKey: string;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    adminKey = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
    editorKey = (await createApiKey(t.db, t.clock, { name: 'editor', role: 'editor' })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (key?: string, url = `${BASE}/api-keys`) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    });

  it('answers 401 JSON without a key', async () => {
    const res = await get();
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('answers 401 before routing, also for unknown paths', async () => {
    expect((await get(undefined, `${BASE}/nothing-here`)).statusCode).toBe(401);
  });

  it('answers 401 for a wrong key and for a malformed header', async () => {
    expect((await get('deho_' + 'x'.repeat(40))).json()).toMatchObject({
      error: { code: 'unauthorized' },
    });
    const basic = await t.app.inject({
      method: 'GET',
      url: `${BASE}/api-keys`,
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('lists keys for an admin key, never with hashes or secrets', async () => {
    const res = await get(adminKey);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      api_keys: Record<string, unknown>[];
      meta: { pagination: Record<string, number> };
    }>();
    expect(body.meta.pagination).toEqual({ page: 1, limit: 50, pages: 1, total: 2 });
    expect(Object.keys(body.api_keys[0] ?? {}).sort()).toEqual(
      [
        'created_at',
        'created_by',
        'id',
        'key_prefix',
        'last_used_at',
        'name',
        'revoked_at',
        'role',
      ].sort(),
    );
    expect(res.body).not.toContain(hashApiKey(adminKey));
    expect(res.body).not.toContain(adminKey);
  });

  it('forbids key management to an editor key (403, not 401)', async () => {
    const res = await get(editorKey);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('creates a key that works at once, revokes it, and then refuses it like an unknown key', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `${BASE}/api-keys`,
      headers: { authorization: `Bearer ${adminKey}` },
      payload: { api_key: { name: 'Importer', role: 'admin' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { api_key } = created.json<{
      api_key: { id: number; key: string; name: string; key_prefix: string };
    }>();
    expect(api_key.key).toMatch(/^deho_/);
    expect(api_key.key.startsWith(api_key.key_prefix)).toBe(true);
    expect((await get(api_key.key)).statusCode).toBe(200);

    const unknown = await get('deho_' + 'y'.repeat(40));
    const del = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/api-keys/${api_key.id}`,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(del.statusCode).toBe(204);
    const revoked = await get(api_key.key);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toEqual(unknown.json());
  });

  it('answers 4xx for bad input', async () => {
    const post = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `${BASE}/api-keys`,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    expect((await post({ api_key: { name: 'x', role: 'owner' } })).statusCode).toBe(400);
    expect((await post({ api_key: { role: 'admin' } })).json()).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect((await post('{nope')).json()).toMatchObject({ error: { code: 'invalid_json' } });
    const auth = { authorization: `Bearer ${adminKey}` };
    expect(
      (await t.app.inject({ method: 'DELETE', url: `${BASE}/api-keys/999`, headers: auth }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `${BASE}/api-keys/abc`, headers: auth }))
        .statusCode,
    ).toBe(400);
    expect((await get(adminKey, `${BASE}/api-keys?limit=10000`)).statusCode).toBe(400);
  });
});
