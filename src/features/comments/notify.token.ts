/*
 * Unsubscribe tokens: `<address hash>.<HMAC-SHA256 of it>`, both base64url. The hash is SHA-256
 * of the lower-cased address, so the link (which mail scanners and proxies log) never carries
 * the address, and the suppression list stores the same hash. The HMAC key is random per site,
 * kept in comment_secrets under its own name (shared by every instance), so a token cannot be
 * made for an address without it. Tokens do not expire: an unsubscribe link must keep working
 * for as long as the mail sits in someone's inbox.
 */
import crypto from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import { withCommentTables } from './comment.repository.js';

const SECRET_NAME = 'unsubscribe';
const TOKEN = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

const cache = new WeakMap<object, Promise<Buffer>>();

async function loadSecret(db: DbOrTrx, now: string): Promise<Buffer> {
  const cdb = withCommentTables(db);
  // Two instances making it at once: the first insert wins and both read it back.
  await cdb
    .insertInto('comment_secrets')
    .values({
      name: SECRET_NAME,
      value: crypto.randomBytes(32).toString('base64url'),
      created_at: now,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await cdb
    .selectFrom('comment_secrets')
    .select('value')
    .where('name', '=', SECRET_NAME)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

function unsubscribeSecret(db: DbOrTrx, now: string): Promise<Buffer> {
  let secret = cache.get(db);
  if (secret === undefined) {
    secret = loadSecret(db, now);
    secret.catch(() => cache.delete(db));
    cache.set(db, secret);
  }
  return secret;
}

/** SHA-256 (base64url) of an address, case-insensitively: the key of the suppression list. */
export function emailHash(email: string): string {
  return crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

function mac(secret: Buffer, hash: string): string {
  return crypto.createHmac('sha256', secret).update(`unsubscribe:${hash}`).digest('base64url');
}

/** The unsubscribe token for an address. */
export async function signUnsubscribe(db: DbOrTrx, email: string, now: Date): Promise<string> {
  const hash = emailHash(email);
  return `${hash}.${mac(await unsubscribeSecret(db, now.toISOString()), hash)}`;
}

/** @returns the address hash of a genuine token, or undefined for anything else */
export async function verifyUnsubscribe(
  db: DbOrTrx,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const match = TOKEN.exec(token);
  if (match === null) return undefined;
  const [, hash, given] = match as unknown as [string, string, string];
  const expected = mac(await unsubscribeSecret(db, now.toISOString()), hash);
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given)) ? hash : undefined;
}
