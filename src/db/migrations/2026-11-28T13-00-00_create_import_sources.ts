import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/** Where imported rows came from (WordPress post ids…), so that re-imports update, not copy. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('import_sources'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('source_hash', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_sources_source', ['kind', 'site', 'entity', 'source_id'])
    .execute();
  await db.schema
    .createIndex('import_sources_entity')
    .on('import_sources')
    .columns(['entity', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_sources').execute();
}
