import type { Config } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { systemClock } from '../../lib/clock.js';
import { createUser, setPasswordFromServer } from './user.service.js';

/** Reads the password from standard input: its first line, without the line break. */
export async function readPasswordLine(stdin: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * `deho user create`: makes an active account with a password. Like /admin/setup, the first
 * account is usually the owner; a second owner is refused (ownership moves by transfer).
 * @returns the line to print
 */
export async function userCreateCommand(
  config: Config,
  input: { email: string; name: string; role: string; password: string },
): Promise<{ applied: number; message: string }> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    const applied = (await migrateToLatest(handle.db)).length;
    const user = await createUser(handle.db, systemClock, input);
    return {
      applied,
      message: `Created user ${user.id} ${user.email} (${user.name}) with role ${user.role}. Sign in at ${config.baseUrl}/admin/login`,
    };
  } finally {
    await handle.close();
  }
}

/**
 * `deho user set-password`: a new password for an account, set by whoever runs the server.
 * @returns the lines to print
 */
export async function userSetPasswordCommand(
  config: Config,
  input: { email: string; password: string; turnOffTwoFactor: boolean },
): Promise<{ applied: number; message: string }> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    const applied = (await migrateToLatest(handle.db)).length;
    const { user, endedSessions, twoFactorOff } = await setPasswordFromServer(
      handle.db,
      systemClock,
      input,
    );
    const lines = [
      `New password set for ${user.email} (${user.name}, ${user.role}); ${endedSessions} session(s) ended.`,
      twoFactorOff
        ? 'Two-factor sign-in is off for this account; it can be turned on again under Account.'
        : 'Two-factor sign-in stays on: add --turn-off-two-factor if the authenticator is lost.',
      user.status === 'suspended'
        ? 'The account is suspended: an owner or admin must reinstate it before it can sign in.'
        : `Sign in at ${config.baseUrl}/admin/login`,
    ];
    return { applied, message: lines.join('\n') };
  } finally {
    await handle.close();
  }
}
