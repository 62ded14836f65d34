import type { Kysely } from 'kysely';

/*
 * What a later import needs to tell an edit made in Deho from a change made in WordPress:
 * a digest of the Deho row as the import left it (local_hash), and when the source item was last
 * modified in WordPress (source_modified, ISO-8601 UTC), so that an older export is never applied.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_sources').addColumn('local_hash', 'text').execute();
  await db.schema.alterTable('import_sources').addColumn('source_modified', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_sources').dropColumn('source_modified').execute();
  await db.schema.alterTable('import_sources').dropColumn('local_hash').execute();
}
