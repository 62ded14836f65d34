import { sql } from 'kysely';
import type { App, AppContext } from '../context.js';
import { newestAppliedMigration, newestKnownMigration } from '../db/migrate.js';
import { RETRY_AFTER_SECONDS } from './errors.js';

/** GET /healthz (liveness): 200 when the database answers a query, 503 when it does not. */
export function healthRoutes(app: App, ctx: AppContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return await reply
        .header('cache-control', 'no-store')
        .send({ status: 'ok', database: ctx.dialect });
    } catch (error) {
      app.log.error({ err: error }, 'health check: database not answering');
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ status: 'unavailable', database: ctx.dialect });
    }
  });
}

/**
 * The database must answer the readiness read within this: a balancer's probe typically gives up
 * after a second or two, and an instance that slow should not get traffic anyway.
 */
export const READY_DATABASE_BOUND_MS = 1_000;

export interface ReadinessSources {
  /** True from the first moment of a shutdown (SIGTERM) on. */
  draining(): boolean;
  /** Whether the Redis subscription is live; absent without REDIS_URL. */
  redisConnected?: () => boolean;
}

/** The check values that make an instance not ready. */
const FAILED: ReadonlySet<string> = new Set(['unreachable', 'too slow', 'behind', 'yes']);

type DatabaseCheck = 'ok' | 'unreachable' | 'too slow';
type MigrationsCheck = 'ok' | 'behind' | 'unknown';

/**
 * GET /readyz (readiness): 200 when this instance should be sent traffic; 503 naming the checks
 * that fail. Checks: the database answers one cheap read within READY_DATABASE_BOUND_MS, and that
 * read shows every migration of this program applied; Redis is connected (with REDIS_URL); the
 * instance is not draining before a shutdown. Never cached.
 */
export function readinessRoutes(app: App, ctx: AppContext, sources: ReadinessSources): void {
  const known = newestKnownMigration();
  // At most one read in flight: probes against a stuck database must not take the whole pool.
  let inFlight: Promise<string> | undefined;

  async function checkDatabase(): Promise<{
    database: DatabaseCheck;
    migrations: MigrationsCheck;
  }> {
    if (inFlight !== undefined) return { database: 'too slow', migrations: 'unknown' };
    const read = newestAppliedMigration(ctx.db);
    inFlight = read;
    void read.then(
      () => (inFlight = undefined),
      () => (inFlight = undefined),
    );
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'too slow'>((resolve) => {
      timer = setTimeout(() => resolve('too slow'), READY_DATABASE_BOUND_MS);
    });
    try {
      const applied = await Promise.race([read, bound]);
      if (applied === 'too slow') return { database: 'too slow', migrations: 'unknown' };
      return { database: 'ok', migrations: applied >= (await known) ? 'ok' : 'behind' };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check: database not answering');
      return { database: 'unreachable', migrations: 'unknown' };
    } finally {
      clearTimeout(timer);
    }
  }

  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = await checkDatabase();
    if (sources.redisConnected !== undefined) {
      checks.redis = sources.redisConnected() ? 'ok' : 'unreachable';
    }
    checks.draining = sources.draining() ? 'yes' : 'no';
    // Migrations are 'unknown' when the database did not answer: that one failure is named.
    const failing = Object.entries(checks)
      .filter(([, value]) => FAILED.has(value))
      .map(([name]) => name);
    void reply.header('cache-control', 'no-store');
    if (failing.length === 0) return reply.send({ status: 'ready', checks });
    return reply.code(503).send({ status: 'not ready', failing, checks });
  });
}
