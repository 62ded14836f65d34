import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';

/** Seeds networks, shows, parts, slots, episodes, people, groups, characters and credits. */
export async function seedDramaDemo(_db: DbOrTrx, _clock: Clock): Promise<void> {}
