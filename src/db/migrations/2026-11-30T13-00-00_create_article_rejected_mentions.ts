import type { Kysely } from 'kysely';
import { oneOf } from './helpers.js';

/*
 * Suggestions of the entity linker that an editor rejected for an article, so that the editor
 * does not offer them again. The entity is not a foreign key (it may be of five kinds); a
 * rejection of an entity deleted since is harmless and goes with the article.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_rejected_mentions')
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn(
      'entity_type',
      'text',
      oneOf('entity_type', ['show', 'person', 'character', 'group', 'event']),
    )
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_rejected_mentions_pk', [
      'article_id',
      'entity_type',
      'entity_id',
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_rejected_mentions').execute();
}
