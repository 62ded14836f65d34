import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { AppError } from '../../lib/errors.js';
import {
  createApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from './apikey.service.js';

describe('API key service', () => {
  let handle: TestDb;
  let now: Date;
  const clock = () => now;

  beforeEach(async () => {
    handle = await createTestDb();
    await migrateToLatest(handle.db);
    now = new Date('2026-01-15T10:00:00.000Z');
  });
  afterEach(async () => {
    await handle.close();
  });

  it('shows the key once and stores only its hash and prefix', async () => {
    const { key, apiKey } = await createApiKey(handle.db, clock, { name: ' CI ', role: 'admin' });
    expect(key).toMatch(/^deho_[A-Za-z0-9_-]{40}$/);
    expect(apiKey).toMatchObject({
      name: 'CI',
      role: 'admin',
      keyPrefix: key.slice(0, 13),
      revokedAt: null,
    });
    const row = await handle.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashApiKey(key));
    expect(Object.values(row)).not.toContain(key);
  });

  it('refuses an owner key and an empty name', async () => {
    await expect(
      createApiKey(handle.db, clock, { name: 'x', role: 'owner' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      property: 'role',
    });
    await expect(
      createApiKey(handle.db, clock, { name: '  ', role: 'admin' }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('verifies a good key and refuses unknown, malformed and revoked ones alike', async () => {
    const { key, apiKey } = await createApiKey(handle.db, clock, { name: 'CI', role: 'editor' });
    expect(await verifyApiKey(handle.db, clock, key)).toEqual({ id: apiKey.id, role: 'editor' });
    expect(
      await verifyApiKey(handle.db, clock, key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')),
    ).toBeUndefined();
    expect(await verifyApiKey(handle.db, clock, 'not a key')).toBeUndefined();
    await revokeApiKey(handle.db, clock, apiKey.id);
    expect(await verifyApiKey(handle.db, clock, key)).toBeUndefined();
  });

  it('records the last use at most once a minute', async () => {
    const { key, apiKey } = await createApiKey(handle.db, clock, { name: 'CI', role: 'admin' });
    const lastUsed = async () =>
      (
        await handle.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', apiKey.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    await verifyApiKey(handle.db, clock, key);
    expect(await lastUsed()).toBe('2026-01-15T10:00:00.000Z');
    now = new Date('2026-01-15T10:00:59.000Z');
    await verifyApiKey(handle.db, clock, key);
    expect(await lastUsed()).toBe('2026-01-15T10:00:00.000Z');
    now = new Date('2026-01-15T10:01:00.000Z');
    await verifyApiKey(handle.db, clock, key);
    expect(await lastUsed()).toBe('2026-01-15T10:01:00.000Z');
  });

  it('lists newest first without hashes; revoking twice keeps the first time; unknown id is not_found', async () => {
    const first = await createApiKey(handle.db, clock, { name: 'one', role: 'admin' });
    await createApiKey(handle.db, clock, { name: 'two', role: 'moderator' });
    const { apiKeys, total } = await listApiKeys(handle.db, { limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(apiKeys.map((k) => k.name)).toEqual(['two', 'one']);
    expect(JSON.stringify(apiKeys)).not.toContain(hashApiKey(first.key));
    const revoked = await revokeApiKey(handle.db, clock, first.apiKey.id);
    now = new Date('2026-02-01T00:00:00.000Z');
    expect((await revokeApiKey(handle.db, clock, first.apiKey.id)).revokedAt).toBe(
      revoked.revokedAt,
    );
    await expect(revokeApiKey(handle.db, clock, 999)).rejects.toMatchObject({ code: 'not_found' });
  });
});
