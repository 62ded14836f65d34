import type { Kysely } from 'kysely';

/*
 * The media library. The media table itself came with the content tables (imports and the demo
 * fill it with plain files); uploads add what the library needs: the name the file had on the
 * uploader's machine (shown, never used as a path), who uploaded it, and the widths that were
 * rendered as AVIF, WebP and JPEG (null for a row that is a single file, as imports make).
 * One column per statement: SQLite adds columns one at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('original_name', 'text').execute();
  await db.schema
    .alterTable('media')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('media').addColumn('widths', 'text').execute();
  // The library lists newest first.
  await db.schema
    .createIndex('media_created_at')
    .on('media')
    .columns(['created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_created_at').execute();
  for (const column of ['widths', 'created_by', 'original_name']) {
    await db.schema.alterTable('media').dropColumn(column).execute();
  }
}
