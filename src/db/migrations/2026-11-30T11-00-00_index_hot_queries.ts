import type { Kysely } from 'kysely';

/*
 * Indexes that the EXPLAIN QUERY PLAN test (test/integration/query-plans.test.ts) found missing
 * on the hot read paths:
 * - the Content API lists shows, people and groups by name (ORDER BY name, id … LIMIT): with an
 *   index on the name the first page is read in order instead of sorting the whole table;
 * - the name dictionary's fingerprint (names.repository.ts), read on every linking and search,
 *   takes count(*) and max(updated_at) of six entity tables: an index on updated_at lets SQLite
 *   read that narrow index instead of every row, and PostgreSQL find the max at once.
 */
const INDEXES: readonly (readonly [name: string, table: string, columns: readonly string[]])[] = [
  ['shows_title', 'shows', ['title']],
  ['people_name', 'people', ['name']],
  ['groups_name', 'groups', ['name']],
  ['people_updated_at', 'people', ['updated_at']],
  ['groups_updated_at', 'groups', ['updated_at']],
  ['shows_updated_at', 'shows', ['updated_at']],
  ['parts_updated_at', 'parts', ['updated_at']],
  ['characters_updated_at', 'characters', ['updated_at']],
  ['events_updated_at', 'events', ['updated_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on(table)
      .columns([...columns])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
