import type { Kysely } from 'kysely';

/*
 * Typo tolerance counts the trigrams a query shares with the written names in an index kept in
 * memory, built from search_names once per change of the names (search.names.ts): grouping the
 * rows of this table took 3–30 ms a query at 20,000 people, where the common trigrams are in
 * thousands of names each. Nothing reads or writes it any more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_name_trigrams').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_name_trigrams')
    .addColumn('trigram', 'text', (c) => c.notNull())
    .addColumn('name_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_name_trigrams_pk', ['trigram', 'name_id'])
    .execute();
  // The next search rebuilds the name index, trigrams included.
  await db.deleteFrom('search_state').where('key', '=', 'entities').execute();
}
