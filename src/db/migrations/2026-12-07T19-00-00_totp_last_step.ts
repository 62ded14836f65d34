import type { Kysely } from 'kysely';

/*
 * The 30-second TOTP step of the last authenticator code a user gave, so that each code is
 * accepted once (RFC 6238, section 5.2): a code seen over a shoulder or in a phishing proxy
 * cannot start a second session within its window. Null until the first code is used.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}
