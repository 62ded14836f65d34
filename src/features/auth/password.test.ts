import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  currentPasswordCost,
  hashPassword,
  PASSWORD_COST,
  usePasswordCostForTests,
  verifyDummyPassword,
  verifyPassword,
} from './password.js';
import { TEST_PASSWORD_COST } from '../../../test/helpers/setup.js';

/*
 * The unit run hashes at a low cost (test/helpers/setup.ts); these tests pin what production
 * hashes with, in this process and in a fresh one that no test setup has touched.
 */

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

const costOf = (hash: string) => hash.split('$').slice(1, 4).map(Number);

describe('the password cost', () => {
  it('is N 2^15, r 8, p 1 in production, and fixed', () => {
    expect(PASSWORD_COST).toEqual({ N: 32768, r: 8, p: 1 });
    expect(Object.isFrozen(PASSWORD_COST)).toBe(true);
  });

  it('is production cost in a fresh process (nothing outside tests lowers it)', async () => {
    // The module as the server bundles it, run by plain Node, away from the test setup.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-password-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const bundle = path.join(dir, 'password.mjs');
    await build({
      entryPoints: [path.join(here, 'password.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
    });
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(bundle)});
       console.log(JSON.stringify({ cost: m.currentPasswordCost(), hash: await m.hashPassword('a long password') }));`,
    ]);
    const fresh = JSON.parse(stdout) as { cost: unknown; hash: string };
    expect(fresh.cost).toEqual(PASSWORD_COST);
    expect(costOf(fresh.hash)).toEqual([32768, 8, 1]);
    expect(await verifyPassword('a long password', fresh.hash)).toBe(true);
  });

  it('is the low test cost in the unit run, and every hash records its own cost', async () => {
    expect(currentPasswordCost()).toEqual(TEST_PASSWORD_COST);
    const cheap = await hashPassword('a long password');
    expect(costOf(cheap)).toEqual([1024, 8, 1]);

    const testCost = usePasswordCostForTests(PASSWORD_COST);
    onTestFinished(() => void usePasswordCostForTests(testCost));
    const dear = await hashPassword('a long password');
    expect(costOf(dear)).toEqual([32768, 8, 1]);
    // Hashes made at either cost verify whatever the current cost is.
    expect(await verifyPassword('a long password', cheap)).toBe(true);
    expect(await verifyPassword('a long password', dear)).toBe(true);
    expect(await verifyPassword('another password', dear)).toBe(false);
    expect(await verifyDummyPassword('a long password')).toBe(false);
  });
});
