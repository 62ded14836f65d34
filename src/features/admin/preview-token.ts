import crypto from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';

/*
 * Preview links: `<article id>.<expiry ms>.<HMAC-SHA256>` in base64url pieces. Anyone with the
 * link sees the draft until it expires (an hour), which is what sharing a preview is for; the
 * HMAC key is random per site and kept in the settings table.
 */

const SECRET_KEY = 'preview_secret';
export const PREVIEW_TTL_MS = 60 * 60_000;

async function previewSecret(db: DbOrTrx, now: string): Promise<Buffer> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SECRET_KEY)
    .executeTakeFirst();
  if (row !== undefined) return Buffer.from(JSON.parse(row.value) as string, 'base64url');
  const fresh = crypto.randomBytes(32).toString('base64url');
  // Two instances making one at once: the first insert wins and both read it back.
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: JSON.stringify(fresh), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return previewSecret(db, now);
}

function mac(secret: Buffer, payload: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Makes a preview token for an article, valid for PREVIEW_TTL_MS. */
export async function signPreview(
  db: DbOrTrx,
  articleId: number,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const expires = now.getTime() + PREVIEW_TTL_MS;
  const payload = `${articleId}.${expires}`;
  const token = `${payload}.${mac(await previewSecret(db, now.toISOString()), payload)}`;
  return { token, expiresAt: new Date(expires).toISOString() };
}

/** @returns the article id of a valid, unexpired token, or undefined */
export async function verifyPreview(
  db: DbOrTrx,
  token: string,
  now: Date,
): Promise<number | undefined> {
  const match = /^(\d{1,10})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return undefined;
  const [, id, expires, given] = match as unknown as [string, string, string, string];
  if (Number(expires) <= now.getTime()) return undefined;
  const expected = mac(await previewSecret(db, now.toISOString()), `${id}.${expires}`);
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return undefined;
  return Number(id);
}
