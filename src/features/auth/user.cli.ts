import type { Config } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { systemClock } from '../../lib/clock.js';
import { createUser } from './user.service.js';

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
