import type { DbOrTrx } from '../../db/database.js';
import type { ApiKeyTable } from './auth.table.js';
import type { Insertable } from 'kysely';

/**
 * The columns of an API key that may leave this module. `key_hash` is deliberately absent:
 * lists and lookups for display never read it.
 */
const PUBLIC_COLUMNS = [
  'id',
  'name',
  'role',
  'key_prefix',
  'created_by',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

/** Inserts a key row. @returns its id */
export async function insertApiKey(db: DbOrTrx, row: Insertable<ApiKeyTable>): Promise<number> {
  const inserted = await db
    .insertInto('api_keys')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The key row whose hash is `keyHash`, revoked or not (the caller decides). */
export function findApiKeyByHash(db: DbOrTrx, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .select([...PUBLIC_COLUMNS, 'key_hash'])
    .where('key_hash', '=', keyHash)
    .executeTakeFirst();
}

/** One key without its hash. */
export function findApiKeyById(db: DbOrTrx, id: number) {
  return db.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A page of keys without their hashes, newest first. */
export function listApiKeyRows(db: DbOrTrx, page: { limit: number; offset: number }) {
  return db
    .selectFrom('api_keys')
    .select(PUBLIC_COLUMNS)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many keys exist, revoked ones included. */
export async function countApiKeys(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a key revoked unless it already is; a second revoke keeps the first time. */
export async function markApiKeyRevoked(db: DbOrTrx, id: number, now: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Records a use of the key, unless one was already recorded at or after `staleBefore`. The
 * condition sits in the UPDATE itself so that concurrent requests write at most once.
 */
export async function touchApiKey(
  db: DbOrTrx,
  id: number,
  now: string,
  staleBefore: string,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export type ApiKeyListRow = Awaited<ReturnType<typeof listApiKeyRows>>[number];
