import type { Kysely } from 'kysely';

/** What an article is about, one table per kind so that every link keeps its foreign key. */
const LINKS = [
  ['article_shows', 'show_id', 'shows'],
  ['article_people', 'person_id', 'people'],
  ['article_groups', 'group_id', 'groups'],
  ['article_characters', 'character_id', 'characters'],
  ['article_events', 'event_id', 'events'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column, target] of LINKS) {
    await db.schema
      .createTable(table)
      .addColumn('article_id', 'integer', (c) =>
        c.notNull().references('articles.id').onDelete('cascade'),
      )
      .addColumn(column, 'integer', (c) =>
        c.notNull().references(`${target}.id`).onDelete('cascade'),
      )
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
      .addPrimaryKeyConstraint(`${table}_pk`, ['article_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of [...LINKS].reverse()) {
    await db.schema.dropTable(table).execute();
  }
}
