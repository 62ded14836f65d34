import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import { OutboundError, outboundRequest } from '../../http/outbound.js';
import type { Clock } from '../../lib/clock.js';
import {
  backoffDelay,
  claimNextDelivery,
  DEFAULT_RETRY_POLICY,
  SIGNATURE_HEADER,
  signPayload,
  type RetryPolicy,
} from './webhook.service.js';
import type { WebhookDeliveryRow } from './webhook.table.js';
import { createJobLoop, type JobLoop } from '../../lib/job-loop.js';

/** What the worker needs from the app. */
export interface WebhookWorkerDeps {
  db: Db;
  clock: Clock;
  /** config.outboundAllow: private targets that may be reached (tests: 127.0.0.1). */
  outboundAllow: readonly string[];
  log?: FastifyBaseLogger;
}

export interface WebhookWorkerOptions {
  retry: RetryPolicy;
  /** How often the database is asked for due deliveries. */
  pollMs: number;
  /** Deliveries sent at the same time by one instance. */
  concurrency: number;
  /** Per attempt, from DNS to the last byte. */
  timeoutMs: number;
  /** Bytes of a receiver's answer read (and an excerpt kept in the log). */
  maxResponseBytes: number;
}

export const DEFAULT_WORKER_OPTIONS: Readonly<WebhookWorkerOptions> = {
  retry: DEFAULT_RETRY_POLICY,
  pollMs: 1_000,
  concurrency: 4,
  timeoutMs: 10_000,
  maxResponseBytes: 16 * 1024,
};

const EXCERPT_LENGTH = 500;

/** Sends one claimed delivery and records the attempt, then settles or reschedules it. */
async function deliver(
  deps: WebhookWorkerDeps,
  options: WebhookWorkerOptions,
  delivery: WebhookDeliveryRow,
): Promise<void> {
  const { db, clock } = deps;
  const hook = await db
    .selectFrom('webhooks')
    .select(['url', 'secret', 'active'])
    .where('id', '=', delivery.webhook_id)
    .executeTakeFirst();
  const started = clock();
  const startedMs = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let excerpt: string | null = null;
  if (hook === undefined || hook.active !== 1) {
    error = 'The webhook is disabled.';
  } else {
    const timestamp = Math.floor(started.getTime() / 1000);
    try {
      const response = await outboundRequest(hook.url, {
        method: 'POST',
        body: delivery.payload,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Deho-Webhooks/1',
          'deho-event': delivery.event,
          'deho-delivery': delivery.uuid,
          [SIGNATURE_HEADER]: signPayload(hook.secret, timestamp, delivery.payload),
        },
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        allow: deps.outboundAllow,
      });
      statusCode = response.status;
      excerpt = response.body.toString('utf8').slice(0, EXCERPT_LENGTH) || null;
      if (statusCode < 200 || statusCode > 299) error = `The receiver answered ${statusCode}.`;
    } catch (caught) {
      error = caught instanceof OutboundError ? caught.message : String(caught);
    }
  }
  const durationMs = Date.now() - startedMs;
  const now = clock().toISOString();
  const succeeded = error === null;
  const giveUp =
    !succeeded && (hook?.active !== 1 || delivery.attempts >= options.retry.maxAttempts);
  const status = succeeded ? 'succeeded' : giveUp ? 'failed' : 'pending';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: delivery.id,
        attempt: delivery.attempts,
        started_at: started.toISOString(),
        duration_ms: durationMs,
        status_code: statusCode,
        error,
        response_excerpt: excerpt,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status,
        locked_until: null,
        updated_at: now,
        ...(succeeded && { delivered_at: now }),
        ...(status === 'pending' && {
          next_attempt_at: new Date(
            Date.parse(now) + backoffDelay(delivery.attempts, options.retry),
          ).toISOString(),
        }),
      })
      .where('id', '=', delivery.id)
      .where('status', '=', 'delivering')
      .where('locked_until', '=', delivery.locked_until)
      .execute();
    await trx
      .updateTable('webhooks')
      .set({ last_delivery_at: now, last_status: status === 'pending' ? 'retrying' : status })
      .where('id', '=', delivery.webhook_id)
      .execute();
  });
}

/**
 * Sends every delivery that is due now, `concurrency` at a time, until none is left.
 * Safe to run on any number of instances at once: each delivery is claimed atomically.
 * @returns how many attempts were made
 */
export async function deliverDueWebhooks(
  deps: WebhookWorkerDeps,
  options: Partial<WebhookWorkerOptions> = {},
): Promise<number> {
  const opts = { ...DEFAULT_WORKER_OPTIONS, ...options };
  let attempts = 0;
  const lane = async () => {
    for (;;) {
      const claimed = await claimNextDelivery(
        deps.db,
        deps.clock().toISOString(),
        opts.retry.leaseMs,
      );
      if (claimed === undefined) return;
      attempts++;
      await deliver(deps, opts, claimed);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return attempts;
}

export type WebhookWorker = JobLoop;

/** The background loop started by buildApp's onReady hook and stopped by onClose. */
export function createWebhookWorker(
  deps: WebhookWorkerDeps,
  options: Partial<WebhookWorkerOptions> = {},
): WebhookWorker {
  const opts = { ...DEFAULT_WORKER_OPTIONS, ...options };
  return createJobLoop({
    run: async () => {
      await deliverDueWebhooks(deps, opts);
    },
    intervalMs: opts.pollMs,
    onError: (error) => deps.log?.error({ err: error }, 'webhook delivery run failed'),
    runAtStart: false,
  });
}
