import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/helpers/db.js';
import { until } from '../../test/helpers/poll.js';
import { seedDemo } from '../features/demo/index.js';
import { connectDatabase, type DbHandle } from './connect.js';
import { migrateToLatest, migrateToZero, withStartupLock } from './migrate.js';

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
      db
        .insertInto('shows')
        .values({ slug: 'a', title: 'Again', created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('articles')
        .values({
          slug: 'x',
          title: 'X',
          status: 'live' as 'draft',
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('articles')
        .values({ slug: 'x', title: 'X', status: 'published', created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
    // Featured on the home page is yes or no, like every other flag.
    const featured = (slug: string, value: number) =>
      db
        .insertInto('articles')
        .values({
          slug,
          title: slug,
          status: 'draft',
          // A 2 gets past the types only by a cast, as it would through a raw query.
          featured: value as 0 | 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    await expect(featured('featured-yes', 1)).resolves.toBeDefined();
    await expect(featured('featured-maybe', 2)).rejects.toThrow();
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

describe.each(DIALECTS)('startup lock on %s', (dialect) => {
  let handle: TestDb;
  const others: DbHandle[] = [];
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await handle.close();
  });

  // Two handles on one SQLite file in one process cannot show it: better-sqlite3 waits for the
  // other's write lock synchronously, blocking the event loop that would release it. Separate
  // processes wait properly (BEGIN IMMEDIATE + busy_timeout); scale-out.test.ts starts those.
  it.runIf(dialect === 'postgres')(
    'two instances starting at the same moment migrate once and seed once',
    async () => {
      handle = await createTestDb(dialect);
      // Two separate pools (as two processes would have) on the same schema or file.
      const second = connectDatabase({ dataDir: handle.dataDir, databaseUrl: handle.databaseUrl });
      others.push(second);
      const clock = () => new Date('2026-11-26T12:00:00Z');
      const seeded: boolean[] = [];
      const [a, b] = await Promise.all(
        [handle.db, second.db].map((db) =>
          migrateToLatest(db, async () => {
            seeded.push(await seedDemo({ db, clock }));
          }),
        ),
      );
      const applied = [a, b].map((names) => names?.length ?? 0).sort((x, y) => x - y);
      expect(applied[0]).toBe(0);
      expect(applied[1]).toBeGreaterThanOrEqual(7);
      expect(seeded.sort()).toEqual([false, true]);
      const rows = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(
        handle.db,
      );
      expect(Number(rows.rows[0]?.n)).toBe(applied[1]);
    },
  );

  it.runIf(dialect === 'postgres')(
    'holds a session-level advisory lock while migrating, so a second starter waits',
    async () => {
      handle = await createTestDb(dialect);
      await migrateToLatest(handle.db);
      const second = connectDatabase({ dataDir: handle.dataDir, databaseUrl: handle.databaseUrl });
      others.push(second);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = withStartupLock(handle.db, async () => {
        order.push('first in');
        await held;
        order.push('first out');
      });
      await until(() => order.includes('first in'));
      const waiting = withStartupLock(second.db, async () => {
        order.push('second in');
      });
      // The second starter's session is queued on this schema's lock (pg_locks: the low 32 bits
      // of the bigint key are its objid), not merely slow to ask for it.
      await until(async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted
            and objid = (hashtext('deho:startup:' || current_schema())::bigint & 4294967295)::oid
        `.execute(handle.db);
        return (rows[0]?.n ?? 0) > 0;
      });
      expect(order).toEqual(['first in']);
      release();
      await Promise.all([first, waiting]);
      expect(order).toEqual(['first in', 'first out', 'second in']);
    },
  );
});
