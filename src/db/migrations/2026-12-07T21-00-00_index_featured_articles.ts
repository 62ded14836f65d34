import type { Kysely } from 'kysely';

/*
 * The home page's featured strip reads the newest public articles with featured = 1. Through the
 * (status, published_at) index SQLite walked every published article to keep the few featured:
 * 360 ms a home page at 100,000 articles when none is featured (npm run bench). With featured
 * first, the read starts at the flagged rows and stops after three.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('articles_featured_status_published_at')
    .ifNotExists()
    .on('articles')
    .columns(['featured', 'status', 'published_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_featured_status_published_at').ifExists().execute();
}
