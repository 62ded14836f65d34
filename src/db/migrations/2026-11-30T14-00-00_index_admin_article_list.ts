import type { Kysely } from 'kysely';

/*
 * Indexes for the Admin API's article list (article.admin-list.ts), which the newsroom opens all
 * day: newest change first, optionally one status, or newest publication first. Without them
 * every page of the list sorted the whole articles table (EXPLAIN: SCAN articles + TEMP B-TREE).
 * The author, tag and show filters already have their indexes (articles_author_id,
 * article_tags_tag_id, article_shows_show_id).
 */
const INDEXES: readonly (readonly [name: string, columns: readonly string[]])[] = [
  ['articles_updated_at', ['updated_at']],
  ['articles_status_updated_at', ['status', 'updated_at']],
  ['articles_published_at', ['published_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on('articles')
      .columns([...columns])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
