import type { Config } from '../../config.js';
import type { Dialect } from '../../db/connect.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { assertMayActOn, assertMayGiveRole, type Actor } from './account.policy.js';
import * as repo from './user.repository.js';
import {
  ASSIGNABLE_ROLES,
  checkEmail,
  checkName,
  isAssignableRole,
  issueToken,
  requireUser,
  sendInvitation,
  type IssuedLink,
  type User,
} from './user.service.js';

/*
 * What one staff account does to another: rename, change e-mail, role or status, make a reset
 * link, invite again, sign out, turn off two-factor, delete, hand over ownership. Each function reads the
 * target and asks `assertMayActOn` in the same transaction as its write, so the hierarchy of
 * docs/roles.md holds for every caller; routes add nothing to it.
 */

/** The account acted on, locked until the write is done (see findUserForUpdate). */
async function lockTarget(trx: DbOrTrx, dialect: Dialect, id: number): Promise<User> {
  const user = await repo.findUserForUpdate(trx, id, dialect);
  if (user === undefined) throw new NotFound(`There is no user ${id}.`);
  return user;
}

/** The changes PATCH /users/:id may ask for; each present field is its own operation. */
/** A bio as stored: trimmed, NFC; an empty one is none. */
function bioText(raw: string): string | null {
  const bio = raw.normalize('NFC').trim();
  return bio === '' ? null : bio;
}

interface AccountChanges {
  name?: string;
  bio?: string;
  email?: string;
  role?: string;
  status?: 'active' | 'suspended';
}

/**
 * Changes a colleague's name, bio, e-mail address, role or status. A new address voids the reset
 * links sent to the old one; a suspension ends every session of the account.
 * @throws Forbidden (hierarchy), NotFound, ValidationFailed, Conflict for a taken address
 */
export async function updateAccount(
  db: Db,
  dialect: Dialect,
  clock: Clock,
  actor: Actor,
  id: number,
  changes: AccountChanges,
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await lockTarget(trx, dialect, id);
    if (changes.name !== undefined || changes.bio !== undefined) {
      assertMayActOn(actor, user, 'rename');
    }
    if (changes.email !== undefined) assertMayActOn(actor, user, 'change_email');
    if (changes.role !== undefined) assertMayActOn(actor, user, 'change_role');
    if (changes.status !== undefined) {
      assertMayActOn(actor, user, changes.status === 'suspended' ? 'suspend' : 'reactivate');
    }
    if (changes.role !== undefined) {
      if (!isAssignableRole(changes.role)) {
        throw new ValidationFailed(`role must be one of ${ASSIGNABLE_ROLES.join(', ')}.`, 'role');
      }
      assertMayGiveRole(actor, changes.role);
    }
    if (changes.status === 'active' && user.status === 'invited') {
      throw new ValidationFailed(
        'An invited colleague becomes active by accepting the invitation.',
        'status',
      );
    }
    const now = clock().toISOString();
    let email: string | undefined;
    if (changes.email !== undefined) {
      email = checkEmail(changes.email);
      if (user.status === 'invited' && email !== user.email) {
        throw new ValidationFailed(
          'The invitation went to the old address: delete it and invite the new address.',
          'email',
        );
      }
      const holder = await repo.findUserForSignIn(trx, email);
      if (holder !== undefined && holder.id !== id) {
        throw new Conflict('Another account uses this e-mail address.', 'email');
      }
      if (email !== user.email) await repo.voidTokens(trx, id, 'reset', now);
    }
    await repo.updateUser(trx, id, {
      ...(changes.name !== undefined && { name: checkName(changes.name) }),
      ...(changes.bio !== undefined && { bio: bioText(changes.bio) }),
      ...(email !== undefined && { email }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.status !== undefined && { status: changes.status }),
      updated_at: now,
    });
    if (changes.status === 'suspended') await repo.deleteUserSessions(trx, id);
    return requireUser(trx, id);
  });
}

/** A reset link made by an admin for a colleague (when no mail can be sent). */
export async function issueResetLink(
  db: Db,
  dialect: Dialect,
  clock: Clock,
  config: Config,
  actor: Actor,
  userId: number,
): Promise<IssuedLink> {
  return db.transaction().execute(async (trx) => {
    const user = await lockTarget(trx, dialect, userId);
    assertMayActOn(actor, user, 'reset_link');
    if (user.status !== 'active') {
      throw new ValidationFailed('Only an active account can reset its password.', 'status');
    }
    const { token, expiresAt } = await issueToken(trx, clock, userId, 'reset');
    return { url: `${config.baseUrl}/admin/reset-password#${token}`, sent: false, expiresAt };
  });
}

/**
 * Invites again a colleague who never accepted (an invitation that expired or went astray, or an
 * author the WordPress import brought): a new link, and the earlier one stops working.
 */
export async function inviteAgain(
  db: Db,
  dialect: Dialect,
  clock: Clock,
  config: Config,
  actor: Actor,
  userId: number,
  invitedBy: string,
): Promise<IssuedLink> {
  const { user, token, expiresAt } = await db.transaction().execute(async (trx) => {
    const target = await lockTarget(trx, dialect, userId);
    assertMayActOn(actor, target, 'invite_again');
    if (target.status !== 'invited') {
      throw new Conflict(
        `${target.name} has accepted an invitation already: send a password reset link instead.`,
        'status',
      );
    }
    return { user: target, ...(await issueToken(trx, clock, userId, 'invite')) };
  });
  return sendInvitation(config, {
    email: user.email,
    role: user.role,
    invitedBy,
    token,
    expiresAt,
  });
}

/** Ends every session of a colleague (a lost laptop). @returns how many ended */
export async function endAccountSessions(
  db: Db,
  dialect: Dialect,
  actor: Actor,
  userId: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    assertMayActOn(actor, await lockTarget(trx, dialect, userId), 'end_sessions');
    return repo.deleteUserSessions(trx, userId);
  });
}

/**
 * Turns off a colleague's two-factor sign-in (a lost phone) and ends their sessions, since the
 * phone may be in someone else's hands; they sign in with their password and set it up again.
 */
export async function resetTwoFactor(
  db: Db,
  dialect: Dialect,
  clock: Clock,
  actor: Actor,
  userId: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    assertMayActOn(actor, await lockTarget(trx, dialect, userId), 'reset_two_factor');
    await repo.updateUser(trx, userId, { totp_secret: null, updated_at: clock().toISOString() });
    await repo.deleteUserSessions(trx, userId);
  });
}

/**
 * Deletes a colleague's account (or a pending invitation). An account whose name is the byline
 * of any article is kept: deleting it would leave those articles without an author, so the
 * answer says to suspend it instead.
 * @throws Forbidden (hierarchy), NotFound, Conflict when articles carry the byline
 */
export async function deleteAccount(
  db: Db,
  dialect: Dialect,
  actor: Actor,
  userId: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await lockTarget(trx, dialect, userId);
    assertMayActOn(actor, user, 'delete');
    const articles = await repo.countArticlesByAuthor(trx, userId);
    if (articles > 0) {
      throw new Conflict(
        `${user.name} is an author or co-author of ${articles} article${articles === 1 ? '' : 's'}; ` +
          'suspend the account instead: it can no longer sign in and keeps its bylines.',
      );
    }
    await repo.deleteUserRow(trx, userId);
  });
}

/** Hands the owner role to an active colleague; the former owner becomes an admin. */
export async function transferOwnership(
  db: Db,
  dialect: Dialect,
  clock: Clock,
  actor: Actor,
  toId: number,
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const target = await lockTarget(trx, dialect, toId);
    assertMayActOn(actor, target, 'transfer_ownership');
    if (target.status !== 'active') {
      throw new ValidationFailed('Ownership can only go to an active account.', 'user_id');
    }
    const now = clock().toISOString();
    // assertMayActOn let only the signed-in owner through, so userId is the owner's.
    const ownerId = actor.userId as number;
    await repo.updateUser(trx, ownerId, { role: 'admin', updated_at: now });
    await repo.updateUser(trx, toId, { role: 'owner', updated_at: now });
    return requireUser(trx, toId);
  });
}
