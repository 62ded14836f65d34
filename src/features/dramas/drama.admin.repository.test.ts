import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constraintViolation } from '../../db/errors.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { seedDramaDemo } from './demo.js';
import { createCredit } from './drama.admin-cast.js';
import { generateForPart, updateEpisode } from './drama.admin-episodes.js';
import { createPart, createShow } from './drama.admin.js';

describe.each(DIALECTS)('drama admin writes on %s', (dialect) => {
  const now = new Date('2026-11-30T03:00:00Z');
  const clock = () => now;
  let handle: TestDb;
  beforeAll(async () => {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => seedDramaDemo(trx, clock));
  });
  afterAll(async () => {
    await handle.close();
  });

  const idOf = async (table: 'people' | 'shows' | 'characters', slug: string) =>
    (
      await handle.db
        .selectFrom(table)
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).id;

  it('generates, edits and regenerates inside transactions, keeping the edit', async () => {
    const { partId, episodeId } = await handle.db.transaction().execute(async (trx) => {
      const showId = await createShow(trx, clock, { title: 'Repository Test Show' });
      const partId = await createPart(trx, clock, {
        show_id: showId,
        number: 1,
        slots: [{ weekday: 1, local_time: '22:00', zone: 'Asia/Seoul' }],
      });
      await generateForPart(trx, clock, partId, { start_date: '2026-01-05', count: 4 });
      const first = await trx
        .selectFrom('episodes')
        .select('id')
        .where('part_id', '=', partId)
        .where('number', '=', 2)
        .executeTakeFirstOrThrow();
      await updateEpisode(trx, clock, first.id, { air_instant: '2026-01-13T22:00' });
      return { partId, episodeId: first.id };
    });
    await handle.db
      .transaction()
      .execute((trx) =>
        generateForPart(trx, clock, partId, { start_date: '2026-01-12', count: 4 }),
      );
    const rows = await handle.db
      .selectFrom('episodes')
      .select(['id', 'number', 'air_instant', 'sequence', 'is_edited'])
      .where('part_id', '=', partId)
      .orderBy('number')
      .execute();
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(rows.find((r) => r.id === episodeId)).toMatchObject({
      air_instant: '2026-01-13T13:00:00.000Z',
      sequence: 1,
      is_edited: 1,
    });
    expect(rows[0]).toMatchObject({ air_instant: '2026-01-12T13:00:00.000Z', sequence: 1 });
  });

  it('refuses a credit naming a character of another show: the service and the database', async () => {
    const arin = await idOf('people', 'arin');
    const moonlit = await idOf('shows', 'moonlit-ledger');
    const jangUk = await idOf('characters', 'jang-uk');
    await expect(
      handle.db.transaction().execute((trx) =>
        createCredit(trx, {
          person_id: arin,
          show_id: moonlit,
          character_id: jangUk,
          kind: 'cast',
          role: 'cameo',
        }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', property: 'character_id' });
    // Even a direct insert that skips the service is refused by the composite foreign key.
    const error: unknown = await handle.db
      .insertInto('credits')
      .values({
        person_id: arin,
        show_id: moonlit,
        character_id: jangUk,
        kind: 'cast',
        role: 'cameo',
        part_id: null,
      })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(constraintViolation(error)).toBe('foreign_key');
  });
});
