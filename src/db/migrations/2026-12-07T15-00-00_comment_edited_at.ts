import type { Kysely } from 'kysely';

/*
 * When a comment's text was last changed (by its commenter or a moderator), apart from
 * `updated_at`, which every status change also sets: the page marks a comment "(edited)" by this
 * column alone. Nullable and without a backfill: before it, an approval and an edit both only
 * moved `updated_at`, so no old row can tell which happened, and a missing label on an old edit
 * is the lesser wrong than the label on every approved first comment (issue 19).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('edited_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('edited_at').execute();
}
