import type { Kysely } from 'kysely';

/*
 * "Related articles" reads the latest articles of each tag, show and person of an article
 * (article.repository.ts findRelated): with (link, article_id) indexes that is a short read from
 * the end of the index, however many articles a popular tag has.
 */
const INDEXES: readonly (readonly [name: string, table: string, columns: readonly string[]])[] = [
  ['article_tags_tag_article', 'article_tags', ['tag_id', 'article_id']],
  ['article_shows_show_article', 'article_shows', ['show_id', 'article_id']],
  ['article_people_person_article', 'article_people', ['person_id', 'article_id']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on(table)
      .columns([...columns])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
