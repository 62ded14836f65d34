import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Browser tests (npm run test:e2e) and build tests (npm run test:build) have their own runs.
    exclude: ['test/e2e/**', 'test/build/**', 'node_modules/**'],
    // Lowers scrypt's cost for the run (production's is asserted in password.test.ts).
    setupFiles: ['test/helpers/setup.ts'],
    // Limits for a test that hangs, not expectations of speed: no test waits for them (tests
    // poll with until()), and a 2-core machine at load 20 runs a 2-second test for 40 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (Vitest's default is one worker fewer than the cores):
    // much of a test's time is spent waiting on child processes, sockets and disk, not on the
    // CPU. Tests that rewrite shared files (the build) are in npm run test:build, not here.
    //
    // On PostgreSQL, one file at a time: Kysely's migrator lists tables with
    // pg_get_serial_sequence('<schema>.<table>'), which fails with "schema … does not exist" when
    // another worker's test drops its schema between the catalog read and that call (CI saw it
    // in 6 files once the run had two workers).
    maxWorkers:
      process.env.DEHO_TEST_DIALECT === 'postgres' ? 1 : Math.max(2, os.availableParallelism() - 1),
    // global.gc, so that memory tests measure what is held, not what is yet to be collected.
    execArgv: ['--expose-gc'],
    // Each worker keeps its modules from one test file to the next instead of importing the app
    // again for every file: the suite took 122 s with isolation and 45 s without. Every test
    // makes its own database and app, and no test mocks modules, fakes timers or edits
    // process.env, so there is no state for a file to leave behind.
    isolate: false,
  },
});
