import type { DbOrTrx } from '../../db/database.js';

/**
 * The moderation settings of comments. Stored in the shared `settings` table under these
 * keys (JSON values), changed by the admin screens; a key never set takes its default.
 */
export interface CommentSettings {
  /** Hold the first comment of a commenter nobody has approved yet (default on). */
  comments_hold_first_time: boolean;
  /** A comment with this many links or more waits for moderation (default 2). */
  comments_link_threshold: number;
  /** Words or phrases that send a comment to moderation (case-insensitive, anywhere in it). */
  comments_moderation_words: string[];
  /** Words or phrases that mark a comment as spam at once. */
  comments_block_words: string[];
  /** A form sent back faster than this many seconds after it was served is held (default 3). */
  comments_min_seconds: number;
  /** Comments close this many days after an article is published; 0 keeps them open (default). */
  comments_close_after_days: number;
  /** How many minutes a commenter may edit or delete their own comment (default 15; 0: never). */
  comments_edit_minutes: number;
}

export const DEFAULT_COMMENT_SETTINGS: Readonly<CommentSettings> = Object.freeze({
  comments_hold_first_time: true,
  comments_link_threshold: 2,
  comments_moderation_words: [],
  comments_block_words: [],
  comments_min_seconds: 3,
  comments_close_after_days: 0,
  comments_edit_minutes: 15,
});

const KEYS = Object.keys(DEFAULT_COMMENT_SETTINGS) as (keyof CommentSettings)[];

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Reads the comment settings, defaults for the ones never set or stored with a wrong type. */
export async function readCommentSettings(db: DbOrTrx): Promise<CommentSettings> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', KEYS)
    .execute();
  const settings: CommentSettings = { ...DEFAULT_COMMENT_SETTINGS };
  for (const row of rows) {
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue;
    }
    switch (row.key as keyof CommentSettings) {
      case 'comments_hold_first_time':
        if (typeof value === 'boolean') settings.comments_hold_first_time = value;
        break;
      case 'comments_link_threshold':
        if (typeof value === 'number' && value >= 1) settings.comments_link_threshold = value;
        break;
      case 'comments_min_seconds':
        if (typeof value === 'number' && value >= 0) settings.comments_min_seconds = value;
        break;
      case 'comments_close_after_days':
        if (Number.isInteger(value) && (value as number) >= 0)
          settings.comments_close_after_days = value as number;
        break;
      case 'comments_edit_minutes':
        if (Number.isInteger(value) && (value as number) >= 0)
          settings.comments_edit_minutes = value as number;
        break;
      case 'comments_moderation_words':
        if (isStringArray(value)) settings.comments_moderation_words = value;
        break;
      case 'comments_block_words':
        if (isStringArray(value)) settings.comments_block_words = value;
        break;
    }
  }
  return settings;
}

/** Writes comment settings (the others unchanged). For the admin screens and tests. */
export async function writeCommentSettings(
  db: DbOrTrx,
  now: string,
  changes: Partial<CommentSettings>,
): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    const json = JSON.stringify(value);
    await db
      .insertInto('settings')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }
}
