import type { Kysely } from 'kysely';

/*
 * The feature image's caption and photo credit (issue 18: "feature image with caption and
 * credit"; "Photo: tvN" is routine and often required for stills). Per article, not per media
 * item: the same still is captioned differently in different stories. '' for none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('feature_image_caption', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('feature_image_credit', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('feature_image_credit').execute();
  await db.schema.alterTable('articles').dropColumn('feature_image_caption').execute();
}
