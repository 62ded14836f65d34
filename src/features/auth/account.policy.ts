import { Forbidden } from '../../lib/errors.js';
import type { Role } from './auth.table.js';
import { can } from './permissions.js';

/*
 * The staff hierarchy: who may act on whose account. Every service function that changes,
 * ends or opens another account calls `assertMayActOn` inside its transaction, after it has read
 * the target, so no route can reach such a write without it (docs/roles.md, "The hierarchy").
 *
 * - Only roles with `users.manage` (owner, admins) act on accounts at all.
 * - Nobody acts on an account above or level with their own: admins act on editors, authors,
 *   contributors and moderators; the owner also on admins. One's own account is the exception,
 *   and only for a change of name here (password, e-mail and two-factor have their own routes
 *   under /session that ask for proof); nobody changes their own role, suspends or deletes
 *   themselves.
 * - An API key never acts on the owner's account, and never acts as the owner.
 * - The same ranks bound the role one may give: only the owner makes admins.
 */

/** Who is acting: a signed-in person (with their user id) or an API key. */
export interface Actor {
  kind: 'session' | 'apikey';
  role: Role;
  /** users.id of a signed-in person; null for an API key. */
  userId: number | null;
}

/** Everything one account can do to another. */
export type AccountOperation =
  | 'rename'
  | 'change_email'
  | 'change_role'
  | 'suspend'
  | 'reactivate'
  | 'reset_link'
  | 'invite_again'
  | 'end_sessions'
  | 'reset_two_factor'
  | 'delete'
  | 'transfer_ownership';

/** Each operation in the words of a 403 message: "Only the owner can <words> an admin." */
const WORDS: Record<AccountOperation, string> = {
  rename: 'rename',
  change_email: 'change the e-mail address of',
  change_role: 'change the role of',
  suspend: 'suspend',
  reactivate: 'reactivate',
  reset_link: 'make a password reset link for',
  invite_again: 'invite again',
  end_sessions: 'sign out',
  reset_two_factor: 'turn off two-factor sign-in for',
  delete: 'delete',
  transfer_ownership: 'hand ownership to',
};

/** What to say when the target is oneself (renaming oneself is allowed). */
const ON_YOURSELF: Record<Exclude<AccountOperation, 'rename'>, string> = {
  change_email: 'Change your own e-mail address from your account, with your password.',
  change_role: 'You cannot change your own role.',
  suspend: 'You cannot suspend yourself.',
  reactivate: 'You cannot reactivate yourself.',
  reset_link: 'You cannot make a reset link for yourself; change your password from your account.',
  invite_again: 'You have accepted your invitation already.',
  end_sessions: 'Sign out everywhere from your account instead.',
  reset_two_factor:
    'Turn off your own two-factor sign-in from your account, with a code from your app.',
  delete: 'You cannot delete your own account.',
  transfer_ownership: 'You are the owner already.',
};

/** 3 owner, 2 admin, 1 every other role: a role acts only on lower ranks. */
function rank(role: Role): number {
  if (role === 'owner') return 3;
  if (role === 'admin') return 2;
  return 1;
}

/** How a 403 names a role: "an admin", "an editor". */
function aRole(role: Role): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

/**
 * Refuses, with a 403 a person understands, an operation the actor may not do to the target.
 * Call it after reading the target in the same transaction as the write.
 * @throws Forbidden when the hierarchy does not allow it
 */
export function assertMayActOn(
  actor: Actor,
  target: { id: number; role: Role },
  operation: AccountOperation,
): void {
  const words = WORDS[operation];
  if (actor.kind === 'apikey' && actor.role === 'owner') {
    throw new Forbidden('An API key never acts as the owner.');
  }
  if (actor.kind === 'apikey' && target.role === 'owner') {
    throw new Forbidden(`An API key can never ${words} the owner.`);
  }
  if (operation === 'transfer_ownership') {
    if (actor.role !== 'owner' || actor.kind !== 'session') {
      throw new Forbidden('Only the owner, signed in, can hand ownership on.');
    }
    if (actor.userId === target.id) throw new Forbidden(ON_YOURSELF.transfer_ownership);
    return;
  }
  if (!can(actor.role, 'users.manage')) {
    throw new Forbidden('Only the owner and admins manage staff accounts.');
  }
  if (actor.userId === target.id) {
    if (operation === 'rename') return;
    throw new Forbidden(ON_YOURSELF[operation]);
  }
  if (rank(target.role) >= rank(actor.role)) {
    throw new Forbidden(
      target.role === 'owner'
        ? `Nobody can ${words} the owner; the owner's account is the owner's alone.`
        : `Only the owner can ${words} ${aRole(target.role)}.`,
    );
  }
}

/**
 * Refuses a role the actor may not give (by invitation or role change): only roles below
 * their own, so only the owner makes admins, and nobody makes an owner (ownership moves by
 * transfer).
 * @throws Forbidden
 */
export function assertMayGiveRole(actor: Actor, role: Role): void {
  if (role === 'owner') {
    throw new Forbidden('Nobody is made owner; the owner hands ownership on by transfer.');
  }
  if (!can(actor.role, 'users.manage')) {
    throw new Forbidden('Only the owner and admins manage staff accounts.');
  }
  if (rank(role) >= rank(actor.role)) {
    throw new Forbidden(`Only the owner can make someone ${aRole(role)}.`);
  }
}
