import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { createWorkQueue } from '../../lib/work-queue.js';

/*
 * Password hashing with scrypt (node:crypto, no dependency). A stored hash reads
 * `scrypt$<N>$<r>$<p>$<salt b64url>$<key b64url>` so that the cost can be raised later while old
 * hashes still verify.
 */

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** scrypt's cost parameters: CPU and memory (N, a power of 2), block size (r), parallelism (p). */
export interface PasswordCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N 2^15, r 8, p 1: 32 MiB of memory per hash. OWASP's cheat sheet pairs N 2^15 with p 3; p 1
 * keeps a sign-in fast on a small server. The stored hash records the cost, so raising it later
 * only affects new hashes.
 */
export const PASSWORD_COST: PasswordCost = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/**
 * The cost of new hashes and of the dummy check: PASSWORD_COST, always, outside tests. Nothing in
 * src/ changes it; the unit run lowers it (test/helpers/setup.ts) because a suite that makes
 * hundreds of accounts spent minutes in scrypt on a loaded machine.
 */
let cost: PasswordCost = PASSWORD_COST;

/** The cost new hashes are made with in this process. */
export function currentPasswordCost(): PasswordCost {
  return cost;
}

/**
 * Tests only: makes new hashes (and the dummy check) in this process use `next`. Hashes already
 * stored keep verifying, since each records its own cost.
 * @returns the cost used until now, to put back afterwards
 */
export function usePasswordCostForTests(next: PasswordCost): PasswordCost {
  const previous = cost;
  cost = next;
  return previous;
}
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes; leave headroom over Node's 32 MiB default. */
const MAX_MEM = 64 * 1024 * 1024;

/** libuv's thread pool, which runs scrypt and also every file read of /assets and /media. */
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * Every scrypt of this process goes through this queue: at most two at once, so that at least
 * two of libuv's four threads stay free for file reads (a burst of 60 sign-ins once held all four
 * and stalled /assets and /media for 100 s), and at most 8 waiting (under half a second of work);
 * past that a sign-in is answered 503 with Retry-After at once. A waiting hash whose client
 * left is dropped.
 */
export const passwordWork = createWorkQueue({
  concurrency: Math.max(1, Math.min(2, THREAD_POOL_SIZE - 2)),
  maxWaiting: 8,
  busyMessage: 'Too many sign-ins are being checked right now. Try again in a few seconds.',
});

/** Hashes a password with a fresh salt. @returns the self-describing hash to store */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const { N, r, p } = cost;
  const key = await passwordWork.run(() =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEM }),
  );
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Checks a password against a stored hash in constant time. A malformed hash answers false.
 * @param signal aborts when nobody waits for the answer any more: the check is dropped if it
 *   has not started
 * @returns whether the password matches
 * @throws WorkQueueFull when too many checks wait, WorkDropped when `signal` aborted first
 */
export async function verifyPassword(
  password: string,
  stored: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!N || !r || !p || expected.length === 0) return false;
  const key = await passwordWork.run(
    () => scrypt(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: MAX_MEM }),
    signal,
  );
  return crypto.timingSafeEqual(key, expected);
}

/**
 * A stored hash in the current format and cost whose key is random bytes: checking a password
 * against it costs one scrypt, like a real account, and matches nothing. Made without hashing,
 * so the first unknown e-mail does not cost two; made again only if the cost changes (tests).
 */
let dummy: { cost: PasswordCost; hash: string } | undefined;

function dummyHash(): string {
  if (dummy?.cost !== cost) {
    const hash = [
      'scrypt',
      cost.N,
      cost.r,
      cost.p,
      crypto.randomBytes(SALT_BYTES).toString('base64url'),
      crypto.randomBytes(KEY_LENGTH).toString('base64url'),
    ].join('$');
    dummy = { cost, hash };
  }
  return dummy.hash;
}

/**
 * Spends the same work as verifying a real password (one scrypt at the current cost, through
 * the same queue), for sign-ins with an unknown e-mail, so that timing does not tell whether an
 * account exists.
 */
export async function verifyDummyPassword(password: string, signal?: AbortSignal): Promise<false> {
  await verifyPassword(password, dummyHash(), signal);
  return false;
}
