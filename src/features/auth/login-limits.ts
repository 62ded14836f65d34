import type { DbOrTrx } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';

/*
 * Brute-force protection for sign-in. Failures are counted per account (by the e-mail typed, so
 * an e-mail without an account is counted exactly like one with) and per client address. Past a
 * free allowance each further failure locks the key for twice as long as the one before:
 *
 *   key       free failures   first lock   then          at most
 *   account   5               15 s         ×2 each time  15 min
 *   address   20              15 s         ×2 each time  15 min
 *
 * A success clears the account's count (not the address's). Counts older than a day start over.
 * While a key is locked, sign-ins are refused without looking at the password, with the same
 * message whether or not the account exists.
 */

export const ACCOUNT_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 20;
const FIRST_LOCK_MS = 15_000;
const MAX_LOCK_MS = 15 * 60_000;
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** 429: too many failed sign-ins; `retryAfter` seconds until the next try is heard. */
export class TooManyAttempts extends AppError {
  override readonly name = 'TooManyAttempts';
  constructor(readonly retryAfter: number) {
    super(
      'rate_limited',
      `Too many failed sign-ins. Wait ${retryAfter} second${retryAfter === 1 ? '' : 's'} and try again.`,
    );
  }
}

function keysFor(email: string, address: string): { key: string; free: number }[] {
  return [
    { key: `account:${email.trim().toLowerCase()}`, free: ACCOUNT_FREE_FAILURES },
    { key: `ip:${address}`, free: ADDRESS_FREE_FAILURES },
  ];
}

/** How long a key is locked after its `failures`-th failure. */
export function lockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - free), MAX_LOCK_MS);
}

/**
 * Refuses the attempt when the account or the address is locked.
 * @throws TooManyAttempts with the seconds to wait
 */
export async function checkLoginAllowed(
  db: DbOrTrx,
  email: string,
  address: string,
  now: Date,
): Promise<void> {
  const keys = keysFor(email, address).map((k) => k.key);
  const rows = await db
    .selectFrom('login_throttles')
    .select(['locked_until'])
    .where('key', 'in', keys)
    .execute();
  let waitMs = 0;
  for (const row of rows) {
    if (row.locked_until !== null) {
      waitMs = Math.max(waitMs, Date.parse(row.locked_until) - now.getTime());
    }
  }
  if (waitMs > 0) throw new TooManyAttempts(Math.ceil(waitMs / 1000));
}

/** Counts a failed attempt for the account and the address, locking them when due. */
export async function recordLoginFailure(
  db: DbOrTrx,
  email: string,
  address: string,
  now: Date,
): Promise<void> {
  const nowIso = now.toISOString();
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
  for (const { key, free } of keysFor(email, address)) {
    // An old count starts over; the increment itself is one statement, so concurrent failures
    // on several instances all count.
    await db
      .deleteFrom('login_throttles')
      .where('key', '=', key)
      .where('last_failure_at', '<', forgetBefore)
      .execute();
    const row = await db
      .insertInto('login_throttles')
      .values({ key, failures: 1, last_failure_at: nowIso, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb('login_throttles.failures', '+', 1),
          last_failure_at: nowIso,
        })),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const ms = lockMs(row.failures, free);
    if (ms > 0) {
      await db
        .updateTable('login_throttles')
        .set({ locked_until: new Date(now.getTime() + ms).toISOString() })
        .where('key', '=', key)
        .execute();
    }
  }
}

/** Clears the account's count after a successful sign-in. */
export async function clearLoginFailures(db: DbOrTrx, email: string): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('key', '=', `account:${email.trim().toLowerCase()}`)
    .execute();
}
