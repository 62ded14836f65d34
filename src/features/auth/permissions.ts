import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../../lib/errors.js';
import type { Role } from './auth.table.js';
import { requireStaff, type Staff } from './staff.js';

/*
 * The one permission table of the Admin API. Every route asks `requireCan(request, action)`;
 * nothing else decides which role may reach a route. Finer rules that depend on the item
 * ("own draft", "own article") live in the resource's policy (articles/article.policy.ts) and
 * run after this check. docs/roles.md shows this table to people; roles.test.ts checks that
 * the routes follow it.
 */

/** Everything a staff member may be allowed to do, by resource. */
export const ACTIONS = [
  'articles.read',
  'articles.write',
  'articles.publish',
  'articles.edit_any',
  'tags.manage',
  'dramas.write',
  'people.write',
  'names.detect',
  'comments.moderate',
  'media.upload',
  'media.manage',
  'settings.manage',
  'users.read',
  'users.manage',
  'apikeys.manage',
  'webhooks.manage',
  'site.import',
  'site.export',
  'ownership.transfer',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: readonly Role[] = ['owner', 'admin', 'editor', 'author', 'contributor', 'moderator'];
const WRITERS: readonly Role[] = ['owner', 'admin', 'editor', 'author', 'contributor'];
const EDITORS: readonly Role[] = ['owner', 'admin', 'editor'];
const ADMINS: readonly Role[] = ['owner', 'admin'];

/** Which roles may do each action. Read it as the table in docs/roles.md. */
export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  /** See articles of any status in the admin. */
  'articles.read': WRITERS,
  /** Create articles and change or delete them (contributors: own drafts only, per article.policy). */
  'articles.write': WRITERS,
  /** Publish, schedule and unpublish (authors: their own articles, per article.policy). */
  'articles.publish': ['owner', 'admin', 'editor', 'author'],
  /** Change and delete anybody's articles. */
  'articles.edit_any': EDITORS,
  'tags.manage': EDITORS,
  /** Shows, parts, slots, episodes, characters, credits. */
  'dramas.write': EDITORS,
  /** People, groups, memberships, events. */
  'people.write': EDITORS,
  /** Ask the entity linker for mentions in a text (read-only). */
  'names.detect': ALL,
  'comments.moderate': ['owner', 'admin', 'editor', 'moderator'],
  /** Upload to the media library, browse it, and change or delete one's own uploads. */
  'media.upload': WRITERS,
  /** Change alt text and focal point of, and delete, anybody's uploads. */
  'media.manage': EDITORS,
  /** Site title, description, zone, comment policy. */
  'settings.manage': ADMINS,
  /** See who is on the staff (names and roles). */
  'users.read': ALL,
  /** Invite, change roles, suspend. */
  'users.manage': ADMINS,
  'apikeys.manage': ADMINS,
  'webhooks.manage': ADMINS,
  /** Upload a WordPress export. */
  'site.import': ADMINS,
  /** Download the whole site, password hashes and secrets included. */
  'site.export': ['owner'],
  /** Hand the owner role to someone else. */
  'ownership.transfer': ['owner'],
};

/**
 * Whether a role may do an action.
 * @returns true when the table allows it
 */
export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

/**
 * The first line of every Admin API handler: who is asking, and may they do this?
 * @returns the staff member, for the handler and the resource policy
 * @throws Unauthorized without staff, Forbidden when the role may not do `action`
 */
export function requireCan(request: FastifyRequest, action: Action): Staff {
  const staff = requireStaff(request);
  if (!can(staff.role, action)) throw new Forbidden();
  return staff;
}
