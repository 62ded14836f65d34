import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { seedArticleDemo } from '../articles/index.js';
import { seedDramaDemo } from '../dramas/index.js';

export interface DemoDeps {
  db: Db;
  clock: Clock;
}

/**
 * Creates the demo site (Alchemy of Souls, its people, a fictional show airing around "now",
 * and news articles) when the database holds no content yet.
 * @returns true when it seeded, false when content already existed
 */
export async function seedDemo(deps: DemoDeps): Promise<boolean> {
  const existing = await deps.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const shows = await deps.db
    .selectFrom('shows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0 || Number(shows.n) > 0) return false;
  await deps.db.transaction().execute(async (trx) => {
    await seedDramaDemo(trx, deps.clock);
    await seedArticleDemo(trx, deps.clock);
  });
  return true;
}
