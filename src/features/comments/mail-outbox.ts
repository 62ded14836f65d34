/*
 * The mail outbox: mails are queued as rows and sent by a background job that every instance
 * runs. A mail is claimed by one UPDATE … RETURNING (on PostgreSQL its candidate row is picked
 * with FOR UPDATE SKIP LOCKED), so with any number of instances each mail is claimed by one of
 * them at a time. A failed attempt is retried with growing waits and given up after
 * `maxAttempts`. A claim lapses after `leaseMs`: the mail of an instance that died while sending
 * is sent again by another — at least once, not exactly once, in that one case.
 */
import { sql, type Insertable } from 'kysely';
import type { Config } from '../../config.js';
import type { Dialect } from '../../db/connect.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { openMailer, type Mailer } from '../auth/index.js';
import type { MailOutboxRow, MailOutboxTable, MailStatus } from './mail-outbox.table.js';
import { createJobLoop, type JobLoop } from '../../lib/job-loop.js';

export interface MailRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubled for each further one. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** How long a claimed mail stays claimed (well above the SMTP timeouts of one attempt). */
  leaseMs: number;
}

/** 1, 2, 4, 8, 16 minutes: a mail server that is away for half an hour loses nothing. */
export const MAIL_RETRY_POLICY: Readonly<MailRetryPolicy> = {
  maxAttempts: 6,
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 60 * 60_000,
  leaseMs: 5 * 60_000,
};

/** Wait after failed attempt number `attempt` (1-based): base · 2^(attempt-1), capped. */
export function mailBackoff(attempt: number, policy: MailRetryPolicy = MAIL_RETRY_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export type NewMail = Pick<
  Insertable<MailOutboxTable>,
  'dedupe_key' | 'comment_id' | 'recipient' | 'recipient_hash' | 'subject' | 'body_text'
> & { unsubscribe_url: string };

/** Queues a mail, due at once. @returns false when a mail with that dedupe key was queued before */
export async function enqueueMail(db: DbOrTrx, mail: NewMail, now: string): Promise<boolean> {
  const result = await db
    .insertInto('mail_outbox')
    .values({
      ...mail,
      status: 'pending',
      next_attempt_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Claims the next due mail for `leaseMs`: a pending one whose time has come, or one whose earlier
 * claim lapsed. One statement, so two claimers never both get the same mail: SQLite runs one
 * writer at a time, and on PostgreSQL the subquery skips rows another claimer holds while the
 * outer condition is checked again on the row it locks.
 */
export function claimNextMail(
  db: DbOrTrx,
  dialect: Dialect,
  now: string,
  leaseMs: number,
): Promise<MailOutboxRow | undefined> {
  const lease = new Date(Date.parse(now) + leaseMs).toISOString();
  const claimable = sql<boolean>`(
    (status = 'pending' and next_attempt_at <= ${now})
    or (status = 'sending' and locked_until <= ${now}))`;
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: 'sending',
      locked_until: lease,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where(claimable)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .where(claimable)
    .returningAll()
    .executeTakeFirst();
}

/** Records how a claimed mail went, unless its claim lapsed and another instance took it over. */
async function settle(
  db: Db,
  mail: MailOutboxRow,
  now: string,
  change: { status: MailStatus; error?: string; nextAttemptAt?: string },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      status: change.status,
      locked_until: null,
      updated_at: now,
      ...(change.status === 'sent' && { sent_at: now, last_error: null }),
      ...(change.error !== undefined && { last_error: change.error.slice(0, 500) }),
      ...(change.nextAttemptAt !== undefined && { next_attempt_at: change.nextAttemptAt }),
    })
    .where('id', '=', mail.id)
    .where('status', '=', 'sending')
    .where('locked_until', '=', mail.locked_until)
    .execute();
}

/** Unsubscribed since it was queued, or the reply it is about is no longer shown. */
async function noLongerWanted(db: Db, mail: MailOutboxRow): Promise<boolean> {
  const unsubscribed = await db
    .selectFrom('mail_unsubscribes')
    .select('email_hash')
    .where('email_hash', '=', mail.recipient_hash)
    .executeTakeFirst();
  if (unsubscribed !== undefined) return true;
  if (mail.comment_id === null) return false;
  const reply = await db
    .selectFrom('comments')
    .select('status')
    .where('id', '=', mail.comment_id)
    .executeTakeFirst();
  return reply?.status !== 'approved';
}

/** An SMTP reply carries a code; without one the server could not be reached at all. */
function serverUnreachable(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { responseCode?: unknown }).responseCode === 'number'
  );
}

/** The part of the app's logger the job writes to. */
export interface MailLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface MailOutboxDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>;
  log?: MailLog;
}

export interface MailRun {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
  cancelled: number;
}

async function sendOne(
  deps: MailOutboxDeps,
  mailer: Mailer,
  policy: MailRetryPolicy,
  mail: MailOutboxRow,
  run: MailRun,
): Promise<'next' | 'stop'> {
  if (await noLongerWanted(deps.db, mail)) {
    await settle(deps.db, mail, deps.clock().toISOString(), { status: 'cancelled' });
    run.cancelled++;
    return 'next';
  }
  try {
    await mailer.send({
      to: mail.recipient,
      subject: mail.subject,
      text: mail.body_text,
      headers: {
        'Auto-Submitted': 'auto-generated',
        ...(mail.unsubscribe_url !== null && {
          'List-Unsubscribe': `<${mail.unsubscribe_url}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }),
      },
    });
    await settle(deps.db, mail, deps.clock().toISOString(), { status: 'sent' });
    run.sent++;
    return 'next';
  } catch (error) {
    const now = deps.clock();
    const message = error instanceof Error ? error.message : String(error);
    const giveUp = mail.attempts >= policy.maxAttempts;
    await settle(deps.db, mail, now.toISOString(), {
      status: giveUp ? 'failed' : 'pending',
      error: message,
      ...(!giveUp && {
        nextAttemptAt: new Date(now.getTime() + mailBackoff(mail.attempts, policy)).toISOString(),
      }),
    });
    if (giveUp) {
      run.failed++;
      deps.log?.error(
        { mailId: mail.id, attempts: mail.attempts, err: error },
        'gave up sending a notification mail',
      );
    } else {
      run.retrying++;
      deps.log?.warn(
        { mailId: mail.id, attempts: mail.attempts, err: error },
        'notification mail not sent; will retry',
      );
    }
    // The server is away: the other due mails wait for the next run rather than fail each.
    return serverUnreachable(error) ? 'stop' : 'next';
  }
}

/**
 * Sends every due mail, one claim at a time, through one SMTP connection. Safe to run on any
 * number of instances at once. Without an SMTP server it does nothing.
 */
export async function sendDueMails(
  deps: MailOutboxDeps,
  policy: MailRetryPolicy = MAIL_RETRY_POLICY,
): Promise<MailRun> {
  const run: MailRun = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  const mailer = openMailer(deps.config);
  if (mailer === undefined) return run;
  try {
    for (;;) {
      const mail = await claimNextMail(
        deps.db,
        deps.dialect,
        deps.clock().toISOString(),
        policy.leaseMs,
      );
      if (mail === undefined) break;
      if ((await sendOne(deps, mailer, policy, mail, run)) === 'stop') break;
    }
  } finally {
    mailer.close();
  }
  return run;
}

export type MailOutboxJob = JobLoop;

/** The loop started by buildApp's onReady hook: a run at start, then one every `intervalMs`. */
export function createMailOutboxJob(
  deps: MailOutboxDeps,
  intervalMs: number,
  policy: MailRetryPolicy = MAIL_RETRY_POLICY,
): MailOutboxJob {
  return createJobLoop({
    run: async () => {
      const run = await sendDueMails(deps, policy);
      if (run.sent > 0) deps.log?.info({ ...run }, `sent ${run.sent} notification mail(s)`);
    },
    intervalMs,
    onError: (error) => deps.log?.error({ err: error }, 'notification mail run failed'),
  });
}
