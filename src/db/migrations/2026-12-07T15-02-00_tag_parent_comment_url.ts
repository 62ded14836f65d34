import type { Kysely } from 'kysely';

/*
 * Two things a WordPress site has and Deho kept nowhere: a tag's parent (WordPress categories
 * nest), and a commenter's website. tags.parent_id has no foreign key on purpose: a restore
 * inserts tags in id order, and an edited tree can have a parent with a higher id than its child.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').addColumn('parent_id', 'integer').execute();
  await db.schema.alterTable('comments').addColumn('author_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('author_url').execute();
  await db.schema.alterTable('tags').dropColumn('parent_id').execute();
}
