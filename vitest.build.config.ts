import { defineConfig } from 'vitest/config';

/*
 * `npm run test:build`: the tests that run the build script (the built bin, ten `npm start` at
 * once). They are out of `npm test` because they rebuild dist/ under the tests that serve from it
 * and take most of a 2-core machine for half a minute; CI runs them after its build step.
 */
export default defineConfig({
  test: {
    include: ['test/build/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
