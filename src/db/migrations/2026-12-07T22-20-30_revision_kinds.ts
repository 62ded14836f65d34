import { sql, type Kysely } from 'kysely';

/*
 * What made a revision (issue 18): an autosave (the consecutive autosaves of one writer's
 * editing session update one row, so `saved_at` says when it was last written), an explicit
 * save, publishing, scheduling, unpublishing, a restore or an import; `label` names it
 * ("Published", "Scheduled for …", or the writer's own words). Earlier rows cannot be told
 * apart any more and become plain saves.
 */
const KINDS = ['autosave', 'save', 'publish', 'schedule', 'unpublish', 'restore', 'import'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('article_revisions')
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('save')
        .check(sql`kind in (${sql.join(KINDS.map((k) => sql.lit(k)))})`),
    )
    .execute();
  await db.schema.alterTable('article_revisions').addColumn('label', 'text').execute();
  await db.schema.alterTable('article_revisions').addColumn('saved_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('article_revisions').dropColumn('saved_at').execute();
  await db.schema.alterTable('article_revisions').dropColumn('label').execute();
  await db.schema.alterTable('article_revisions').dropColumn('kind').execute();
}
