import type { DbOrTrx } from '../../db/database.js';
import { Conflict, ValidationFailed } from '../../lib/errors.js';

/*
 * Lost-update protection for the Admin API. `updated_at` is the article's version: a write may
 * send the `updated_at` it last read, and is refused with 409 when the article has changed since
 * (another tab, another editor, the publishing job). Every write moves updated_at strictly
 * forward, even two writes in the same millisecond or under a fixed test clock, so that equal
 * stamps always mean the same version.
 */

function conflict(savedAt: string): Conflict {
  return new Conflict(
    `This article was changed elsewhere (another tab or another person) and saved at ${savedAt}, ` +
      'after you opened it. Your changes were not saved: reload the article to see that version, ' +
      'or save again without updated_at to overwrite it.',
    'updated_at',
  );
}

/** @throws Conflict when the client's version is not the stored one */
export function checkVersion(stored: string, expected: string | undefined): void {
  if (expected !== undefined && expected !== stored) throw conflict(stored);
}

/** The next version stamp: now, or one millisecond after the stored one if the clock lags. */
export function nextVersion(now: string, stored: string): string {
  const previous = Date.parse(stored);
  if (Number.isNaN(previous) || Date.parse(now) > previous) return now;
  return new Date(previous + 1).toISOString();
}

/**
 * Checks the result of an UPDATE that was conditioned on the stored version: no row means a
 * concurrent write got there first (its transaction committed between our read and our write).
 */
export function checkUpdated(result: { numUpdatedRows: bigint }, stored: string): void {
  if (result.numUpdatedRows === 0n) throw conflict(stored);
}

/** A feature image must be a media item that exists; null removes it. */
export async function checkedFeatureImage(
  trx: DbOrTrx,
  mediaId: number | null,
): Promise<number | null> {
  if (mediaId === null) return null;
  const row = await trx
    .selectFrom('media')
    .select('id')
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ValidationFailed(
      `There is no media item ${mediaId}: choose the feature image from the media library.`,
      'feature_image_id',
    );
  }
  return mediaId;
}
