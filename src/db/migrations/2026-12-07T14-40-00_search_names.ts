import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from './helpers.js';

/*
 * Search by every name an entity goes by, groups included (issue 20).
 *
 * - search_entities.kind may be 'group'. On PostgreSQL the CHECK is replaced; on SQLite the
 *   table is made again (a CHECK cannot be altered there). Its rows are derived data.
 * - search_names: one row per name key of a person, group, show or character (written names,
 *   and the romanizations generated from its Hangul), with its weight (0: the display name or
 *   its Hangul, 1: an alias an editor wrote, 2: a generated romanization). Indexed by key, so a
 *   query that spells a name exactly finds it in one look-up and ranks stage names above
 *   legal names.
 * - search_name_trigrams: the trigrams of written names (weights 0 and 1), indexed by trigram,
 *   for typo tolerance: candidates are the names sharing trigrams with the query, never a scan.
 *
 * All three are filled when the entity index is rebuilt; removing the stamp in search_state
 * makes the next search rebuild it (the backfill of existing sites).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const kinds = sql`kind in ('person', 'show', 'character', 'group')`;
  if (isPostgres(db)) {
    await sql`alter table search_entities drop constraint if exists search_entities_kind_check`.execute(
      db,
    );
    await sql`alter table search_entities add constraint search_entities_kind_check check (${kinds})`.execute(
      db,
    );
  } else {
    await sql`insert into search_entities_fts (search_entities_fts) values ('delete-all')`.execute(
      db,
    );
    await db.schema.dropTable('search_entities').execute();
    await withId(db, db.schema.createTable('search_entities'))
      .addColumn('kind', 'text', (c) => c.notNull().check(kinds))
      .addColumn('ref_id', 'integer', (c) => c.notNull())
      .addUniqueConstraint('search_entities_kind_ref', ['kind', 'ref_id'])
      .execute();
  }
  await withId(db, db.schema.createTable('search_names'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_names_key').on('search_names').column('key').execute();
  await db.schema
    .createIndex('search_names_ref')
    .on('search_names')
    .columns(['kind', 'ref_id'])
    .execute();
  await db.schema
    .createTable('search_name_trigrams')
    .addColumn('trigram', 'text', (c) => c.notNull())
    .addColumn('name_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_name_trigrams_pk', ['trigram', 'name_id'])
    .execute();
  await sql`delete from search_state where key = 'entities'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_name_trigrams').execute();
  await db.schema.dropTable('search_names').execute();
  await sql`delete from search_entities where kind = 'group'`.execute(db);
  await sql`delete from search_state where key = 'entities'`.execute(db);
  if (isPostgres(db)) {
    await sql`alter table search_entities drop constraint if exists search_entities_kind_check`.execute(
      db,
    );
    await sql`alter table search_entities add constraint search_entities_kind_check
      check (kind in ('person', 'show', 'character'))`.execute(db);
  } else {
    await sql`insert into search_entities_fts (search_entities_fts) values ('delete-all')`.execute(
      db,
    );
    await db.schema.dropTable('search_entities').execute();
    await withId(db, db.schema.createTable('search_entities'))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('person', 'show', 'character')`),
      )
      .addColumn('ref_id', 'integer', (c) => c.notNull())
      .addUniqueConstraint('search_entities_kind_ref', ['kind', 'ref_id'])
      .execute();
  }
}
