/*
 * The spam defences that need secrets: the hashed client key and the ALTCHA proof-of-work
 * challenge (whose signed issue time also tells how long the reader took to write). Secrets live in `comment_secrets`, created on first use
 * (so that every instance on the same database shares them).
 */
import crypto from 'node:crypto';
import {
  createChallenge,
  randomInt,
  verifySolution,
  type Challenge,
  type Payload,
} from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { DbOrTrx } from '../../db/database.js';
import type { ChallengeState } from './comment.policy.js';
import { withCommentTables } from './comment.repository.js';

export interface CommentSecrets {
  /** Signs challenges and hashes client addresses. */
  readonly hmac: string;
  /** Signs the derived key of deterministic challenges (fast verification). */
  readonly key: string;
}

const cache = new WeakMap<object, Promise<CommentSecrets>>();

async function loadSecret(db: DbOrTrx, name: string, now: string): Promise<string> {
  const cdb = withCommentTables(db);
  await cdb
    .insertInto('comment_secrets')
    .values({ name, value: crypto.randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await cdb
    .selectFrom('comment_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

/** The secrets of this database, created on first use and then cached per database handle. */
export function commentSecrets(db: DbOrTrx, now: string): Promise<CommentSecrets> {
  let secrets = cache.get(db);
  if (secrets === undefined) {
    secrets = (async () => ({
      hmac: await loadSecret(db, 'hmac', now),
      key: await loadSecret(db, 'key', now),
    }))();
    secrets.catch(() => cache.delete(db));
    cache.set(db, secrets);
  }
  return secrets;
}

function hmacHex(secret: string, message: string): string {
  return crypto.createHmac('sha256', secret).update(message).digest('hex');
}

/** The client address as stored for rate limits: a keyed hash, never the address itself. */
export function clientKey(secrets: CommentSecrets, address: string): string {
  return hmacHex(secrets.hmac, `client:${address}`).slice(0, 32);
}

/** SHA-256 hex of a commenter token (the cookie holds the token, the database its hash). */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * The token of a commenter's own-comment forms (edit, delete), bound to their cookie: a keyed
 * hash of the commenter token. Another site can make the browser send the cookie, but can read
 * neither it nor our pages, so it cannot make this.
 */
export function commenterFormToken(secrets: CommentSecrets, commenterToken: string): string {
  return hmacHex(secrets.hmac, `form:${commenterToken}`);
}

/** A new random commenter token for the cookie. */
export function newCommenterToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/*
 * Challenge tuning. SHA-256, one hash per attempt, the answer a random counter between the two
 * bounds below: the browser tries counters from 0 up, so it does ~25,000 hashes on average.
 * Web Crypto on a mid-range phone does roughly 20–40k awaited digests a second, which gives the
 * "about a second" of the issue; a desktop takes a fraction of that. The server verifies with
 * one HMAC (deterministic mode with a key signature), so checking costs microseconds.
 */
export const CHALLENGE_COUNTER_MIN = 10_000;
export const CHALLENGE_COUNTER_MAX = 40_000;
/** A challenge is accepted this long after it was issued. */
export const CHALLENGE_MAX_AGE_MS = 2 * 60 * 60 * 1000;

/** A fresh signed proof-of-work challenge; `data.iat` is when it was issued (ms). */
export function issueChallenge(
  secrets: CommentSecrets,
  now: Date,
  counter?: number,
): Promise<Challenge> {
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: counter ?? randomInt(CHALLENGE_COUNTER_MAX, CHALLENGE_COUNTER_MIN),
    deriveKey,
    data: { iat: now.getTime() },
    hmacSignatureSecret: secrets.hmac,
    hmacKeySignatureSecret: secrets.key,
  });
}

export interface ChallengeCheck {
  state: Exclude<ChallengeState, 'replayed'>;
  /** SHA-256 of the challenge signature, to remember the challenge as used. */
  hash?: string;
  /** When the challenge was issued (ms), for the time-to-submit check. */
  issuedAt?: number;
  expiresAt?: string;
}

/** Parses the `altcha` form value: base64 (or plain) JSON of `{challenge, solution}`. */
function parsePayload(raw: string): Payload | undefined {
  const text = raw.trim().startsWith('{') ? raw : Buffer.from(raw, 'base64').toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { challenge, solution } = value as Partial<Payload>;
    if (
      typeof challenge !== 'object' ||
      challenge === null ||
      typeof solution !== 'object' ||
      solution === null
    ) {
      return undefined;
    }
    if (typeof challenge.parameters !== 'object' || challenge.parameters === null) return undefined;
    return { challenge, solution };
  } catch {
    return undefined;
  }
}

/**
 * Checks a solved challenge sent with a comment. Does not remember it: the service does that in
 * the transaction that stores the comment, so that a refused post does not burn the challenge.
 */
export async function checkChallenge(
  secrets: CommentSecrets,
  raw: string | undefined,
  now: Date,
): Promise<ChallengeCheck> {
  if (raw === undefined || raw.trim() === '') return { state: 'missing' };
  if (raw.length > 4096) return { state: 'invalid' };
  const payload = parsePayload(raw);
  if (payload === undefined) return { state: 'invalid' };
  let verified: boolean;
  try {
    // Expiry is checked below against the app clock (data.iat), not inside altcha-lib.
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: secrets.hmac,
      hmacKeySignatureSecret: secrets.key,
    });
    verified = result.verified;
  } catch {
    return { state: 'invalid' };
  }
  const iat = payload.challenge.parameters.data?.iat;
  if (!verified || typeof iat !== 'number' || payload.challenge.signature === undefined)
    return { state: 'invalid' };
  const hash = crypto.createHash('sha256').update(payload.challenge.signature).digest('hex');
  const expiresAt = new Date(iat + CHALLENGE_MAX_AGE_MS);
  if (now.getTime() > expiresAt.getTime() || iat > now.getTime() + 60_000)
    return { state: 'expired' };
  return { state: 'solved', hash, issuedAt: iat, expiresAt: expiresAt.toISOString() };
}

/** Encodes a solved challenge the way the form sends it (what the island does in the browser). */
export function encodePayload(payload: Payload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}
