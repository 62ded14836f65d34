import type { Kysely } from 'kysely';

/*
 * Old tag slugs that still lead somewhere: a tag renamed to a new slug, or merged into another,
 * keeps its old URL, which answers 301 to the tag it is now (issue 19). Deleting the tag a slug
 * leads to deletes the slug too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tag_redirects')
    .ifNotExists()
    .addColumn('from_slug', 'text', (c) => c.primaryKey())
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tag_redirects_tag_id')
    .ifNotExists()
    .on('tag_redirects')
    .column('tag_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tag_redirects').ifExists().execute();
}
