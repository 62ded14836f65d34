import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/helpers/db.js';
import { migrateToLatest } from './migrate.js';
import { preparedQuery } from './prepared.js';

const NOW = '2026-11-26T12:00:00.000Z';

describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  let t: TestDb;

  beforeEach(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
    await t.db
      .insertInto('tags')
      .values(
        ['drama', 'casting', 'ratings', 'finale', 'ost'].map((slug) => ({
          slug,
          name: slug.toUpperCase(),
          created_at: NOW,
          updated_at: NOW,
        })),
      )
      .execute();
  });
  afterEach(async () => t.close());

  function countingTagQuery() {
    let builds = 0;
    const query = preparedQuery(
      (db, args: { slugs: readonly string[]; min: number }, variant: { order: 'asc' | 'desc' }) => {
        builds += 1;
        return db
          .selectFrom('tags')
          .select(['slug', 'name'])
          .where('slug', 'in', args.slugs)
          .where('id', '>=', args.min)
          .orderBy('slug', variant.order);
      },
    );
    return { query, builds: () => builds };
  }

  it('returns what the query returns, for every call’s own values', async () => {
    const { query } = countingTagQuery();
    expect(await query(t.db, { slugs: ['ost', 'drama'], min: 1 }, { order: 'asc' })).toEqual([
      { slug: 'drama', name: 'DRAMA' },
      { slug: 'ost', name: 'OST' },
    ]);
    expect(await query(t.db, { slugs: ['finale', 'casting'], min: 1 }, { order: 'asc' })).toEqual([
      { slug: 'casting', name: 'CASTING' },
      { slug: 'finale', name: 'FINALE' },
    ]);
    expect(await query(t.db, { slugs: ['finale', 'drama'], min: 2 }, { order: 'asc' })).toEqual([
      { slug: 'finale', name: 'FINALE' },
    ]);
    expect(
      (await query(t.db, { slugs: ['ost', 'drama', 'ratings'], min: 1 }, { order: 'desc' })).map(
        (row) => row.slug,
      ),
    ).toEqual(['ratings', 'ost', 'drama']);
  });

  it('builds once per shape of the arguments and per variant, not per call', async () => {
    const { query, builds } = countingTagQuery();
    for (const slug of ['drama', 'ost', 'finale'])
      await query(t.db, { slugs: [slug], min: 0 }, { order: 'asc' });
    expect(builds()).toBe(1);
    await query(t.db, { slugs: ['drama', 'ost'], min: 0 }, { order: 'asc' });
    expect(builds()).toBe(2);
    await query(t.db, { slugs: ['casting'], min: 0 }, { order: 'desc' });
    expect(builds()).toBe(3);
    // A transaction runs the plan made on the handle.
    await t.db
      .transaction()
      .execute(async (trx) => query(trx, { slugs: ['ratings'], min: 0 }, { order: 'asc' }));
    expect(builds()).toBe(3);
  });

  it('gives a handle with plugins plans of its own, compiled through the plugin', async () => {
    const seen: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        seen.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const { query, builds } = countingTagQuery();
    await query(t.db, { slugs: ['drama'], min: 0 }, { order: 'asc' });
    const rows = await query(
      t.db.withPlugin(recorder),
      { slugs: ['drama'], min: 0 },
      {
        order: 'asc',
      },
    );
    expect(rows).toEqual([{ slug: 'drama', name: 'DRAMA' }]);
    expect(builds()).toBe(2);
    expect(seen).toEqual(['SelectQueryNode']);
  });

  it('keeps values out of the SQL text, so hostile input stays data', async () => {
    const byName = preparedQuery((db, args: { name: string }) =>
      db
        .selectFrom('tags')
        .select(sql<number>`count(*)`.as('n'))
        .where('name', '=', args.name),
    );
    const hostile = "DRAMA' or '1'='1";
    const count = async (name: string) => Number((await byName(t.db, { name }))[0]?.n);
    expect(await count(hostile)).toBe(0);
    expect(await count('DRAMA')).toBe(1);
  });
});
