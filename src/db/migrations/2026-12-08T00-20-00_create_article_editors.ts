import type { Kysely } from 'kysely';

/*
 * Who has an article open in the editor (issue 18: "the second sees who else is editing"). The
 * editor sends a heartbeat every 20 s; a row older than a minute means the editor was closed. In
 * the database, not in memory, so that two instances behind a balancer see each other's writers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_editors')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_editors_pk', ['article_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_editors').ifExists().execute();
}
