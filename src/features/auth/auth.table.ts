import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'owner' | 'admin' | 'editor' | 'author' | 'contributor' | 'moderator';

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  slug: string;
  role: Role;
  status: Generated<'active' | 'invited' | 'suspended'>;
  password_hash: string | null;
  bio: string | null;
  totp_secret: string | null;
  /** The TOTP step of the last code accepted: each code is good once. */
  totp_last_step: Generated<number | null>;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

export interface SessionTable {
  /** SHA-256 of the session id in the cookie; the id itself is never stored. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  role: Role;
  /** SHA-256 of the secret; the key is shown once and never stored. */
  key_hash: string;
  /** The first characters of the key, shown in lists so that people can tell keys apart. */
  key_prefix: string;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export type ApiKeyRow = Selectable<ApiKeyTable>;

/** Failed sign-ins per account ("account:<email>") and per client address ("ip:<address>"). */
export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  last_failure_at: string;
  /** ISO-8601 UTC until which sign-ins for this key are refused, or null. */
  locked_until: string | null;
}

/** One-time links: staff invitations and password resets. */
export interface UserTokenTable {
  /** SHA-256 of the token in the link. */
  token_hash: string;
  user_id: number;
  purpose: 'invite' | 'reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
