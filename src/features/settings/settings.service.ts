import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';

/** Every setting Deho knows, with its default. Values are stored as JSON text. */
export interface Settings {
  site_title: string;
  site_description: string;
  /** IANA zone articles are dated in and the schedule falls back to without JavaScript. */
  site_zone: string;
  /** Feeds carry whole articles (true) or only their summaries (false). */
  feed_full_text: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  site_title: 'Deho',
  site_description:
    'Korean drama news, air times in your time zone, and the people behind the shows.',
  site_zone: 'Asia/Seoul',
  feed_full_text: true,
};

/** Reads all settings, filling in defaults for the ones never set. */
export async function readSettings(db: DbOrTrx): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (row.key in settings) {
      const value: unknown = JSON.parse(row.value);
      if (typeof value === typeof settings[row.key as keyof Settings]) {
        Object.assign(settings, { [row.key]: value });
      }
    }
  }
  return settings;
}

/** Writes the given settings (others unchanged). */
export async function writeSettings(
  db: DbOrTrx,
  clock: Clock,
  changes: Partial<Settings>,
): Promise<void> {
  const updatedAt = clock().toISOString();
  for (const [key, value] of Object.entries(changes)) {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: updatedAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: updatedAt }),
      )
      .execute();
  }
}
