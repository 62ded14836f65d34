import type { Kysely } from 'kysely';

/*
 * Co-authors of an article (issue 18): staff who wrote it with its author (articles.author_id,
 * who stays the article's owner for the editing policy). Shown in the byline after the author,
 * in `position` order. A deleted user leaves the bylines they shared.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_coauthors')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_coauthors_pk', ['article_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('article_coauthors_user_id')
    .ifNotExists()
    .on('article_coauthors')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_coauthors').ifExists().execute();
}
