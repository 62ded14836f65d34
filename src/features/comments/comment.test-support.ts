/* Test support for the comments feature (imported by *.test.ts only). */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Db } from '../../db/database.js';
import { encodePayload } from './comment.defences.js';

/** Inserts a published article and returns its id. */
export async function insertArticle(
  db: Db,
  options: { slug?: string; status?: 'published' | 'draft'; commentsEnabled?: boolean } = {},
): Promise<{ id: number; slug: string }> {
  const slug = options.slug ?? `test-article-${Math.random().toString(36).slice(2, 8)}`;
  const row = await db
    .insertInto('articles')
    .values({
      slug,
      title: `Article ${slug}`,
      status: options.status ?? 'published',
      published_at: '2020-01-01T00:00:00.000Z',
      comments_enabled: options.commentsEnabled === false ? 0 : 1,
      created_at: '2020-01-01T00:00:00.000Z',
      updated_at: '2020-01-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, slug };
}

/** Solves a challenge as the browser island does, and encodes it for the `altcha` field. */
export async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (solution === null) throw new Error('challenge not solved');
  return encodePayload({ challenge, solution });
}

/** A clock tests can move forward. */
export function movableClock(start: string): { clock: () => Date; advance(ms: number): void } {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}
