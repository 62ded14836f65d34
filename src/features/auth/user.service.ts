import crypto from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import { assertMayGiveRole, type Actor } from './account.policy.js';
import type { Role } from './auth.table.js';
import { sendStaffMail } from './mail.js';
import { hashPassword, verifyPassword } from './password.js';
import { checkPasswordStrength } from './password-strength.js';
import { hashSecret } from './session.service.js';
import * as repo from './user.repository.js';

/*
 * Staff accounts: the first owner, invitations, one's own password and two-factor sign-in.
 * What one account does to another (roles, suspension, reset links, deletion …) is in
 * account.service.ts, behind the hierarchy. Each write runs in one transaction.
 */

export const ROLES: readonly Role[] = [
  'owner',
  'admin',
  'editor',
  'author',
  'contributor',
  'moderator',
];
/** Roles an invitation or a role change may give; ownership only moves by transfer. */
export const ASSIGNABLE_ROLES = ['admin', 'editor', 'author', 'contributor', 'moderator'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
const RESET_TTL_MS = 60 * 60_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type User = repo.UserView;

/** The e-mail address as stored (trimmed, lowercased). @throws ValidationFailed */
export function checkEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new ValidationFailed(
      'email must be an e-mail address such as name@example.com.',
      'email',
    );
  }
  return email;
}

/** The display name as stored (NFC, trimmed). @throws ValidationFailed */
export function checkName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (name === '' || name.length > 100) {
    throw new ValidationFailed('name must have 1 to 100 characters.', 'name');
  }
  return name;
}

export function isAssignableRole(role: string): role is AssignableRole {
  return (ASSIGNABLE_ROLES as readonly string[]).includes(role);
}

/** @throws NotFound when there is no such user */
export async function requireUser(db: DbOrTrx, id: number): Promise<User> {
  const user = await repo.findUserById(db, id);
  if (user === undefined) throw new NotFound(`There is no user ${id}.`);
  return user;
}

/**
 * Whether first-run setup is open: no owner exists yet. Accounts without a password that the
 * demo content or a WordPress import made (bylines) do not close it; the first owner does.
 */
export async function setupNeeded(db: DbOrTrx): Promise<boolean> {
  return (await repo.countUsers(db, 'owner')) === 0;
}

/**
 * Creates an active account with a password (the CLI, and first-run setup for the owner).
 * @param onlyIfEmpty refuse with 409 when any account exists (first-run setup)
 * @throws ValidationFailed, Conflict for a taken e-mail or when setup is already done
 */
export async function createUser(
  db: Db,
  clock: Clock,
  input: { email: string; name: string; role: string; password: string },
  options: {
    onlyIfEmpty?: boolean;
    /** Writes that belong with the new account (setup's site title), in its transaction. */
    alongside?: (trx: DbOrTrx) => Promise<void>;
  } = {},
): Promise<User> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new ValidationFailed(`role must be one of ${ROLES.join(', ')}.`, 'role');
  }
  await checkPasswordStrength(input.password, { related: [email, name] });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (options.onlyIfEmpty === true && !(await setupNeeded(trx))) {
      throw new Conflict('Setup is done: this site already has an owner. Sign in instead.');
    }
    if (input.role === 'owner' && (await repo.countUsers(trx, 'owner')) > 0) {
      throw new Conflict('This site already has an owner; ownership moves by transfer.', 'role');
    }
    if ((await repo.findUserForSignIn(trx, email)) !== undefined) {
      throw new Conflict('Another account uses this e-mail address.', 'email');
    }
    const now = clock().toISOString();
    const id = await repo.insertUser(trx, {
      email,
      name,
      slug: await uniqueSlug(slugify(name), (s) => repo.slugTaken(trx, s), 'staff'),
      role: input.role as Role,
      status: 'active',
      password_hash: passwordHash,
      bio: null,
      totp_secret: null,
      created_at: now,
      updated_at: now,
    });
    await options.alongside?.(trx);
    return requireUser(trx, id);
  });
}

/** A page of users. */
export async function listUsers(db: DbOrTrx, page: { limit: number; offset: number }) {
  const [users, total] = await Promise.all([repo.listUserRows(db, page), repo.countUsers(db)]);
  return { users, total };
}

export { requireUser as getUser };

/** A link that was made for someone: where it points and whether a mail carried it. */
export interface IssuedLink {
  url: string;
  sent: boolean;
  expiresAt: string;
}

/** A new one-time link token for a user; older unused ones of the same purpose stop working. */
export async function issueToken(
  trx: DbOrTrx,
  clock: Clock,
  userId: number,
  purpose: 'invite' | 'reset',
): Promise<{ token: string; expiresAt: string }> {
  const now = clock();
  await repo.voidTokens(trx, userId, purpose, now.toISOString());
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(
    now.getTime() + (purpose === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS),
  ).toISOString();
  await repo.insertToken(trx, {
    token_hash: hashSecret(token),
    user_id: userId,
    purpose,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
  });
  return { token, expiresAt };
}

/**
 * Invites a colleague: an account in status "invited" and a link (7 days) to choose a password.
 * The link is mailed when SMTP is set up; the answer carries it either way only when no mail was
 * sent, for the admin to pass on. Only the owner invites admins (assertMayGiveRole).
 */
export async function inviteUser(
  db: Db,
  clock: Clock,
  config: Config,
  actor: Actor,
  input: { email: string; name: string; role: string },
  invitedBy: string,
): Promise<{ user: User; link: IssuedLink }> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  if (!isAssignableRole(input.role)) {
    throw new ValidationFailed(`role must be one of ${ASSIGNABLE_ROLES.join(', ')}.`, 'role');
  }
  const role = input.role;
  assertMayGiveRole(actor, role);
  const { user, token, expiresAt } = await db.transaction().execute(async (trx) => {
    if ((await repo.findUserForSignIn(trx, email)) !== undefined) {
      throw new Conflict('Another account uses this e-mail address.', 'email');
    }
    const now = clock().toISOString();
    const id = await repo.insertUser(trx, {
      email,
      name,
      slug: await uniqueSlug(slugify(name), (s) => repo.slugTaken(trx, s), 'staff'),
      role,
      status: 'invited',
      password_hash: null,
      bio: null,
      totp_secret: null,
      created_at: now,
      updated_at: now,
    });
    return { user: await requireUser(trx, id), ...(await issueToken(trx, clock, id, 'invite')) };
  });
  const link = await sendInvitation(config, { email, role, invitedBy, token, expiresAt });
  return { user, link };
}

/** Mails an invitation link, or hands it back to be passed on when no mail server is set up. */
export async function sendInvitation(
  config: Config,
  invitation: { email: string; role: Role; invitedBy: string; token: string; expiresAt: string },
): Promise<IssuedLink> {
  const url = `${config.baseUrl}/admin/accept-invite#${invitation.token}`;
  const sent = await sendStaffMail(config, {
    to: invitation.email,
    subject: `You are invited to ${config.baseUrl.replace(/^https?:\/\//, '')}`,
    text:
      `${invitation.invitedBy} invited you to join the newsroom as ${invitation.role}.\n\n` +
      `Choose your password here (the link works once, for 7 days):\n${url}\n`,
  });
  return { url, sent, expiresAt: invitation.expiresAt };
}

const INVITATION_GONE = 'This invitation link has expired or was already used. Ask for a new one.';
const RESET_LINK_GONE = 'This reset link has expired or was already used. Ask for a new one.';

/** Accepts an invitation: sets the password and activates the account. @returns the user id */
export async function acceptInvitation(
  db: Db,
  clock: Clock,
  token: string,
  password: string,
): Promise<number> {
  const holder = await repo.findTokenHolder(db, hashSecret(token), 'invite', clock().toISOString());
  if (holder === undefined) throw new NotFound(INVITATION_GONE);
  await checkPasswordStrength(password, { related: [holder.email, holder.name] });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const now = clock().toISOString();
    const userId = await repo.consumeToken(trx, hashSecret(token), 'invite', now);
    if (userId === undefined) {
      throw new NotFound(INVITATION_GONE);
    }
    await repo.updateUser(trx, userId, {
      password_hash: passwordHash,
      status: 'active',
      updated_at: now,
    });
    return userId;
  });
}

/**
 * Starts a password reset. Answers the same whether or not the e-mail has an account; only an
 * active account gets a mail (1-hour link).
 */
export async function requestPasswordReset(
  db: Db,
  clock: Clock,
  config: Config,
  rawEmail: string,
): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  const user = await repo.findUserForSignIn(db, email);
  if (user === undefined || user.status !== 'active') return;
  const { token } = await db
    .transaction()
    .execute((trx) => issueToken(trx, clock, user.id, 'reset'));
  await sendStaffMail(config, {
    to: email,
    subject: 'Reset your password',
    text:
      `Someone (hopefully you) asked to reset the password of ${email}.\n\n` +
      `Choose a new one here (the link works once, for one hour):\n` +
      `${config.baseUrl}/admin/reset-password#${token}\n\nIf it was not you, ignore this mail.\n`,
  });
}

/** Sets a new password from a reset link and ends every session of that user. */
export async function resetPassword(
  db: Db,
  clock: Clock,
  token: string,
  password: string,
): Promise<number> {
  const holder = await repo.findTokenHolder(db, hashSecret(token), 'reset', clock().toISOString());
  if (holder === undefined) throw new NotFound(RESET_LINK_GONE);
  await checkPasswordStrength(password, { related: [holder.email, holder.name] });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const now = clock().toISOString();
    const userId = await repo.consumeToken(trx, hashSecret(token), 'reset', now);
    if (userId === undefined) throw new NotFound(RESET_LINK_GONE);
    await repo.updateUser(trx, userId, { password_hash: passwordHash, updated_at: now });
    await repo.deleteUserSessions(trx, userId);
    return userId;
  });
}

/**
 * Sets an account's password from the server's command line (`deho user set-password`): the way
 * back in where no mail goes out (no reset link) or an authenticator was lost. Ends the
 * account's sessions and voids its reset links; an invited account becomes active, its
 * invitation void; a suspended one stays suspended.
 */
export async function setPasswordFromServer(
  db: Db,
  clock: Clock,
  input: { email: string; password: string; turnOffTwoFactor: boolean },
) {
  const email = input.email.trim().toLowerCase();
  await checkPasswordStrength(input.password, { related: [email] });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const now = clock().toISOString();
    const user = await repo.findUserForSignIn(trx, email);
    if (user === undefined) throw new NotFound(`No account has the e-mail ${email}.`);
    await repo.updateUser(trx, user.id, {
      password_hash: passwordHash,
      updated_at: now,
      ...(user.status === 'invited' && { status: 'active' as const }),
      ...(input.turnOffTwoFactor && { totp_secret: null, totp_last_step: null }),
    });
    const endedSessions = await repo.deleteUserSessions(trx, user.id);
    await repo.voidTokens(trx, user.id, 'reset', now);
    if (user.status === 'invited') await repo.voidTokens(trx, user.id, 'invite', now);
    return {
      user,
      endedSessions,
      twoFactorOff: input.turnOffTwoFactor || user.totp_secret === null,
    };
  });
}

/** Changes one's own password (the current one is required) and ends one's other sessions. */
export async function changeOwnPassword(
  db: Db,
  clock: Clock,
  userId: number,
  current: string,
  next: string,
): Promise<void> {
  const user = await repo.findUserById(db, userId);
  await checkPasswordStrength(next, {
    property: 'new_password',
    related: user === undefined ? [] : [user.email, user.name],
  });
  const secrets = await repo.findUserSecrets(db, userId);
  if (secrets?.password_hash == null || !(await verifyPassword(current, secrets.password_hash))) {
    throw new ValidationFailed('The current password is not right.', 'current_password');
  }
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, userId, {
      password_hash: passwordHash,
      updated_at: clock().toISOString(),
    });
    await repo.deleteUserSessions(trx, userId);
  });
}

/**
 * Changes one's own e-mail address. The current password is required, so that a borrowed
 * session cannot move the account to an address whose reset links someone else reads; reset
 * links sent to the old address stop working.
 * @throws ValidationFailed for a wrong password or an address that is not one, Conflict when taken
 */
export async function changeOwnEmail(
  db: Db,
  clock: Clock,
  userId: number,
  current: string,
  rawEmail: string,
): Promise<void> {
  const email = checkEmail(rawEmail);
  const secrets = await repo.findUserSecrets(db, userId);
  if (secrets?.password_hash == null || !(await verifyPassword(current, secrets.password_hash))) {
    throw new ValidationFailed('The current password is not right.', 'current_password');
  }
  await db.transaction().execute(async (trx) => {
    const holder = await repo.findUserForSignIn(trx, email);
    if (holder !== undefined && holder.id !== userId) {
      throw new Conflict('Another account uses this e-mail address.', 'email');
    }
    const now = clock().toISOString();
    await repo.updateUser(trx, userId, { email, updated_at: now });
    await repo.voidTokens(trx, userId, 'reset', now);
  });
}

/**
 * Turns on two-factor sign-in after the user proved their app makes the right codes.
 * @param step the TOTP step of the code that proved it, used up with it
 */
export async function enableTotp(
  db: Db,
  clock: Clock,
  userId: number,
  secret: string,
  step: number,
): Promise<void> {
  await repo.updateUser(db, userId, {
    totp_secret: secret,
    totp_last_step: step,
    updated_at: clock().toISOString(),
  });
}

/** Turns off two-factor sign-in. */
export async function disableTotp(db: Db, clock: Clock, userId: number): Promise<void> {
  await repo.updateUser(db, userId, { totp_secret: null, updated_at: clock().toISOString() });
}

/** The TOTP secret of a user, if two-factor sign-in is on. */
export async function totpSecretOf(db: Db, userId: number): Promise<string | null> {
  return (await repo.findUserSecrets(db, userId))?.totp_secret ?? null;
}
