import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Browser tests (npm run test:e2e) and build tests (npm run test:build) have their own runs.
    exclude: ['test/e2e/**', 'test/build/**', 'node_modules/**'],
    // Lowers scrypt's cost for the run (production's is asserted in password.test.ts).
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // global.gc, so that memory tests measure what is held, not what is yet to be collected.
    execArgv: ['--expose-gc'],
    // Each worker keeps its modules from one test file to the next instead of importing the app
    // again for every file: the suite took 122 s with isolation and 45 s without. Every test
    // makes its own database and app, and no test mocks modules, fakes timers or edits
    // process.env, so there is no state for a file to leave behind.
    isolate: false,
  },
});
