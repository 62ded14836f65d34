import type { Kysely } from 'kysely';

/*
 * The API key that created an article (null for everything a person or an import wrote). A key
 * of the author or contributor role owns what it created, as a person of that role does: before
 * this column such a key could create a draft and never save it again. Revoking a key keeps the
 * row (api_keys rows are revoked, not deleted); deleting one leaves its articles to editors.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('api_key_id', 'integer', (c) => c.references('api_keys.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('api_key_id').execute();
}
