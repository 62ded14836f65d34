import type { Insertable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DbOrTrx } from '../../db/database.js';
import type { NewUserRow, Role, UserTokenTable, UserUpdate } from './auth.table.js';

/*
 * Users, sessions and one-time tokens as rows. Functions take `db | trx`; the services own the
 * transactions. Password hashes and TOTP secrets leave this module only through the functions
 * whose names say so (`findUserForSignIn`).
 */

/** Columns any staff-facing view of a user may show. */
const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'slug',
  'bio',
  'role',
  'status',
  'created_at',
  'updated_at',
] as const;

/** A user without secrets. */
export async function findUserById(db: DbOrTrx, id: number) {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select((eb) => eb('totp_secret', 'is not', null).as('totp_enabled'))
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A user, with the row locked for the rest of the transaction on PostgreSQL, so that a check of
 * the role and the write that follows see the same role even when another request changes it
 * meanwhile. SQLite needs no lock: it runs one write transaction at a time.
 */
export async function findUserForUpdate(trx: DbOrTrx, id: number, dialect: Dialect) {
  return trx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select((eb) => eb('totp_secret', 'is not', null).as('totp_enabled'))
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}
export type UserView = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/** A user with the password hash and TOTP secret, for signing in. E-mails compare lowercased. */
export async function findUserForSignIn(db: DbOrTrx, email: string) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash', 'totp_secret'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

/** The secrets of one user (for changing the password or TOTP). */
export async function findUserSecrets(db: DbOrTrx, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash', 'totp_secret'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of users, owner first, then by name. */
export async function listUserRows(db: DbOrTrx, page: { limit: number; offset: number }) {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select((eb) => eb('totp_secret', 'is not', null).as('totp_enabled'))
    .orderBy((eb) => eb.case().when('role', '=', 'owner').then(0).else(1).end())
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countUsers(db: DbOrTrx, role?: Role): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(role !== undefined, (q) => q.where('role', '=', role ?? 'owner'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function slugTaken(db: DbOrTrx, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst()) !==
    undefined
  );
}

export async function insertUser(db: DbOrTrx, row: NewUserRow): Promise<number> {
  const inserted = await db
    .insertInto('users')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateUser(db: DbOrTrx, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/**
 * Records `step` as the user's last TOTP step unless one as late was used already.
 * @returns whether the step was new (one statement, so two sign-ins racing with one code get one)
 */
export async function claimTotpStep(db: DbOrTrx, id: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// ---- Sessions ----

export async function insertSession(
  db: DbOrTrx,
  row: {
    id_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ip: string | null;
    user_agent: string | null;
  },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A session with the role and status of its user (read on every request, so changes apply at once). */
export async function findSessionWithUser(db: DbOrTrx, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.role',
      'users.status',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

/** Records activity unless it was recorded after `staleBefore` (at most one write a minute). */
export async function touchSession(
  db: DbOrTrx,
  idHash: string,
  now: string,
  staleBefore: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id_hash', '=', idHash)
    .where('last_seen_at', '<', staleBefore)
    .execute();
}

export async function deleteSession(db: DbOrTrx, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (log out everywhere, password change, suspension). */
export async function deleteUserSessions(db: DbOrTrx, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes sessions past their absolute expiry or idle limit. */
export async function deleteStaleSessions(
  db: DbOrTrx,
  now: string,
  idleBefore: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

// ---- One-time tokens ----

export async function insertToken(db: DbOrTrx, row: Insertable<UserTokenTable>): Promise<void> {
  await db.insertInto('user_tokens').values(row).execute();
}

/**
 * Marks a token used, if it is unused, unexpired and for `purpose`. The condition sits in the
 * UPDATE so that two requests with the same link cannot both use it.
 * @returns the user id, or undefined when the token does not work
 */
export async function consumeToken(
  db: DbOrTrx,
  tokenHash: string,
  purpose: 'invite' | 'reset',
  now: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Who a token would let in, if it is unused, unexpired and for `purpose`; reads only. */
export async function findTokenHolder(
  db: DbOrTrx,
  tokenHash: string,
  purpose: 'invite' | 'reset',
  now: string,
) {
  return db
    .selectFrom('user_tokens')
    .innerJoin('users', 'users.id', 'user_tokens.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('user_tokens.token_hash', '=', tokenHash)
    .where('user_tokens.purpose', '=', purpose)
    .where('user_tokens.used_at', 'is', null)
    .where('user_tokens.expires_at', '>', now)
    .executeTakeFirst();
}

/** Voids the unused tokens of a user for a purpose (a new link replaces older ones). */
export async function voidTokens(
  db: DbOrTrx,
  userId: number,
  purpose: 'invite' | 'reset',
  now: string,
): Promise<void> {
  await db
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

// ---- Accounts others act on ----

/** Deletes an account; its sessions and links go with it (ON DELETE CASCADE). */
export async function deleteUserRow(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/**
 * How many articles (any status) carry this user's byline. Read from the articles table here,
 * not through the articles feature, which itself depends on auth for its permission checks.
 */
export async function countArticlesByAuthor(db: DbOrTrx, userId: number): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // A co-author's name is on the byline as much as the author's.
    .where((eb) =>
      eb.or([
        eb('author_id', '=', userId),
        eb(
          'id',
          'in',
          eb.selectFrom('article_coauthors').select('article_id').where('user_id', '=', userId),
        ),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
