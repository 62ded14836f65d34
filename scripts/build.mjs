// Builds what `npm start` runs: the program (dist/deho.cjs, loaded by dist/cli.js with V8's code
// cache dist/deho.cjs.cache) and the browser islands (dist/public/assets/<name>.js). `--watch`
// rebuilds them on change, without the code cache (dist/cli.js then compiles the bundle itself).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
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

// Dependencies are bundled too: resolving and loading ~1,500 module files from node_modules was
// most of the cold start (measured in docs/decisions.md). Native modules (better-sqlite3,
// sharp) cannot be bundled; pino starts its transports as worker files of its own; the rest
// are only needed by the bench or never loaded.
const external = [
  'better-sqlite3',
  'sharp',
  'pino',
  'pino-pretty',
  'pg-native',
  'esbuild',
  'autocannon',
];

const bundle = path.join(root, 'dist', 'deho.cjs');
// Keep in step with STAMP in src/launcher.ts.
const STAMP = '\n// deho-bundle ';

/**
 * After each build of the program, its last line names a hash of its text: the code cache is
 * only taken for the bundle it was made from. The cache of an earlier bundle is removed.
 */
const stampBundle = {
  name: 'stamp-bundle',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const text = fs.readFileSync(bundle, 'utf8');
      const stamp = crypto.createHash('sha256').update(text).digest('hex');
      fs.writeFileSync(bundle, `${text}${STAMP}${stamp}\n`);
      fs.rmSync(`${bundle}.cache`, { force: true });
    });
  },
};

/**
 * Fills the code cache: `DEHO_WRITE_CODE_CACHE=1 node dist/cli.js` goes through a start-up
 * (rehearse() in src/server.ts) and keeps what V8 compiled. A failure only costs speed.
 */
function writeCodeCache() {
  const rehearsal = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js')], {
    env: { ...process.env, DEHO_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (rehearsal.status !== 0 || !fs.existsSync(`${bundle}.cache`)) {
    console.warn(
      `Could not make the code cache (dist/deho.cjs.cache); Deho starts without it, slower.\n${rehearsal.stderr || String(rehearsal.error ?? '')}`,
    );
  }
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'info',
};

/**
 * The loader, dist/cli.js (src/launcher.ts): small, an ES module so that bin/deho.js and tests
 * can import it.
 * @type {import('esbuild').BuildOptions}
 */
const launcher = {
  ...common,
  entryPoints: { cli: 'src/launcher.ts' },
  outdir: 'dist',
  format: 'esm',
  packages: 'external',
};

/**
 * The program, CommonJS: V8's code cache is available to vm.Script (classic scripts), not to
 * ES modules on Node 20. Each `import()` becomes a require() that runs the module on first use.
 * @type {import('esbuild').BuildOptions}
 */
const program = {
  ...common,
  entryPoints: { deho: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__dehoImportMetaUrl' },
  // The bundle is one function expression with the parameters of Node's CommonJS wrapper, strict
  // like the ES modules it is made of, so that the launcher hands its text to V8 as it is.
  banner: {
    js: [
      '(function (exports, require, module, __filename, __dirname) {',
      "'use strict';",
      "const __dehoImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    ].join('\n'),
  },
  footer: { js: '})' },
  plugins: [stampBundle],
};

/** The benchmark (npm run bench), an ES module as before. @type {import('esbuild').BuildOptions} */
const bench = {
  ...common,
  entryPoints: { bench: 'src/bench/main.ts', 'bench-posters': 'src/bench/poster-process.ts' },
  outdir: 'dist',
  format: 'esm',
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

/**
 * The admin editor shows the body in the reader's own typography: dist/public/assets/editor.css
 * is site.css scoped (CSS @scope) to the editor's .reader-canvas, its :root variables set on the
 * canvas. One source of truth for how an article looks; reader pages are not touched.
 */
function writeEditorCss() {
  const site = fs.readFileSync(path.join(root, 'public', 'assets', 'site.css'), 'utf8');
  const scoped = `/* Generated by scripts/build.mjs from site.css: do not edit. */\n@scope (.reader-canvas) {\n${site.replaceAll(':root', ':scope')}\n}\n`;
  fs.mkdirSync(path.join(root, 'dist', 'public', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'public', 'assets', 'editor.css'), scoped);
}

writeEditorCss();

if (watch) {
  const contexts = await Promise.all(
    [launcher, program, bench, client].map((options) => esbuild.context(options)),
  );
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('Watching src/ for changes (Ctrl-C to stop).');
} else {
  try {
    await Promise.all([launcher, program, bench, client].map((options) => esbuild.build(options)));
  } catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
  }
  // After every build: the rehearsal renders pages with the islands' assets.
  writeCodeCache();
}
