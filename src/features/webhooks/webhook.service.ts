import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { WebhookDeliveryRow } from './webhook.table.js';

/** Every event a webhook can subscribe to. `ping` is only sent by "send a test". */
export const WEBHOOK_EVENTS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.deleted',
  'comment.created',
  'comment.approved',
  'episode.changed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'deho-signature';

/** How deliveries are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubled for each further one. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** How long a claimed delivery stays claimed before another worker may take it over. */
  leaseMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60 * 1000,
  leaseMs: 60_000,
};

/** Wait after failed attempt number `attempt` (1-based): base · 2^(attempt-1), capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** A new signing secret: 32 random bytes, base64url, with a recognisable prefix. */
export function newWebhookSecret(): string {
  return 'whsec_' + crypto.randomBytes(32).toString('base64url');
}

/**
 * The signature header value for a body sent at `timestamp` (Unix seconds). Receivers recompute
 * the HMAC over `${t}.${body}` with the secret and compare in constant time, and reject
 * timestamps too far from their own clock (replays).
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Checks a signature header (what a receiver does; used by tests and documented for users).
 * @param toleranceSeconds how far the timestamp may be from `nowSeconds`
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** What emitWebhook needs: a database handle (or the caller's open transaction) and a clock. */
export interface WebhookEmitDeps {
  db: DbOrTrx;
  clock: Clock;
}

/**
 * Records an event for every active webhook subscribed to it. Cheap (two queries) and safe to
 * call inside the transaction of the write it reports: the deliveries then exist exactly when
 * the write committed (an outbox), and the worker of any instance sends them.
 * @param data the event's subject, e.g. `{ article: {...} }`; sent as the body's `data`
 * @returns how many deliveries were queued
 */
export async function emitWebhook(
  deps: WebhookEmitDeps,
  event: WebhookEvent | 'ping',
  data: Record<string, unknown>,
  only?: { webhookId: number },
): Promise<number> {
  const now = deps.clock().toISOString();
  const hooks = await deps.db
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('active', '=', 1)
    .$if(only !== undefined, (q) => q.where('id', '=', only?.webhookId ?? 0))
    .execute();
  const targets = hooks.filter(
    (hook) => only !== undefined || (JSON.parse(hook.events) as string[]).includes(event),
  );
  if (targets.length === 0) return 0;
  await deps.db
    .insertInto('webhook_deliveries')
    .values(
      targets.map((hook) => {
        const uuid = crypto.randomUUID();
        return {
          uuid,
          webhook_id: hook.id,
          event,
          payload: JSON.stringify({ id: uuid, event, created_at: now, data }),
          status: 'pending' as const,
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        };
      }),
    )
    .execute();
  return targets.length;
}

/**
 * Claims the next due delivery for this worker, atomically: one UPDATE … WHERE id = (SELECT …)
 * … RETURNING, whose WHERE repeats the "still claimable" test so that of two instances racing
 * for the same row only one gets it (SQLite serialises writers; on PostgreSQL the loser re-reads
 * the row after the winner's commit and no longer matches). A delivery whose lease ran out
 * (its worker died) is claimable again.
 * @returns the claimed delivery with `attempts` already counting this attempt, or undefined
 */
export async function claimNextDelivery(
  db: DbOrTrx,
  now: string,
  leaseMs: number,
): Promise<WebhookDeliveryRow | undefined> {
  const lease = new Date(Date.parse(now) + leaseMs).toISOString();
  const claimable = sql<boolean>`(
    (status = 'pending' and next_attempt_at <= ${now})
    or (status = 'delivering' and locked_until <= ${now}))`;
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: 'delivering',
      locked_until: lease,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where(claimable)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1),
    )
    .where(claimable)
    .returningAll()
    .executeTakeFirst();
}
