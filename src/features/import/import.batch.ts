import { PostgresAdapter, sql, type Insertable } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import type { SourceKey, SourceRecord } from './import.repository.js';
import { withImportTables } from './import.table.js';

/*
 * The import's writes of many rows at once. On PostgreSQL every statement is a round trip to the
 * server, and an import that wrote a post's comments, tags and redirects one row at a time was
 * 4.3 times slower than on SQLite (issue 25); these write them in one statement per kind.
 */

/**
 * Rows per multi-row statement: few round trips, and well under PostgreSQL's 65,535 parameters
 * and SQLite's 32,766 for the widest row written here (15 columns).
 */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(list: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** True on PostgreSQL (for a transaction too). */
function onPostgres(trx: DbOrTrx): boolean {
  return trx.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * What earlier imports recorded for several items of one kind, in one query per 500: by source id.
 */
export async function findSources(
  trx: DbOrTrx,
  base: Omit<SourceKey, 'sourceId'>,
  sourceIds: readonly string[],
): Promise<Map<string, SourceRecord>> {
  const found = new Map<string, SourceRecord>();
  for (const part of chunks([...new Set(sourceIds)])) {
    const rows = await withImportTables(trx)
      .selectFrom('import_sources')
      .select(['source_id', 'entity_id', 'source_hash', 'local_hash', 'source_modified'])
      .where('kind', '=', base.kind)
      .where('site', '=', base.site)
      .where('entity', '=', base.entity)
      .where('source_id', 'in', part)
      .execute();
    for (const row of rows) {
      found.set(row.source_id, {
        entityId: row.entity_id,
        hash: row.source_hash,
        localHash: row.local_hash,
        sourceModified: row.source_modified,
      });
    }
  }
  return found;
}

/** recordSource for several rows in one statement per 500 (rows without hash or date). */
export async function recordSources(
  trx: DbOrTrx,
  entries: readonly { key: SourceKey; entityId: number }[],
  now: string,
): Promise<void> {
  for (const part of chunks(entries)) {
    await withImportTables(trx)
      .insertInto('import_sources')
      .values(
        part.map(({ key, entityId }) => ({
          kind: key.kind,
          site: key.site,
          entity: key.entity,
          source_id: key.sourceId,
          entity_id: entityId,
          source_hash: null,
          source_modified: null,
          imported_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['kind', 'site', 'entity', 'source_id']).doUpdateSet((eb) => ({
          entity_id: eb.ref('excluded.entity_id'),
          source_hash: null,
          source_modified: null,
          imported_at: now,
        })),
      )
      .execute();
  }
}

/** Records, for several articles, the digest of each as this import left it (by source id). */
export async function recordLocalHashes(
  trx: DbOrTrx,
  base: Omit<SourceKey, 'sourceId'>,
  digests: ReadonlyMap<string, string>,
): Promise<void> {
  for (const part of chunks([...digests])) {
    const cases = sql.join(
      part.map(([sourceId, digest]) => sql`when ${sourceId} then ${digest}`),
      sql` `,
    );
    await withImportTables(trx)
      .updateTable('import_sources')
      .set({ local_hash: sql<string>`case source_id ${cases} end` })
      .where('kind', '=', base.kind)
      .where('site', '=', base.site)
      .where('entity', '=', base.entity)
      .where(
        'source_id',
        'in',
        part.map(([sourceId]) => sourceId),
      )
      .execute();
  }
}

/** Which of these ids of `table` still exist. */
export async function existingIds(
  trx: DbOrTrx,
  table: 'users' | 'articles' | 'pages' | 'comments' | 'media',
  ids: readonly number[],
): Promise<Set<number>> {
  const found = new Set<number>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await trx.selectFrom(table).select('id').where('id', 'in', part).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** A comment to insert; its parent is a comment that exists, or one earlier in the same list. */
export interface NewComment {
  values: Omit<Insertable<Database['comments']>, 'id' | 'parent_id'>;
  parent: { id: number } | { index: number } | null;
}

/**
 * Inserts comments, parents before their replies, and returns their ids in the list's order.
 * On PostgreSQL the ids are taken from the table's sequence first, so that one multi-row INSERT
 * per 500 writes them, replies pointing at parents of the same statement (foreign keys are
 * checked at the statement's end); a RETURNING clause promises no order to map ids back by.
 * SQLite, in process, inserts them one by one.
 */
export async function insertComments(
  trx: DbOrTrx,
  comments: readonly NewComment[],
): Promise<number[]> {
  const ids: number[] = [];
  const parentOf = ({ parent }: NewComment): number | null => {
    if (parent === null) return null;
    if ('id' in parent) return parent.id;
    const id = ids[parent.index];
    if (id === undefined) throw new Error('a reply was listed before its parent');
    return id;
  };
  if (comments.length === 0) return ids;
  if (!onPostgres(trx)) {
    for (const comment of comments) {
      const row = await trx
        .insertInto('comments')
        .values({ ...comment.values, parent_id: parentOf(comment) })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  }
  const taken = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('comments', 'id'))::integer as id
    from generate_series(1, ${comments.length})`.execute(trx);
  ids.push(...taken.rows.map((row) => Number(row.id)).sort((a, b) => a - b));
  const rows = comments.map((comment, i) => ({
    ...comment.values,
    id: ids[i] ?? 0,
    parent_id: parentOf(comment),
  }));
  for (const part of chunks(rows)) await trx.insertInto('comments').values(part).execute();
  return ids;
}

/**
 * upsertRedirect for several paths: one query for the existing ones and one INSERT per 500 for
 * the new, so that a post's old addresses cost two round trips, not two each.
 * @returns what happened to each, in the list's order
 */
export async function upsertRedirects(
  trx: DbOrTrx,
  moves: readonly { from: string; to: string }[],
  now: string,
): Promise<('created' | 'updated' | 'unchanged')[]> {
  const existing = new Map<string, { id: number; to: string }>();
  for (const part of chunks([...new Set(moves.map((m) => m.from))])) {
    const rows = await trx
      .selectFrom('redirects')
      .select(['id', 'from_path', 'to_path'])
      .where('from_path', 'in', part)
      .execute();
    for (const row of rows) existing.set(row.from_path, { id: row.id, to: row.to_path });
  }
  const outcomes: ('created' | 'updated' | 'unchanged')[] = [];
  const created = new Map<string, string>();
  for (const { from, to } of moves) {
    const found = existing.get(from);
    if (found === undefined) {
      if (created.has(from)) {
        outcomes.push(created.get(from) === to ? 'unchanged' : 'updated');
      } else outcomes.push('created');
      created.set(from, to);
    } else if (found.to === to) outcomes.push('unchanged');
    else {
      await trx.updateTable('redirects').set({ to_path: to }).where('id', '=', found.id).execute();
      found.to = to;
      outcomes.push('updated');
    }
  }
  for (const part of chunks([...created])) {
    await trx
      .insertInto('redirects')
      .values(
        part.map(([from_path, to_path]) => ({
          from_path,
          to_path,
          status_code: 301 as const,
          created_at: now,
        })),
      )
      .execute();
  }
  return outcomes;
}

/** The place in its thread of each of these comments that still exists, by id. */
export async function commentPlaces(
  trx: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, { id: number; depth: number; parentId: number | null }>> {
  const found = new Map<number, { id: number; depth: number; parentId: number | null }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await trx
      .selectFrom('comments')
      .select(['id', 'depth', 'parent_id as parentId'])
      .where('id', 'in', part)
      .execute();
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}
