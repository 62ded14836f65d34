import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

/*
 * The files of DEHO_MEDIA_STORAGE=postgres: one row per file, keyed by its path under /media/.
 * PostgreSQL only: that store is refused on SQLite, whose sites keep files on disk or in a
 * bucket. The bytes are stored EXTERNAL (out of line, uncompressed): images and video are
 * compressed already, and uncompressed TOAST lets substring() read a window of a large file
 * without fetching the rest, which is how files are streamed and ranges answered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema
    .createTable('media_files')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .execute();
  await sql`alter table media_files alter column data set storage external`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema.dropTable('media_files').ifExists().execute();
}
