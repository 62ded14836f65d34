import os from 'node:os';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test/helpers/poll.js';
import { connectDatabase, type DbHandle } from './connect.js';

/*
 * The PostgreSQL pool takes its size and timeouts from the configuration (DEHO_PG_POOL_MAX,
 * DEHO_PG_STATEMENT_TIMEOUT_MS, DEHO_PG_CONNECT_TIMEOUT_MS). Runs on PostgreSQL when
 * DEHO_TEST_DATABASE_URL is set.
 */

const databaseUrl = process.env.DEHO_TEST_DATABASE_URL;
const dataDir = os.tmpdir();

describe.runIf(databaseUrl !== undefined)('the PostgreSQL pool', () => {
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('opens no more connections than DEHO_PG_POOL_MAX: a third user waits for a free one', async () => {
    handle = connectDatabase({
      dataDir,
      databaseUrl,
      pgPool: { max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000 },
    });
    const { db } = handle;
    const backends: number[] = [];
    const releases: (() => void)[] = [];
    // Each user keeps its connection until released; it notes the server process serving it.
    const users = Array.from({ length: 3 }, () =>
      db.connection().execute(async (connection) => {
        const { rows } = await sql<{
          pid: number;
        }>`select pg_backend_pid() as pid`.execute(connection);
        backends.push(rows[0]!.pid);
        await new Promise<void>((resolve) => releases.push(resolve));
      }),
    );
    await until(() => backends.length >= 2);
    releases[0]!();
    await until(() => backends.length === 3);
    for (const release of releases) release();
    await Promise.all(users);
    // The third ran on a connection the first gave back, not on one of its own.
    expect(new Set(backends).size).toBe(2);
  });

  it('cancels a statement that runs past DEHO_PG_STATEMENT_TIMEOUT_MS with a clear error', async () => {
    handle = connectDatabase({
      dataDir,
      databaseUrl,
      pgPool: { max: 2, statementTimeoutMs: 50, connectTimeoutMs: 5_000 },
    });
    await expect(sql`select pg_sleep(60)`.execute(handle.db)).rejects.toMatchObject({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    });
    const { rows } = await sql<{
      timeout: string;
    }>`select current_setting('statement_timeout') as timeout`.execute(handle.db);
    expect(rows[0]!.timeout).toBe('50ms');
  });
});
