import { Value } from 'typebox/value';
import type { DbOrTrx } from '../../db/database.js';
import { BodySchema, type Block } from '../articles/index.js';

/**
 * The bodies of the given articles, by id.
 *
 * TEMPORARY direct read of the articles table: the articles feature does not yet export a way
 * to load several bodies at once. Replace with its `listArticleBodies(db, ids)` once it exists
 * (see the report for the signature); the ids here always come from listArticleSummaries, so
 * only published articles are read.
 */
export async function findArticleBodies(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, Block[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'body'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, parseBlocks(row.body)]));
}

/** A stored body; blocks that do not validate are left out rather than failing the feed. */
function parseBlocks(json: string): Block[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter((block: unknown): block is Block => Value.Check(BodySchema, [block]));
}
