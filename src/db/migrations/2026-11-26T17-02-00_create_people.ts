import { sql, type Kysely } from 'kysely';
import { withId, withTimestamps } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withTimestamps(withId(db, db.schema.createTable('people')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_ko', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('birth_date', 'text')
    .addColumn('image_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('groups')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_ko', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('idol_group'))
    .addColumn('debut_date', 'text')
    .addColumn('disband_date', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await withId(db, db.schema.createTable('group_memberships'))
    .addColumn('group_id', 'integer', (c) =>
      c.notNull().references('groups.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'integer', (c) =>
      c.notNull().references('people.id').onDelete('cascade'),
    )
    .addColumn('role', 'text')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addCheckConstraint(
      'group_memberships_dates_ordered',
      sql`start_date is null or end_date is null or end_date >= start_date`,
    )
    .execute();
  await db.schema
    .createIndex('group_memberships_person_id')
    .on('group_memberships')
    .column('person_id')
    .execute();
  await db.schema
    .createIndex('group_memberships_group_id')
    .on('group_memberships')
    .column('group_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('group_memberships').execute();
  await db.schema.dropTable('groups').execute();
  await db.schema.dropTable('people').execute();
}
