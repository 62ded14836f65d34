import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { CliIo } from './cli.js';

/*
 * dist/cli.js: what `node dist/cli.js` and bin/deho.js run. It loads the program, the CommonJS
 * bundle dist/deho.cjs (src/cli.ts and everything it imports), through V8's code cache.
 *
 * Compiling the 6 MB bundle took about 200 ms of every start, and compiling each function the
 * first time it ran took much of the rest of the cold start. `npm run build` therefore goes
 * through a start-up once (rehearse() in server.ts) and keeps what V8 compiled on the way in
 * dist/deho.cjs.cache; a start that finds that cache takes the compiled code from it instead.
 * V8 refuses a cache made by another V8 or under other V8 flags, and checks only the length of
 * the source, so the cache also names the bundle it was made from (a hash of its text, which the
 * build writes on the bundle's last line). Anything amiss and the bundle is compiled as before.
 */

/** What the bundle exports (src/cli.ts). */
export interface Program {
  main(): Promise<void>;
  runCli(argv: string[], io: CliIo): Promise<number>;
  rehearse(): Promise<void>;
}

/** The bundle's last line, written by scripts/build.mjs: `// deho-bundle <sha256 of the text above>`. */
const STAMP = '\n// deho-bundle ';
const CACHE_MAGIC = 'deho-code-cache 1 ';

/** The bundle's own stamp, or undefined when it has none (a bundle not made by the build). */
function bundleStamp(source: string): string | undefined {
  const at = source.lastIndexOf(STAMP);
  if (at === -1) return undefined;
  const stamp = source.slice(at + STAMP.length).trim();
  return /^[0-9a-f]{64}$/.test(stamp) ? stamp : undefined;
}

/** The cached data in `file` when it was made from the bundle with this stamp. */
function readCache(file: string, stamp: string | undefined): Buffer | undefined {
  if (stamp === undefined) return undefined;
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const header = CACHE_MAGIC + stamp + '\n';
  if (data.length <= header.length || data.toString('latin1', 0, header.length) !== header)
    return undefined;
  return data.subarray(header.length);
}

/** Writes the cache for the bundle with this stamp; another process never sees half a file. */
function writeCache(file: string, stamp: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([Buffer.from(CACHE_MAGIC + stamp + '\n'), data]));
  fs.renameSync(temporary, file);
}

/**
 * Compiles and runs the bundle.
 * @param file the bundle (dist/deho.cjs)
 * @param options.cache false to compile without the cache (to make a new one)
 */
function loadProgram(
  file: string,
  options: { cache?: boolean } = {},
): { program: Program; script: vm.Script; stamp: string | undefined; cacheUsed: boolean } {
  const cacheFile = `${file}.cache`;
  // The bundle is one function expression, `(function (exports, require, module, __filename,
  // __dirname) {…})` (see scripts/build.mjs): its text goes to V8 as read, not copied.
  const source = fs.readFileSync(file, 'utf8');
  const stamp = bundleStamp(source);
  const cachedData = options.cache === false ? undefined : readCache(cacheFile, stamp);
  const script = new vm.Script(source, { filename: file, cachedData });
  const cacheUsed = script.cachedDataRejected === false;
  const module = { exports: {} as Program };
  const dirname = path.dirname(file);
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    dirname,
  );
  return { program: module.exports, script, stamp, cacheUsed };
}

/*
 * V8 lets the heap grow to about four times what survived the last full collection before it
 * collects again. Under load that was most of Deho's memory (~40 MB live, up to ~190 MB of
 * heap): most of what HTTP requests allocate survives a scavenge or two, and waits there. Growing
 * by HEAP_GROWTH % collects more often (concurrently, on another core) and kept the peak RSS of
 * the bench load under 250 MB at about the same throughput. Set before the bundle is compiled:
 * V8's code cache is only taken under the flags it was made with, and the build makes it through
 * this file too. `node --heap-growing-percent=N dist/cli.js` keeps its own N (0: V8's default).
 */
const HEAP_GROWTH = 50;
function tuneHeap(): void {
  const own = process.execArgv.some((flag) =>
    flag.replace(/_/g, '-').startsWith('--heap-growing-percent'),
  );
  if (!own) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH}`);
}
tuneHeap();

const here = fileURLToPath(import.meta.url);
const bundle = path.join(path.dirname(here), 'deho.cjs');

/** True when this file is the program (node dist/cli.js), false when imported (bin/deho.js). */
function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(here);
  } catch {
    return false;
  }
}

// `DEHO_WRITE_CODE_CACHE=1 node dist/cli.js`, run by the build: rehearse, then keep the code.
const writing = process.env.DEHO_WRITE_CODE_CACHE === '1' && isMainModule();
const loaded = loadProgram(bundle, { cache: !writing });

/** Whether this process took the program's compiled code from the cache (for tests). */
export const codeCacheUsed = loaded.cacheUsed;
export const main = (): Promise<void> => loaded.program.main();
export const runCli = (argv: string[], io: CliIo): Promise<number> =>
  loaded.program.runCli(argv, io);

if (writing) {
  if (loaded.stamp === undefined) throw new Error(`${bundle} has no stamp line; rebuild it.`);
  await loaded.program.rehearse();
  writeCache(`${bundle}.cache`, loaded.stamp, loaded.script.createCachedData());
} else if (isMainModule()) {
  await main();
}
