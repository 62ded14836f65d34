import { sql, type Kysely } from 'kysely';
import { flag, oneOf, withId, withTimestamps } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('media'))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text')
    .addColumn('focal_x', 'real')
    .addColumn('focal_y', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('tags')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .execute();

  await withTimestamps(withId(db, db.schema.createTable('articles')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', oneOf('status', ['draft', 'scheduled', 'published', 'archived']))
    .addColumn('published_at', 'text')
    .addColumn('feature_image_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('comments_enabled', 'integer', flag('comments_enabled', 1))
    .addCheckConstraint(
      'articles_dated_when_public',
      sql`status not in ('scheduled', 'published') or published_at is not null`,
    )
    .execute();
  await db.schema
    .createIndex('articles_status_published_at')
    .on('articles')
    .columns(['status', 'published_at'])
    .execute();
  await db.schema.createIndex('articles_author_id').on('articles').column('author_id').execute();

  await withId(db, db.schema.createTable('article_revisions'))
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_revisions_article_id')
    .on('article_revisions')
    .columns(['article_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) =>
      c.notNull().references('articles.id').onDelete('cascade'),
    )
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag_id').on('article_tags').column('tag_id').execute();

  await withTimestamps(withId(db, db.schema.createTable('pages')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', oneOf('status', ['draft', 'published']))
    .execute();

  await withId(db, db.schema.createTable('redirects'))
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(301)
        .check(sql`status_code in (301, 302, 307, 308)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'redirects',
    'pages',
    'article_tags',
    'article_revisions',
    'articles',
    'tags',
    'media',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
