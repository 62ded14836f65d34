// Rules are 'error' or 'off', never 'warn': a warning is a decision not yet taken.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import deho from './scripts/eslint-feature-boundaries.mjs';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Fastify plugins and hooks are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Every file of src/, a feature's tests included, reaches another feature only through its
    // index.ts; within its own feature a file imports freely. The tests under test/ drive the
    // whole app from outside and may use a feature's internals (TOTP codes, test fixtures).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { deho },
    rules: { 'deho/feature-boundaries': 'error' },
  },
  {
    // Allowlist, meant to stay this short: the Database type gathers every feature's table types.
    files: ['src/db/database.ts'],
    rules: { 'deho/feature-boundaries': 'off' },
  },
  {
    files: ['src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/client/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
