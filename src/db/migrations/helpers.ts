import {
  PostgresAdapter,
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
} from 'kysely';

/*
 * The only dialect seam migrations use. Migrations are frozen: once merged they are never edited,
 * so these helpers must keep producing the same DDL for as long as a migration calls them.
 */

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key named `id` (ids are never reused on SQLite). */
export function withId<T extends string, C extends string>(
  db: Kysely<any>,
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** created_at / updated_at as ISO-8601 UTC text, the format every instant in Deho is stored in. */
export function withTimestamps<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'created_at' | 'updated_at'> {
  return table
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/** A CHECK that the column holds one of `values`. */
export function oneOf(column: string, values: readonly string[]) {
  return (c: ColumnDefinitionBuilder) =>
    c.notNull().check(sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`);
}

/** A CHECK that a 0/1 integer column (booleans are integers on both dialects) is 0 or 1. */
export function flag(column: string, defaultValue: 0 | 1) {
  return (c: ColumnDefinitionBuilder) =>
    c
      .notNull()
      .defaultTo(defaultValue)
      .check(sql`${sql.ref(column)} in (0, 1)`);
}
