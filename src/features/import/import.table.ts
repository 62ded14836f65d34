import type { Generated, Kysely } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';

/** What an imported row is in Deho. */
export type ImportEntity = 'user' | 'article' | 'page' | 'comment' | 'media';

/**
 * Where a Deho row came from, so that a second import of the same export updates that row
 * instead of adding a copy. `source_hash` is a digest of the source item as last imported.
 */
export interface ImportSourceTable {
  id: Generated<number>;
  /** 'wordpress'. */
  kind: string;
  /** The source site (WordPress base_site_url), so that two blogs' post ids never meet. */
  site: string;
  entity: ImportEntity;
  /** The id in the source (WordPress post id, comment id, author login). */
  source_id: string;
  entity_id: number;
  source_hash: string | null;
  /** Digest of the Deho row as the import left it: a different digest now means a local edit. */
  local_hash: Generated<string | null>;
  /** When WordPress last modified the item (ISO-8601 UTC): an older export is never applied. */
  source_modified: Generated<string | null>;
  imported_at: string;
}

// A type alias, not an interface: Kysely's withTables wants a Record-compatible type.
export type ImportTables = { import_sources: ImportSourceTable };

/** The database seen with the tables this feature owns. */
export function withImportTables(db: DbOrTrx): Kysely<Database & ImportTables> {
  return db.withTables<ImportTables>();
}
