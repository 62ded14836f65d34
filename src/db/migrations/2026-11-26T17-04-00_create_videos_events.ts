import { sql, type Kysely } from 'kysely';
import { oneOf, withId, withTimestamps } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withTimestamps(withId(db, db.schema.createTable('videos')))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn(
      'kind',
      'text',
      oneOf('kind', ['behind_the_scenes', 'teaser', 'trailer', 'highlight', 'clip']),
    )
    .addColumn(
      'provider',
      'text',
      oneOf('provider', ['youtube', 'naver', 'vimeo', 'dailymotion', 'tiktok', 'file']),
    )
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('start_seconds', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`start_seconds >= 0`),
    )
    .addColumn('duration_seconds', 'integer')
    .addColumn('poster_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('published_at', 'text')
    .addUniqueConstraint('videos_provider_id', ['provider', 'provider_id'])
    .execute();

  await db.schema
    .createTable('video_shows')
    .addColumn('video_id', 'integer', (c) =>
      c.notNull().references('videos.id').onDelete('cascade'),
    )
    .addColumn('show_id', 'integer', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('video_shows_pk', ['video_id', 'show_id'])
    .execute();
  await db.schema
    .createTable('video_people')
    .addColumn('video_id', 'integer', (c) =>
      c.notNull().references('videos.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'integer', (c) =>
      c.notNull().references('people.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('video_people_pk', ['video_id', 'person_id'])
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('events')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn(
      'kind',
      'text',
      oneOf('kind', ['fan_meeting', 'showcase', 'press_conference', 'concert', 'other']),
    )
    .addColumn('venue', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('events_ends_after_start', sql`ends_at is null or ends_at >= starts_at`)
    .execute();
  await db.schema.createIndex('events_starts_at').on('events').column('starts_at').execute();

  await db.schema
    .createTable('event_people')
    .addColumn('event_id', 'integer', (c) =>
      c.notNull().references('events.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'integer', (c) =>
      c.notNull().references('people.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('event_people_pk', ['event_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('event_people_person_id')
    .on('event_people')
    .column('person_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_people', 'events', 'video_people', 'video_shows', 'videos']) {
    await db.schema.dropTable(table).execute();
  }
}
