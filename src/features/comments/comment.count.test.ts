import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { migrateToLatest } from '../../db/migrate.js';
import * as countMigration from '../../db/migrations/2026-12-01T09-10-00_article_comment_count.js';
import { countApprovedComments } from './comment.repository.js';
import { insertArticle } from './comment.test-support.js';

/*
 * articles.comment_count is kept by triggers. Every way a comment's standing changes is applied
 * here with plain SQL, as any code path or a bulk fix would, and the kept count is compared with
 * a fresh count after each step.
 */
describe.each(DIALECTS)('approved-comment count kept on the article, on %s', (dialect) => {
  let handle: TestDb;
  let first: number;
  let second: number;
  const at = '2026-03-01T00:00:00.000Z';

  beforeAll(async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    first = (await insertArticle(handle.db)).id;
    second = (await insertArticle(handle.db)).id;
  });
  afterAll(async () => {
    await handle.close();
  });

  const insert = async (articleId: number, status: 'approved' | 'pending' | 'spam') =>
    (
      await handle.db
        .insertInto('comments')
        .values({
          article_id: articleId,
          author_name: 'Reader',
          body: 'Text',
          status,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  async function expectCountsRight(expected: [number, number]): Promise<void> {
    const kept = await countApprovedComments(handle.db, [first, second]);
    expect([kept.get(first), kept.get(second)]).toEqual(expected);
    const fresh = await handle.db
      .selectFrom('articles')
      .select((eb) => [
        'id',
        eb
          .selectFrom('comments')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('comments.article_id', '=', 'articles.id')
          .where('comments.status', '=', 'approved')
          .as('n'),
      ])
      .where('id', 'in', [first, second])
      .orderBy('id')
      .execute();
    expect(fresh.map((row) => Number(row.n))).toEqual(expected);
  }

  it('follows posting, moderation, moving and deleting', async () => {
    await expectCountsRight([0, 0]);
    const a = await insert(first, 'approved');
    const b = await insert(first, 'pending');
    await insert(first, 'spam');
    await expectCountsRight([1, 0]);

    await handle.db
      .updateTable('comments')
      .set({ status: 'approved' })
      .where('id', '=', b)
      .execute();
    await expectCountsRight([2, 0]);
    // An edit that does not change the standing leaves the count alone.
    await handle.db
      .updateTable('comments')
      .set({ body: 'Edited', status: 'approved' })
      .where('id', '=', a)
      .execute();
    await expectCountsRight([2, 0]);

    await handle.db.updateTable('comments').set({ status: 'trash' }).where('id', '=', a).execute();
    await expectCountsRight([1, 0]);
    await handle.db
      .updateTable('comments')
      .set({ article_id: second })
      .where('id', '=', b)
      .execute();
    await expectCountsRight([0, 1]);

    // Many rows in one statement, as a bulk moderation action does.
    await insert(first, 'approved');
    await insert(first, 'approved');
    await handle.db
      .updateTable('comments')
      .set({ status: 'spam' })
      .where('article_id', '=', first)
      .execute();
    await expectCountsRight([0, 1]);
    await handle.db.deleteFrom('comments').where('id', '=', b).execute();
    await expectCountsRight([0, 0]);
  });

  it('is computed for comments that existed before the column (the migration backfills)', async () => {
    await insert(second, 'approved');
    await insert(second, 'approved');
    await sql`update articles set comment_count = 0`.execute(handle.db);
    await countMigration.down(handle.db);
    await countMigration.up(handle.db);
    await expectCountsRight([0, 2]);
  });
});
