import { sql, type Kysely } from 'kysely';
import { flag, oneOf, withId, withTimestamps } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('networks'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', oneOf('kind', ['broadcaster', 'streaming']))
    .addColumn('url', 'text')
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('shows')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_ko', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('genres', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('synopsis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('poster_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('is_fictional', 'integer', flag('is_fictional', 0))
    .execute();

  await db.schema
    .createTable('show_networks')
    .addColumn('show_id', 'integer', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('network_id', 'integer', (c) =>
      c.notNull().references('networks.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('show_networks_pk', ['show_id', 'network_id'])
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('parts')))
    .addColumn('show_id', 'integer', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('subtitle_ko', 'text')
    .addColumn('time_skip_note', 'text')
    .addUniqueConstraint('parts_show_number', ['show_id', 'number'])
    .addUniqueConstraint('parts_id_show', ['id', 'show_id'])
    .execute();

  await withId(db, db.schema.createTable('broadcast_slots'))
    .addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id').onDelete('cascade'))
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 0 and 6`))
    .addColumn('local_time', 'text', (c) =>
      c
        .notNull()
        .check(sql`length(local_time) = 5 and local_time >= '00:00' and local_time <= '23:59'`),
    )
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('network_id', 'integer', (c) => c.references('networks.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('broadcast_slots_part_id')
    .on('broadcast_slots')
    .column('part_id')
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('episodes')))
    .addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.check(sql`number is null or number >= 1`))
    .addColumn('kind', 'text', oneOf('kind', ['regular', 'special']))
    .addColumn('title', 'text')
    .addColumn('air_instant', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('runtime_minutes', 'integer')
    .addColumn('note', 'text')
    .addColumn('is_edited', 'integer', flag('is_edited', 0))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('episodes_part_number', ['part_id', 'number'])
    .addCheckConstraint('episodes_regular_numbered', sql`kind = 'special' or number is not null`)
    .execute();
  await db.schema
    .createIndex('episodes_air_instant')
    .on('episodes')
    .column('air_instant')
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('characters')))
    .addColumn('show_id', 'integer', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_ko', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('characters_show_slug', ['show_id', 'slug'])
    .addUniqueConstraint('characters_id_show', ['id', 'show_id'])
    .execute();

  // The composite foreign keys make it impossible for a credit to name a part or a character
  // of another show than its own.
  await withId(db, db.schema.createTable('credits'))
    .addColumn('person_id', 'integer', (c) =>
      c.notNull().references('people.id').onDelete('cascade'),
    )
    .addColumn('show_id', 'integer', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('part_id', 'integer')
    .addColumn('character_id', 'integer')
    .addColumn('kind', 'text', oneOf('kind', ['cast', 'crew']))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('billing', 'integer', (c) => c.notNull().defaultTo(100))
    .addForeignKeyConstraint(
      'credits_part_of_show',
      ['part_id', 'show_id'],
      'parts',
      ['id', 'show_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'credits_character_of_show',
      ['character_id', 'show_id'],
      'characters',
      ['id', 'show_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint('credits_character_is_cast', sql`character_id is null or kind = 'cast'`)
    .execute();
  await db.schema
    .createIndex('credits_show_id')
    .on('credits')
    .columns(['show_id', 'billing'])
    .execute();
  await db.schema.createIndex('credits_person_id').on('credits').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'credits',
    'characters',
    'episodes',
    'broadcast_slots',
    'parts',
    'show_networks',
    'shows',
    'networks',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
