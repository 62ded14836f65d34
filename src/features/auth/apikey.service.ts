import crypto from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import {
  findApiKeyByHash,
  findApiKeyById,
  insertApiKey,
  listApiKeyRows,
  countApiKeys,
  markApiKeyRevoked,
  touchApiKey,
  type ApiKeyListRow,
} from './apikey.repository.js';
import type { Role } from './auth.table.js';

/** Every key starts with this, so that secret scanners and people can recognise one. */
export const API_KEY_PREFIX = 'deho_';
/** 30 random bytes are exactly 40 base64url characters. */
const SECRET_BYTES = 30;
const KEY_PATTERN = /^deho_[A-Za-z0-9_-]{40}$/;
/** How much of the key lists show: the fixed prefix and 8 random characters. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** last_used_at is written at most this often per key, so that busy keys do not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Roles a key may carry. Ownership belongs to a person, so no key is ever an owner.
 */
export const API_KEY_ROLES = [
  'admin',
  'editor',
  'author',
  'contributor',
  'moderator',
] as const satisfies readonly Role[];
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** An API key as lists and the Admin API show it: never the secret, never its hash. */
export interface ApiKey {
  id: number;
  name: string;
  role: Role;
  /** The first characters of the key, to tell keys apart. */
  keyPrefix: string;
  createdBy: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The staff identity a verified key stands for. */
export interface ApiKeyPrincipal {
  id: number;
  role: Role;
}

/** SHA-256 hex of a key: what the database stores. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

function toApiKey(row: ApiKeyListRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    keyPrefix: row.key_prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function isApiKeyRole(role: string): role is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(role);
}

/**
 * Creates an API key. The key itself is returned here once and never again: only its SHA-256
 * hash and its first characters are stored.
 * @param db database or transaction
 * @param clock where "now" comes from
 * @param input a name people recognise, the role the key acts with, and the user who made it
 * @returns the key (to show once) and the stored record
 * @throws ValidationFailed for an empty or overlong name or a role a key cannot have
 */
export async function createApiKey(
  db: DbOrTrx,
  clock: Clock,
  input: { name: string; role: string; createdBy?: number | null },
): Promise<{ key: string; apiKey: ApiKey }> {
  const name = input.name.trim();
  if (name === '' || name.length > 100) {
    throw new ValidationFailed('A key needs a name of 1 to 100 characters.', 'name');
  }
  if (!isApiKeyRole(input.role)) {
    throw new ValidationFailed(`role must be one of ${API_KEY_ROLES.join(', ')}.`, 'role');
  }
  const key = API_KEY_PREFIX + crypto.randomBytes(SECRET_BYTES).toString('base64url');
  const now = nowIso(clock);
  const id = await insertApiKey(db, {
    name,
    role: input.role,
    key_hash: hashApiKey(key),
    key_prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    created_by: input.createdBy ?? null,
    created_at: now,
  });
  const row = await findApiKeyById(db, id);
  if (row === undefined) throw new Error(`API key ${id} vanished after insert`);
  return { key, apiKey: toApiKey(row) };
}

/**
 * Checks a presented key. Unknown, malformed and revoked keys all answer `undefined`, so that
 * callers cannot tell them apart (and neither can whoever is guessing).
 * Records the use at most once a minute.
 * @returns who the key acts as, or undefined
 */
export async function verifyApiKey(
  db: Db,
  clock: Clock,
  presented: string,
): Promise<ApiKeyPrincipal | undefined> {
  if (!KEY_PATTERN.test(presented)) return undefined;
  const presentedHash = hashApiKey(presented);
  const row = await findApiKeyByHash(db, presentedHash);
  // The lookup is by hash, which leaks nothing about the key; the constant-time comparison
  // keeps that true even if the index lookup were ever replaced by a prefix match.
  if (
    row === undefined ||
    !crypto.timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(presentedHash, 'hex')) ||
    row.revoked_at !== null ||
    // A key never acts as the owner, even if a row with that role got into the table by hand.
    !isApiKeyRole(row.role)
  ) {
    return undefined;
  }
  const now = clock();
  const lastUsed = row.last_used_at === null ? undefined : Date.parse(row.last_used_at);
  if (lastUsed === undefined || now.getTime() - lastUsed >= TOUCH_INTERVAL_MS) {
    await touchApiKey(
      db,
      row.id,
      now.toISOString(),
      new Date(now.getTime() - TOUCH_INTERVAL_MS + 1).toISOString(),
    );
  }
  return { id: row.id, role: row.role };
}

/** A page of keys, newest first, with the total count. */
export async function listApiKeys(
  db: DbOrTrx,
  page: { limit: number; offset: number },
): Promise<{ apiKeys: ApiKey[]; total: number }> {
  const [rows, total] = await Promise.all([listApiKeyRows(db, page), countApiKeys(db)]);
  return { apiKeys: rows.map(toApiKey), total };
}

/**
 * Revokes a key; it stops working at once. Revoking a revoked key changes nothing.
 * @returns the key as it is now
 * @throws NotFound when no key has that id
 */
export async function revokeApiKey(db: DbOrTrx, clock: Clock, id: number): Promise<ApiKey> {
  await markApiKeyRevoked(db, id, nowIso(clock));
  const row = await findApiKeyById(db, id);
  if (row === undefined) throw new NotFound('There is no API key with that id.');
  return toApiKey(row);
}
