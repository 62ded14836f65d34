import type { Kysely } from 'kysely';

/*
 * Old slugs of articles (issue 18): when a published article's slug changes, its old address
 * /news/<from_slug> answers 301 to the article's current one. The row names the article, not
 * the new slug, so a second rename needs no chain of redirects. Deleting the article deletes
 * its old slugs too. The tags' tag_redirects have the same shape.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_slug_redirects')
    .ifNotExists()
    .addColumn('from_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_slug_redirects_article_id')
    .ifNotExists()
    .on('article_slug_redirects')
    .column('article_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_slug_redirects').ifExists().execute();
}
