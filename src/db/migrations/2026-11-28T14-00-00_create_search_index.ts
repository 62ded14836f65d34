import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from './helpers.js';

/*
 * The search index. Documents hold text already tokenized by features/search (words folded
 * for case, diacritics and width; Hangul as syllable bigrams; names joined and in initial
 * consonants), so both dialects only split on spaces.
 *
 * SQLite: two contentless FTS5 tables (unicode61), rowid = articles.id for articles and
 * search_entities.id for people, shows and characters. contentless_delete lets a row be
 * replaced or removed without keeping a copy of the text.
 * PostgreSQL: a tsvector per document ('simple' configuration) with a GIN index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('search_entities'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('person', 'show', 'character')`),
    )
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addUniqueConstraint('search_entities_kind_ref', ['kind', 'ref_id'])
    .execute();
  await db.schema
    .createTable('search_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    await db.schema
      .createTable('search_articles')
      .addColumn('article_id', 'integer', (c) =>
        c.primaryKey().references('articles.id').onDelete('cascade'),
      )
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_articles_document on search_articles using gin (document)`.execute(
      db,
    );
    await db.schema
      .alterTable('search_entities')
      .addColumn('document', sql`tsvector`)
      .execute();
    await sql`create index search_entities_document on search_entities using gin (document)`.execute(
      db,
    );
    return;
  }
  const options = sql.raw(
    `tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1`,
  );
  await sql`create virtual table search_articles_fts using fts5(title, dek, body, names, initials, ${options})`.execute(
    db,
  );
  await sql`create virtual table search_entities_fts using fts5(title, aliases, body, names, initials, ${options})`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema.dropTable('search_articles').execute();
  } else {
    await sql`drop table search_articles_fts`.execute(db);
    await sql`drop table search_entities_fts`.execute(db);
  }
  await db.schema.dropTable('search_state').execute();
  await db.schema.dropTable('search_entities').execute();
}
