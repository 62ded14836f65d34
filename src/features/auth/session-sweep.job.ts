import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { deleteForgottenLoginFailures } from './login-limits.js';
import { IDLE_MS } from './session.service.js';
import { deleteStaleSessions } from './user.repository.js';
import { createJobLoop, type JobLoop } from '../../lib/job-loop.js';

/*
 * Housekeeping of the sign-in tables. A session past its absolute or idle limit is refused when
 * it is used, and deleted then; one that is never used again would stay forever, with its
 * address and browser. This job deletes them, and sign-in counts old enough to start over.
 * Every instance runs it; a DELETE of rows already deleted by another instance deletes nothing.
 */

export interface SessionSweepDeps {
  db: Db;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'error'>;
}

/** Deletes expired and idle sessions, and forgotten sign-in counts. */
export async function sweepSessions(deps: SessionSweepDeps): Promise<void> {
  const now = deps.clock();
  await deleteStaleSessions(
    deps.db,
    now.toISOString(),
    new Date(now.getTime() - IDLE_MS).toISOString(),
  );
  await deleteForgottenLoginFailures(deps.db, now);
}

/** Sessions last days, so once an hour is soon enough; the first sweep runs at start. */
const SESSION_SWEEP_INTERVAL_MS = 60 * 60_000;

type SessionSweepJob = JobLoop;

/** The loop started by buildApp's onReady hook: a sweep at start, then one every `intervalMs`. */
export function createSessionSweepJob(
  deps: SessionSweepDeps,
  intervalMs = SESSION_SWEEP_INTERVAL_MS,
): SessionSweepJob {
  return createJobLoop({
    run: () => sweepSessions(deps),
    intervalMs,
    onError: (error) => deps.log?.error({ err: error }, 'session sweep failed'),
  });
}
