import type { Kysely } from 'kysely';
import { flag } from './helpers.js';

/*
 * An article's own title and description for search engines and link previews (empty: the
 * title and dek are used), and whether it is featured on the home page (WordPress's sticky).
 * featured is 0/1 like comments_enabled (checked), the same on both dialects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('seo_title', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('featured', 'integer', flag('featured', 0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('featured').execute();
  await db.schema.alterTable('articles').dropColumn('seo_description').execute();
  await db.schema.alterTable('articles').dropColumn('seo_title').execute();
}
