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
  // Dependencies are bundled too: resolving and loading ~1,500 module files from node_modules was
  // most of the cold start (measured in docs/decisions.md). Native modules (better-sqlite3,
  // sharp) cannot be bundled; pino starts its transports as worker files of its own; the rest
  // are only needed by the bench or never loaded.
  external: [
    'better-sqlite3',
    'sharp',
    'pino',
    'pino-pretty',
    'pg-native',
    'esbuild',
    'autocannon',
  ],
  // Bundled CommonJS packages call require() and read __dirname, which ES modules lack.
  banner: {
    js: [
      "import { createRequire as __dehoCreateRequire } from 'node:module';",
      "import { fileURLToPath as __dehoFileUrlToPath } from 'node:url';",
      'const require = __dehoCreateRequire(import.meta.url);',
      'const __filename = __dehoFileUrlToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
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
