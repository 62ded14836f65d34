import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import {
  ACCOUNT_FREE_FAILURES,
  ADDRESS_FREE_FAILURES,
  FIRST_LOCK_MS,
  lockMs,
  MAX_LOCK_MS,
} from './login-limits.js';
import { PASSWORD_COST, passwordWork, usePasswordCostForTests } from './password.js';
import { until } from '../../../test/helpers/poll.js';

/*
 * Bursts of parallel sign-ins against the limits, on SQLite and (with DEHO_TEST_DATABASE_URL)
 * PostgreSQL. The password checks are counted by the hashing queue, which every scrypt of the
 * process goes through.
 */

const BASE = '/api/admin/v1';
/** scrypt at production cost takes up to a second each on a loaded CI machine. */
const BURST_TIMEOUT_MS = 120_000;
const OWNER = {
  email: 'owner@example.com',
  name: 'Olive Owner',
  password: 'correct horse battery',
};

/** Password checks (scrypt runs) while `work` runs. */
async function checksDuring<T>(work: () => Promise<T>): Promise<{ result: T; checks: number }> {
  const before = passwordWork.stats().started;
  const result = await work();
  return { result, checks: passwordWork.stats().started - before };
}

describe('the lockout schedule', () => {
  it('locks after 5 failures for 10 minutes, doubling up to 7 days (at least as strict as Ghost 5)', () => {
    expect(ACCOUNT_FREE_FAILURES).toBe(5);
    expect(ADDRESS_FREE_FAILURES).toBe(20);
    expect(lockMs(4, 5)).toBe(0);
    expect(lockMs(5, 5)).toBe(FIRST_LOCK_MS);
    expect(FIRST_LOCK_MS).toBe(10 * 60_000);
    expect(lockMs(6, 5)).toBe(20 * 60_000);
    expect(lockMs(50, 5)).toBe(MAX_LOCK_MS);
    expect(MAX_LOCK_MS).toBe(7 * 24 * 3600_000);
  });
});

describe.each(DIALECTS)('parallel sign-ins against the limits (%s)', (dialect) => {
  let t: TestApp;
  afterEach(async () => t.close());

  const signIn = (email: string, password: string, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email, password },
      remoteAddress: ip,
    });

  const accountAttempts = async () =>
    (
      await t.db
        .selectFrom('login_throttles')
        .select('failures')
        .where('key', '=', `account:${OWNER.email}`)
        .executeTakeFirst()
    )?.failures ?? 0;

  async function withOwner(): Promise<void> {
    t = await buildTestApp({ dialect, demo: false });
    const setup = await t.app.inject({
      method: 'POST',
      url: `${BASE}/setup`,
      payload: { user: OWNER },
    });
    expect(setup.statusCode).toBe(201);
  }

  it(
    'checks at most 5 passwords of one account in a burst, and refuses the right one after them',
    async () => {
      // The right password must join while wrong ones are still being checked: at production
      // cost a check takes long enough for that (the unit run's low cost may finish them first).
      const testCost = usePasswordCostForTests(PASSWORD_COST);
      onTestFinished(() => void usePasswordCostForTests(testCost));
      await withOwner();
      const before = passwordWork.stats().started;
      let wrongAnswered = 0;
      const wrong = Array.from({ length: 11 }, () =>
        signIn(OWNER.email, 'wrong password!', '10.2.0.1').then((res) => {
          wrongAnswered++;
          return res;
        }),
      );
      // The right password joins the burst once the account holds 5 attempts, while their
      // checks still run (parallel tries are not ordered, on PostgreSQL least of all).
      await until(async () => (await accountAttempts()) >= ACCOUNT_FREE_FAILURES);
      const unansweredWhenRightSent = 11 - wrongAnswered;
      const right = signIn(OWNER.email, OWNER.password, '10.2.0.1');
      const answers = await Promise.all([...wrong, right]);
      const checks = passwordWork.stats().started - before;
      expect(unansweredWhenRightSent).toBeGreaterThan(0);
      const statuses = answers.map((a) => a.statusCode);
      expect(checks).toBeLessThanOrEqual(ACCOUNT_FREE_FAILURES);
      expect(statuses.filter((s) => s === 401)).toHaveLength(checks);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - checks);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(answers.at(-1)?.headers['retry-after'])).toBeGreaterThan(590);
      // Later, sequentially: still locked, and nothing is hashed for a refused attempt.
      const later = await checksDuring(() => signIn(OWNER.email, OWNER.password, '10.2.0.2'));
      expect(later.result.statusCode).toBe(429);
      expect(later.checks).toBe(0);
    },
    BURST_TIMEOUT_MS,
  );

  it(
    'checks at most 20 passwords from one address in a burst over many accounts',
    async () => {
      await withOwner();
      const { result: answers, checks } = await checksDuring(() =>
        Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            signIn(`nobody${i}@example.com`, 'wrong password!', '10.3.0.1'),
          ),
        ),
      );
      expect(checks).toBeLessThanOrEqual(ADDRESS_FREE_FAILURES);
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(checks);
      // Refused at once: by the lock (429) or, past the hashing queue, 503; both say when to retry.
      for (const answer of answers.filter((a) => a.statusCode !== 401)) {
        expect([429, 503]).toContain(answer.statusCode);
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      // Every check counted, every refusal from the queue given back.
      const ip = await t.db
        .selectFrom('login_throttles')
        .select('failures')
        .where('key', '=', 'ip:10.3.0.1')
        .executeTakeFirstOrThrow();
      expect(ip.failures).toBe(checks);
      for (let i = checks; i < ADDRESS_FREE_FAILURES; i++)
        await signIn(`later${i}@example.com`, 'wrong password!', '10.3.0.1');
      const owner = await checksDuring(() => signIn(OWNER.email, OWNER.password, '10.3.0.1'));
      expect(owner.result.statusCode).toBe(429);
      expect(owner.checks).toBe(0);
    },
    BURST_TIMEOUT_MS,
  );

  it(
    'clears the account after a success but keeps the address count; a success gives its attempt back',
    async () => {
      await withOwner();
      for (let i = 0; i < 4; i++) await signIn(OWNER.email, 'wrong password!', '10.4.0.1');
      expect((await signIn(OWNER.email, OWNER.password, '10.4.0.1')).statusCode).toBe(201);
      const rows = await t.db
        .selectFrom('login_throttles')
        .select(['key', 'failures', 'locked_until'])
        .orderBy('key')
        .execute();
      expect(rows).toEqual([{ key: 'ip:10.4.0.1', failures: 4, locked_until: null }]);
      // Four more wrong ones: the account locks at its fifth failure since the success.
      for (let i = 0; i < 4; i++) await signIn(OWNER.email, 'wrong password!', '10.4.0.2');
      expect((await signIn(OWNER.email, OWNER.password, '10.4.0.2')).statusCode).toBe(201);
    },
    BURST_TIMEOUT_MS,
  );

  it(
    'costs one password check for an unknown e-mail, as for a known one',
    async () => {
      await withOwner();
      const known = await checksDuring(() => signIn(OWNER.email, 'wrong password!', '10.5.0.1'));
      const unknown = await checksDuring(() =>
        signIn('nobody@example.com', 'wrong password!', '10.5.0.1'),
      );
      expect(known.result.statusCode).toBe(401);
      expect(unknown.result.statusCode).toBe(401);
      expect(unknown.result.json()).toEqual(known.result.json());
      expect(known.checks).toBe(1);
      expect(unknown.checks).toBe(1);
    },
    BURST_TIMEOUT_MS,
  );
});
