import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { runCli, type CliIo } from '../../cli.js';
import { loadConfig } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';

/*
 * `deho user set-password`: the way back in for an owner without mail (no DEHO_SMTP_URL means no
 * reset link), or who lost their authenticator, for whoever runs the server.
 */
describe('deho user set-password', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-user-cli-'));
    env = { DEHO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEHO_DEMO: '0' };
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function cli(args: string[], stdin = '') {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env,
      cwd: os.tmpdir(),
      stdin: Readable.from([stdin]),
    };
    const code = await runCli(args, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  async function signIn(email: string, password: string) {
    const config = loadConfig(env);
    const handle = connectDatabase({ dataDir, databaseUrl: undefined });
    const app = await buildApp(config, { db: handle.db, dialect: 'sqlite', logger: false });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/admin/v1/session',
        payload: { email, password },
      });
      return res.statusCode;
    } finally {
      await app.close();
      await handle.close();
    }
  }

  it('sets a new password, ends the sessions and turns two-factor sign-in off on request', async () => {
    const created = await cli(
      [
        'user',
        'create',
        '--email',
        'Owner@Deho.test',
        '--name',
        'Owner',
        '--role',
        'owner',
        '--password-stdin',
      ],
      'first password 1\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(await signIn('owner@deho.test', 'first password 1')).toBe(201);
    const handle = connectDatabase({ dataDir, databaseUrl: undefined });
    await handle.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP' })
      .where('email', '=', 'owner@deho.test')
      .execute();
    await handle.close();

    const set = await cli(
      [
        'user',
        'set-password',
        '--email',
        'OWNER@deho.test',
        '--turn-off-two-factor',
        '--password-stdin',
      ],
      'a new long password\n',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(
      /New password set for owner@deho\.test \(Owner, owner\); 1 session\(s\) ended\./,
    );
    expect(set.stdout).toMatch(/two-factor sign-in is off/i);
    expect(await signIn('owner@deho.test', 'first password 1')).toBe(401);
    expect(await signIn('owner@deho.test', 'a new long password')).toBe(201);
  });

  it('refuses an unknown e-mail, a short password and a missing --password-stdin, changing nothing', async () => {
    await cli(
      [
        'user',
        'create',
        '--email',
        'ed@deho.test',
        '--name',
        'Ed',
        '--role',
        'editor',
        '--password-stdin',
      ],
      'first password 1\n',
    );
    const unknown = await cli(
      ['user', 'set-password', '--email', 'nobody@deho.test', '--password-stdin'],
      'a new long password\n',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account has the e-mail nobody@deho\.test/);
    const short = await cli(
      ['user', 'set-password', '--email', 'ed@deho.test', '--password-stdin'],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const noStdin = await cli(['user', 'set-password', '--email', 'ed@deho.test']);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
    expect(await signIn('ed@deho.test', 'first password 1')).toBe(201);
  });
});
