import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/lib/paths.js';

/*
 * The program as `npm install` leaves it: the build script, then `bin/deho.js` and `dist/cli.js`.
 * Moved out of `npm test` (src/cli.test.ts) because it rebuilds dist/ under the tests that serve
 * from it; `npm run test:build` runs it after the build, in CI too (.ci/run).
 */

const run = promisify(execFile);
const root = projectRoot();
const cli = path.join(root, 'dist', 'cli.js');

/** Runs the built program with `input` on standard input. */
function runWithStdin(args: string[], env: NodeJS.ProcessEnv, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the built program', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root });
  }, 120_000);

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-built-'));
    env = { ...process.env, DEHO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEHO_DEMO: '0' };
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the built bin runs (node bin/deho.js after the build script)', async () => {
    const help = await run(process.execPath, [path.join(root, 'bin', 'deho.js'), '--help']);
    expect(help.stdout).toContain('Usage: deho');
    // The build made V8's code cache for the bundle, and a start takes its code from it.
    const launcher = pathToFileURL(cli).href;
    const cached = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const { codeCacheUsed } = await import(${JSON.stringify(launcher)}); console.log(codeCacheUsed);`,
    ]);
    expect(cached.stdout.trim()).toBe('true');
    const created = await run(process.execPath, [cli, 'apikey', 'create', '--name', 'bin'], {
      env,
    });
    expect(created.stdout.trimEnd().split('\n').at(-1)).toMatch(/^deho_[A-Za-z0-9_-]{40}$/);
    await expect(run(process.execPath, [cli, 'nope'])).rejects.toMatchObject({ code: 2 });
  });

  it('hashes passwords at production cost (scrypt N 2^15, r 8, p 1)', async () => {
    const created = await runWithStdin(
      [
        'user',
        'create',
        '--email',
        'owner@example.com',
        '--name',
        'Owner',
        '--role',
        'owner',
        '--password-stdin',
      ],
      env,
      'a long enough password\n',
    );
    expect(created, created.stderr).toMatchObject({ code: 0 });
    const db = new Database(path.join(dataDir, 'deho.db'), { readonly: true });
    try {
      const row = db
        .prepare('select password_hash from users where email = ?')
        .get('owner@example.com') as { password_hash: string };
      expect(row.password_hash.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    } finally {
      db.close();
    }
  });
});
