import type { Kysely } from 'kysely';

/*
 * An article's social image (issue 18): the picture link previews (og:image, twitter:image)
 * and structured data show instead of the feature image; null uses the feature image. No
 * foreign key, as tags.parent_id: SQLite cannot drop a column that has one, so `down` could not
 * run. Deleting a media item clears it (media.service.ts deleteMedia), and ids are never reused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('social_image_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('social_image_id').execute();
}
