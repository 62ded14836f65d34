import crypto from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Unauthorized } from '../../lib/errors.js';
import { WorkDropped, WorkQueueFull } from '../../lib/work-queue.js';
import type { Role } from './auth.table.js';
import { reserveLoginAttempt } from './login-limits.js';
import { verifyDummyPassword, verifyPassword } from './password.js';
import * as repo from './user.repository.js';
import { matchTotp } from './totp.js';

/*
 * Server-side staff sessions. The cookie holds 32 random bytes; the database keeps only their
 * SHA-256, so a copy of the database opens no session. A session ends after IDLE_MS without a
 * request or ABSOLUTE_MS after sign-in, whichever comes first, and every sign-in makes a new id.
 */

export const SESSION_COOKIE = 'deho_session';
export const IDLE_MS = 3 * 24 * 60 * 60_000;
export const ABSOLUTE_MS = 30 * 24 * 60 * 60_000;
/** last_seen_at is written at most this often per session. */
const TOUCH_INTERVAL_MS = 60_000;

/** Same sentence for an unknown e-mail, a wrong password, an invited or a suspended account. */
export const BAD_SIGN_IN = 'That e-mail and password do not match an active account.';

/** SHA-256 hex of a cookie value or link token: what the database stores. */
export function hashSecret(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

/** What the session cookie stands for on one request. */
export interface SessionPrincipal {
  /** The first 16 hex characters of the stored hash: enough to name the session in logs. */
  id: string;
  idHash: string;
  userId: number;
  role: Role;
  csrfToken: string;
}

/** A new session: the cookie value (set once, never stored) and its CSRF token. */
export interface StartedSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: string;
}

/** Client details recorded with a session, for the "where am I signed in" list. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Starts a session for a user. */
export async function startSession(
  db: DbOrTrx,
  clock: Clock,
  userId: number,
  client: ClientInfo,
): Promise<StartedSession> {
  const now = clock();
  const cookieValue = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS).toISOString();
  await repo.insertSession(db, {
    id_hash: hashSecret(cookieValue),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { cookieValue, csrfToken, expiresAt };
}

/**
 * The session a cookie value stands for, when it is live and its user active. Records the
 * activity (at most once a minute). Expired sessions are deleted on sight.
 */
export async function resolveSession(
  db: Db,
  clock: Clock,
  cookieValue: string,
): Promise<SessionPrincipal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined;
  const idHash = hashSecret(cookieValue);
  const row = await repo.findSessionWithUser(db, idHash);
  if (row === undefined) return undefined;
  const now = clock();
  const idleSince = now.getTime() - Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now.getTime() || idleSince > IDLE_MS) {
    await repo.deleteSession(db, idHash);
    return undefined;
  }
  if (row.status !== 'active') return undefined;
  if (idleSince >= TOUCH_INTERVAL_MS) {
    await repo.touchSession(
      db,
      idHash,
      now.toISOString(),
      new Date(now.getTime() - TOUCH_INTERVAL_MS + 1).toISOString(),
    );
  }
  return {
    id: idHash.slice(0, 16),
    idHash,
    userId: row.user_id,
    role: row.role,
    csrfToken: row.csrf_token,
  };
}

/** Ends the session a cookie value stands for (nothing happens for an unknown one). */
export async function endSession(db: DbOrTrx, cookieValue: string): Promise<void> {
  await repo.deleteSession(db, hashSecret(cookieValue));
}

/**
 * Checks a user's authenticator code and uses it up: each code is accepted once (RFC 6238,
 * section 5.2), and no code older than the last one accepted.
 * @returns 'accepted', 'wrong' (matches no current step) or 'used'
 */
export async function useTotpCode(
  db: DbOrTrx,
  userId: number,
  secret: string,
  code: string,
  at: Date,
): Promise<'accepted' | 'wrong' | 'used'> {
  const step = matchTotp(secret, code, at);
  if (step === undefined) return 'wrong';
  return (await repo.claimTotpStep(db, userId, step)) ? 'accepted' : 'used';
}

/** 401 asking for the authenticator code; `property: "totp"` tells the admin app to show the field. */
export class TotpRequired extends Unauthorized {
  override readonly property = 'totp';
  constructor(message = 'Enter the 6-digit code from your authenticator app.') {
    super(message);
  }
}

/**
 * Checks e-mail, password (and TOTP code when the account has two-factor sign-in) with the
 * sign-in limits, then starts a new session. The attempt is counted before the password is
 * checked (see login-limits.ts), and an unknown e-mail costs the same scrypt as a known one.
 * @param signal aborts when the client has gone: a check still waiting for its turn is dropped
 * @throws TooManyAttempts while the account or address is locked, WorkQueueFull (503) when too
 *   many checks wait, Unauthorized otherwise
 */
export async function signIn(
  db: Db,
  clock: Clock,
  input: { email: string; password: string; totp?: string | undefined },
  client: ClientInfo & { ip: string },
  signal?: AbortSignal,
): Promise<{ userId: number; session: StartedSession }> {
  const email = input.email.trim().toLowerCase();
  const attempt = await reserveLoginAttempt(db, email, client.ip, clock());
  let passwordOk: boolean;
  let user: Awaited<ReturnType<typeof repo.findUserForSignIn>>;
  try {
    user = await repo.findUserForSignIn(db, email);
    passwordOk =
      user?.password_hash != null
        ? await verifyPassword(input.password, user.password_hash, signal)
        : await verifyDummyPassword(input.password, signal);
  } catch (error) {
    // No password was checked (the queue was full, or the client left before its turn).
    if (error instanceof WorkQueueFull || error instanceof WorkDropped) await attempt.withdraw(db);
    throw error;
  }
  if (user === undefined || !passwordOk || user.status !== 'active') {
    throw new Unauthorized(BAD_SIGN_IN);
  }
  if (user.totp_secret !== null) {
    if (input.totp === undefined || input.totp.trim() === '') {
      await attempt.withdraw(db);
      throw new TotpRequired();
    }
    const code = await useTotpCode(db, user.id, user.totp_secret, input.totp, clock());
    if (code === 'wrong') {
      throw new TotpRequired('That code is not right. Enter the current code from your app.');
    }
    if (code === 'used') {
      throw new TotpRequired('That code was used already. Wait for the next one from your app.');
    }
  }
  await attempt.succeeded(db);
  const session = await startSession(db, clock, user.id, client);
  return { userId: user.id, session };
}
