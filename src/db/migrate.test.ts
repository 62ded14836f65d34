import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/helpers/db.js';
import { migrateToLatest, migrateToZero } from './migrate.js';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let handle: TestDb;
  afterEach(async () => {
    await handle.close();
  });

  it('migrates up, all the way down, and up again', async () => {
    handle = await createTestDb(dialect);
    const applied = await migrateToLatest(handle.db);
    expect(applied.length).toBeGreaterThanOrEqual(7);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const reverted = await migrateToZero(handle.db);
    expect(reverted).toEqual([...applied].reverse());
    expect(await migrateToLatest(handle.db)).toEqual(applied);
  });

  it('refuses rows that break the domain rules', async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    const { db } = handle;
    const now = new Date().toISOString();
    const show = await db
      .insertInto('shows')
      .values({ slug: 'a', title: 'A', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await db
      .insertInto('shows')
      .values({ slug: 'b', title: 'B', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db.insertInto('shows').values({ slug: 'a', title: 'Again', created_at: now, updated_at: now }).execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('articles')
        .values({ slug: 'x', title: 'X', status: 'live' as 'draft', created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('articles')
        .values({ slug: 'x', title: 'X', status: 'published', created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    const part = await db
      .insertInto('parts')
      .values({ show_id: show.id, number: 1, title: 'Part 1', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('broadcast_slots')
        .values({ part_id: part.id, weekday: 7, local_time: '21:10', zone: 'Asia/Seoul' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('broadcast_slots')
        .values({ part_id: part.id, weekday: 6, local_time: '24:30', zone: 'Asia/Seoul' })
        .execute(),
    ).rejects.toThrow();
    const character = await db
      .insertInto('characters')
      .values({ show_id: other.id, slug: 'c', name: 'C', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await db
      .insertInto('people')
      .values({ slug: 'p', name: 'P', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A credit on show A that names a character of show B.
    await expect(
      db
        .insertInto('credits')
        .values({
          person_id: person.id,
          show_id: show.id,
          character_id: character.id,
          kind: 'cast',
          role: 'lead',
        })
        .execute(),
    ).rejects.toThrow();
    const rows = await sql<{ n: number }>`select count(*) as n from credits`.execute(db);
    expect(Number(rows.rows[0]?.n)).toBe(0);
  });
});
