// Builds what `npm start` runs: the server bundle (dist/cli.js) and the browser islands
// (dist/public/assets/<name>.js). `--watch` rebuilds both on change.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

const clientDir = path.join(root, 'src', 'client');
const islands = fs
  .readdirSync(clientDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
  .map((name) => path.join(clientDir, name));

/** @type {import('esbuild').BuildOptions} */
const server = {
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', bench: 'src/bench/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules: native modules (better-sqlite3) cannot be bundled, and
  // the others resolve at run time exactly as in development.
  packages: 'external',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'info',
};

/** @type {import('esbuild').BuildOptions} */
const client = {
  absWorkingDir: root,
  entryPoints: islands,
  outdir: 'dist/public/assets',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  logLevel: 'info',
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(server), esbuild.context(client)]);
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('Watching src/ for changes (Ctrl-C to stop).');
} else {
  try {
    await Promise.all([esbuild.build(server), esbuild.build(client)]);
  } catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
  }
}
