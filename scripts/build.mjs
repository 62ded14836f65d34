// Builds what `npm start` runs: the program (dist/deho.cjs, loaded by dist/cli.js with V8's code
// cache dist/deho.cjs.cache) and the browser islands (dist/public/assets/<name>.js). `--watch`
// rebuilds them on change, without the code cache (dist/cli.js then compiles the bundle itself).
// `--if-stale` (what `npm start` runs first) builds only when the sources changed since the last
// build, so that starting an instance whose build is current never writes the program it runs.
//
// Several instances may start at once from one directory (a systemd template, a process
// manager): every file is written under a temporary name in its own directory and renamed into
// place, so a reader sees the old file or the new one, never a mix; and one build at a time runs,
// under dist/.build.lock, the others waiting for it and then finding the build current.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const ifStale = process.argv.includes('--if-stale');
const dist = path.join(root, 'dist');
/** What the last build was made from (sourceStamp()), written once the build is complete. */
const buildStampFile = path.join(dist, 'build-stamp');
const lockFile = path.join(dist, '.build.lock');
const LOCK_POLL_MS = 200;

const clientDir = path.join(root, 'src', 'client');
const islands = fs
  .readdirSync(clientDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
  .map((name) => path.join(clientDir, name));

// Dependencies are bundled too: resolving and loading ~1,500 module files from node_modules was
// most of the cold start (measured in docs/decisions.md). Native modules (better-sqlite3,
// sharp) cannot be bundled; pino starts its transports as worker files of its own; the rest
// are only needed by the bench or never loaded. The AWS SDK is loaded only by sites that keep
// media in S3 (DEHO_MEDIA_STORAGE=s3), from node_modules: bundled, every start would read it.
// The password-strength dictionaries load on the first password set, for the same reason.
const external = [
  '@aws-sdk/client-s3',
  'better-sqlite3',
  'sharp',
  'pino',
  'pino-pretty',
  'pg-native',
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  'esbuild',
  'autocannon',
];

const bundle = path.join(root, 'dist', 'deho.cjs');
// Keep in step with STAMP in src/launcher.ts.
const STAMP = '\n// deho-bundle ';

/** Writes `contents` to `file` through a temporary name in the same directory and a rename. */
function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * esbuild keeps each build's output in memory (`write: false`); this writes it, each file
 * atomically. The program's last line names a hash of its text: the code cache is only taken for
 * the bundle it was made from. The cache of an earlier bundle is removed.
 */
const writeOutput = {
  name: 'write-output',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      for (const output of result.outputFiles ?? []) {
        if (output.path !== bundle) {
          writeAtomically(output.path, output.contents);
          continue;
        }
        const stamp = crypto.createHash('sha256').update(output.text).digest('hex');
        writeAtomically(bundle, `${output.text}${STAMP}${stamp}\n`);
        fs.rmSync(`${bundle}.cache`, { force: true });
      }
    });
  },
};

/** Every file the build reads from the checkout, besides node_modules (named by the lockfile). */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  walk(path.join(root, 'src'));
  for (const name of [
    'public/assets/site.css',
    'scripts/build.mjs',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
  ]) {
    const file = path.join(root, name);
    if (fs.existsSync(file)) files.push(file);
  }
  return files.sort();
}

/**
 * A hash of what a build is made from: the sources' contents (not their times, which a checkout
 * or a copy changes), the dependencies' lockfile, Node's version (the code cache is V8's) and
 * esbuild's.
 */
function sourceStamp() {
  const hash = crypto.createHash('sha256');
  // esbuild's own package.json: importing esbuild takes longer than the whole check.
  const esbuildVersion = createRequire(import.meta.url)('esbuild/package.json').version;
  hash.update(`node ${process.version}\nesbuild ${esbuildVersion}\n`);
  for (const file of sourceFiles()) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ holds a complete build of exactly these sources. */
function buildIsCurrent(stamp) {
  let recorded;
  try {
    recorded = fs.readFileSync(buildStampFile, 'utf8').trim();
  } catch {
    return false;
  }
  return recorded === stamp && fs.existsSync(bundle) && fs.existsSync(path.join(dist, 'cli.js'));
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return error.code === 'EPERM';
  }
}

/**
 * Takes dist/.build.lock (a file naming the building process), waiting while another live
 * process holds it. A lock left by a build that died is taken over.
 * @param {() => boolean} stillNeeded asked after each wait: false when there is no need any more
 * @returns {boolean} true when taken, false when no longer needed
 */
async function takeBuildLock(stillNeeded) {
  fs.mkdirSync(dist, { recursive: true });
  let told = false;
  for (;;) {
    // Written under a temporary name and linked into place: the lock names its holder from the
    // moment it exists, and link() fails when another holds it.
    const mine = `${lockFile}.${process.pid}.tmp`;
    fs.writeFileSync(mine, String(process.pid));
    try {
      fs.linkSync(mine, lockFile);
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(mine, { force: true });
    }
    let holder;
    try {
      holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    } catch (error) {
      if (error.code === 'ENOENT') continue;
      throw error;
    }
    if (Number.isInteger(holder) && holder > 0 && !processIsAlive(holder)) {
      // Renamed away first, so that of several waiters only one removes the dead build's lock.
      const claimed = `${lockFile}.${process.pid}.stale`;
      try {
        fs.renameSync(lockFile, claimed);
        // Another waiter may have taken the lock over in between: then it is put back.
        if (fs.readFileSync(claimed, 'utf8') !== String(holder)) fs.linkSync(claimed, lockFile);
      } catch {
        // Another waiter took it over first.
      }
      fs.rmSync(claimed, { force: true });
      continue;
    }
    if (!told) {
      console.log(`Waiting for the build under way (process ${holder})…`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    if (!stillNeeded()) return false;
  }
}

function releaseBuildLock() {
  fs.rmSync(lockFile, { force: true });
}

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
  write: false,
  plugins: [writeOutput],
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
  write: false,
  plugins: [writeOutput],
};

/**
 * The admin editor shows the body in the reader's own typography: dist/public/assets/editor.css
 * is site.css scoped (CSS @scope) to the editor's .reader-canvas, its :root variables set on the
 * canvas. One source of truth for how an article looks; reader pages are not touched.
 */
function writeEditorCss() {
  const site = fs.readFileSync(path.join(root, 'public', 'assets', 'site.css'), 'utf8');
  const scoped = `/* Generated by scripts/build.mjs from site.css: do not edit. */\n@scope (.reader-canvas) {\n${site.replaceAll(':root', ':scope')}\n}\n`;
  writeAtomically(path.join(dist, 'public', 'assets', 'editor.css'), scoped);
}

const esbuild = await import('esbuild');
if (watch) {
  // What watching writes is not a complete build (no code cache): the next start builds again.
  fs.rmSync(buildStampFile, { force: true });
  writeEditorCss();
  const contexts = await Promise.all(
    [launcher, program, bench, client].map((options) => esbuild.context(options)),
  );
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('Watching src/ for changes (Ctrl-C to stop).');
} else {
  const stamp = sourceStamp();
  if (ifStale && buildIsCurrent(stamp)) process.exit(0);
  // `--if-stale` stops waiting as soon as another build has made this one current.
  if (!(await takeBuildLock(() => !ifStale || !buildIsCurrent(stamp)))) process.exit(0);
  try {
    fs.rmSync(buildStampFile, { force: true });
    writeEditorCss();
    try {
      await Promise.all(
        [launcher, program, bench, client].map((options) => esbuild.build(options)),
      );
    } catch {
      // esbuild has already printed the errors with their locations.
      process.exitCode = 1;
    }
    if (process.exitCode !== 1) {
      // After every build: the rehearsal renders pages with the islands' assets.
      writeCodeCache();
      writeAtomically(buildStampFile, `${stamp}\n`);
    }
  } finally {
    releaseBuildLock();
  }
}
