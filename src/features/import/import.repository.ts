import type { DbOrTrx } from '../../db/database.js';
import { uniqueSlug } from '../../lib/slug.js';
import { withImportTables, type ImportEntity } from './import.table.js';

/*
 * The rows an import writes, and the record of where each came from. Every function takes the
 * import's transaction.
 */

export interface SourceKey {
  kind: string;
  site: string;
  entity: ImportEntity;
  sourceId: string;
}

export interface SourceRecord {
  entityId: number;
  hash: string | null;
  /** Digest of the Deho row as the last import left it (null: not recorded). */
  localHash: string | null;
  /** When the source item was last modified, as of the last import (null: unknown). */
  sourceModified: string | null;
}

export async function findSource(trx: DbOrTrx, key: SourceKey): Promise<SourceRecord | undefined> {
  const row = await withImportTables(trx)
    .selectFrom('import_sources')
    .select(['entity_id', 'source_hash', 'local_hash', 'source_modified'])
    .where('kind', '=', key.kind)
    .where('site', '=', key.site)
    .where('entity', '=', key.entity)
    .where('source_id', '=', key.sourceId)
    .executeTakeFirst();
  return (
    row && {
      entityId: row.entity_id,
      hash: row.source_hash,
      localHash: row.local_hash,
      sourceModified: row.source_modified,
    }
  );
}

/** Records the digest of the Deho row as this import left it. */
export async function recordLocalHash(
  trx: DbOrTrx,
  key: SourceKey,
  localHash: string,
): Promise<void> {
  await withImportTables(trx)
    .updateTable('import_sources')
    .set({ local_hash: localHash })
    .where('kind', '=', key.kind)
    .where('site', '=', key.site)
    .where('entity', '=', key.entity)
    .where('source_id', '=', key.sourceId)
    .execute();
}

export async function recordSource(
  trx: DbOrTrx,
  key: SourceKey,
  entityId: number,
  hash: string | null,
  now: string,
  sourceModified: string | null = null,
): Promise<void> {
  await withImportTables(trx)
    .insertInto('import_sources')
    .values({
      kind: key.kind,
      site: key.site,
      entity: key.entity,
      source_id: key.sourceId,
      entity_id: entityId,
      source_hash: hash,
      source_modified: sourceModified,
      imported_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['kind', 'site', 'entity', 'source_id']).doUpdateSet({
        entity_id: entityId,
        source_hash: hash,
        source_modified: sourceModified,
        imported_at: now,
      }),
    )
    .execute();
}

/** Whether a row of `table` with this id still exists (it may have been deleted since). */
export async function rowExists(
  trx: DbOrTrx,
  table: 'users' | 'articles' | 'pages' | 'comments' | 'media',
  id: number,
): Promise<boolean> {
  const row = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The tag with this slug, created with `name` (under `parentId`) when missing. */
export async function ensureTag(
  trx: DbOrTrx,
  slug: string,
  name: string,
  description: string,
  now: string,
  parentId: number | null = null,
): Promise<{ id: number; created: boolean }> {
  const found = await trx
    .selectFrom('tags')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (found) return { id: found.id, created: false };
  const row = await trx
    .insertInto('tags')
    .values({
      slug,
      name,
      description: description === '' ? null : description,
      parent_id: parentId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** A free user slug from `base` (a slug), with -2, -3 … as needed. */
export async function freeUserSlug(trx: DbOrTrx, base: string): Promise<string> {
  return uniqueSlug(
    base,
    async (s) =>
      (await trx.selectFrom('users').select('id').where('slug', '=', s).executeTakeFirst()) !==
      undefined,
    'author',
  );
}

/**
 * Records that `fromPath` moved to `toPath`.
 * @returns what happened: created, updated (pointed elsewhere before) or unchanged
 */
export async function upsertRedirect(
  trx: DbOrTrx,
  fromPath: string,
  toPath: string,
  now: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const found = await trx
    .selectFrom('redirects')
    .select(['id', 'to_path'])
    .where('from_path', '=', fromPath)
    .executeTakeFirst();
  if (found?.to_path === toPath) return 'unchanged';
  if (found) {
    await trx
      .updateTable('redirects')
      .set({ to_path: toPath })
      .where('id', '=', found.id)
      .execute();
    return 'updated';
  }
  await trx
    .insertInto('redirects')
    .values({ from_path: fromPath, to_path: toPath, status_code: 301, created_at: now })
    .execute();
  return 'created';
}
