import { usePasswordCostForTests } from '../../src/features/auth/password.js';

/*
 * Runs before every file of the unit run (vitest.config.ts, setupFiles).
 *
 * Passwords are hashed at a low scrypt cost: N 2^10 (1 MiB, about a millisecond) instead of
 * production's N 2^15 (32 MiB, 0.1 s quiet and over a second on a loaded 2-core machine), which
 * the suite's few hundred accounts and sign-ins made its slowest part. The production cost is
 * asserted by password.test.ts and by the built program's test (test/build/built-bin.test.ts);
 * the tests of the hashing queue's limits ask for it back (usePasswordCostForTests), since they
 * need each hash to take a while.
 */
export const TEST_PASSWORD_COST = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

usePasswordCostForTests(TEST_PASSWORD_COST);
