import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';

/*
 * Brute-force protection for sign-in. Attempts are counted per account (by the e-mail typed, so
 * an e-mail without an account is counted exactly like one with) and per client address. Past a
 * free allowance each further failure locks the key for twice as long as the one before:
 *
 *   key       free failures   first lock   then          at most
 *   account   5               10 min       ×2 each time  7 days
 *   address   20              10 min       ×2 each time  7 days
 *
 * An attempt is counted as a failure *before* its password is checked: one statement per key
 * increments the count, sets the lock when that count reaches it, and refuses the attempt when
 * the key is already locked. So parallel attempts, on any number of instances, can never check
 * more passwords than the allowance; the second half of a burst is refused without hashing.
 * Only after the check does an attempt turn into a success: the account's count is cleared, and
 * the address gets its attempt back. An attempt that never checked a password (the hashing queue
 * was full, the client left, a second factor is still to come) is withdrawn the same way.
 *
 * Counts 14 days without a failure start over (longer than the longest lock, so waiting a lock
 * out does not clear the count). While a key is locked, sign-ins are refused without looking at
 * the password, with the same message whether or not the account exists.
 */

export const ACCOUNT_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 20;
export const FIRST_LOCK_MS = 10 * 60_000;
export const MAX_LOCK_MS = 7 * 24 * 60 * 60_000;
const FORGET_AFTER_MS = 2 * MAX_LOCK_MS;

/** 429: too many failed sign-ins; `retryAfter` seconds until the next try is heard. */
export class TooManyAttempts extends AppError {
  override readonly name = 'TooManyAttempts';
  constructor(readonly retryAfter: number) {
    super('rate_limited', `Too many failed sign-ins. Wait ${waitText(retryAfter)} and try again.`);
  }
}

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}

interface LimitKey {
  key: string;
  free: number;
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

function keysFor(email: string, address: string): [LimitKey, LimitKey] {
  return [
    { key: accountKey(email), free: ACCOUNT_FREE_FAILURES },
    { key: `ip:${address}`, free: ADDRESS_FREE_FAILURES },
  ];
}

/** How long a key is locked after its `failures`-th failure. */
export function lockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - free), MAX_LOCK_MS);
}

/**
 * `locked_until` for a key whose count becomes `count` (an SQL expression) at `now`: NULL below
 * the allowance, else one instant per doubling up to the cap. The instants are computed here and
 * bound as text, so the statement needs no date arithmetic in either dialect.
 */
function lockUntilSql(count: RawBuilder<number>, free: number, now: Date): RawBuilder<string> {
  const steps: RawBuilder<unknown>[] = [];
  for (let failures = free; lockMs(failures, free) < MAX_LOCK_MS; failures++) {
    const until = new Date(now.getTime() + lockMs(failures, free)).toISOString();
    steps.push(sql`when ${count} = ${sql.lit(failures)} then ${until}`);
  }
  const longest = new Date(now.getTime() + MAX_LOCK_MS).toISOString();
  return sql<string>`case when ${count} < ${sql.lit(free)} then null ${sql.join(steps, sql` `)} else ${longest} end`;
}

/** One key's share of an attempt: the lock it set, if it was the attempt that reached one. */
interface Reserved {
  key: string;
  lockedUntil: string | null;
}

/**
 * Counts one attempt against a key, in one statement, unless the key is locked.
 * @returns what was reserved, or the instant the key is locked until
 */
async function reserve(
  db: DbOrTrx,
  { key, free }: LimitKey,
  now: Date,
): Promise<Reserved | { lockedUntil: string }> {
  const nowIso = now.toISOString();
  const forgotten = sql<boolean>`login_throttles.last_failure_at < ${new Date(now.getTime() - FORGET_AFTER_MS).toISOString()}`;
  const count = sql<number>`(case when ${forgotten} then 1 else login_throttles.failures + 1 end)`;
  const row = await db
    .insertInto('login_throttles')
    .values({ key, failures: 1, last_failure_at: nowIso, locked_until: null })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: count,
          last_failure_at: nowIso,
          locked_until: lockUntilSql(count, free, now),
        })
        // A locked key is left as it is: the attempt is refused and not counted.
        .where((eb) =>
          eb.or([
            eb('login_throttles.locked_until', 'is', null),
            eb('login_throttles.locked_until', '<=', nowIso),
          ]),
        ),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirst();
  if (row !== undefined) return { key, lockedUntil: row.locked_until };
  const locked = await db
    .selectFrom('login_throttles')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return { lockedUntil: locked?.locked_until ?? nowIso };
}

/**
 * Gives a reserved attempt back: one failure fewer, and the lock it set (if any) lifted. A lock
 * set by another attempt stays; it holds until that attempt gives its own back.
 */
async function release(db: DbOrTrx, reserved: Reserved): Promise<void> {
  const ours = reserved.lockedUntil;
  await db
    .updateTable('login_throttles')
    .set((eb) => ({
      failures: eb('failures', '-', 1),
      ...(ours !== null && {
        locked_until: sql<
          string | null
        >`case when locked_until = ${ours} then null else locked_until end`,
      }),
    }))
    .where('key', '=', reserved.key)
    .where('failures', '>', 0)
    .execute();
}

/** A sign-in attempt counted as a failure until it is known to be something else. */
export interface LoginAttempt {
  /** The password (and second factor) were right: clear the account's count, give the address its attempt back. */
  succeeded(db: DbOrTrx): Promise<void>;
  /** No password was checked after all (queue full, client gone, code still to come): give both back. */
  withdraw(db: DbOrTrx): Promise<void>;
}

/**
 * Counts an attempt against the account and the address before its password is checked.
 * A failure needs nothing more; call `succeeded` or `withdraw` on the answer otherwise.
 * @throws TooManyAttempts with the seconds to wait, when either key is locked
 */
export async function reserveLoginAttempt(
  db: DbOrTrx,
  email: string,
  address: string,
  now: Date,
): Promise<LoginAttempt> {
  const [accountLimit, addressLimit] = keysFor(email, address);
  const account = await reserve(db, accountLimit, now);
  if (!('key' in account)) throw tooMany(account.lockedUntil, now);
  const ip = await reserve(db, addressLimit, now);
  if (!('key' in ip)) {
    await release(db, account);
    throw tooMany(ip.lockedUntil, now);
  }
  return {
    async succeeded(trx) {
      await trx.deleteFrom('login_throttles').where('key', '=', account.key).execute();
      await release(trx, ip);
    },
    async withdraw(trx) {
      await release(trx, account);
      await release(trx, ip);
    },
  };
}

function tooMany(lockedUntil: string, now: Date): TooManyAttempts {
  return new TooManyAttempts(
    Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 1000)),
  );
}

/** Clears an account's count (a password set through a reset link proves the mailbox). */
export async function clearLoginFailures(db: DbOrTrx, email: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', accountKey(email)).execute();
}

/** Deletes counts that would start over anyway (housekeeping for the jobs loop). */
export async function deleteForgottenLoginFailures(db: DbOrTrx, now: Date): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('last_failure_at', '<', new Date(now.getTime() - FORGET_AFTER_MS).toISOString())
    .execute();
}
