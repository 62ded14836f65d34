import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement anew on every query; preparing costs more than
 * running most of Deho's indexed lookups. Kysely always emits the same SQL text for the same
 * query shape, so prepared statements are kept by text (least recently used dropped past `size`).
 * Safe because the driver runs one statement at a time on its single connection and never
 * streams (a statement busy in `iterate()` could not be reused).
 */
export function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        // Map keeps insertion order: re-inserting marks the statement as recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = withRowsBuiltInJs(sqlite.prepare(sql));
      statements.set(sql, statement);
      if (statements.size > size) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}

/**
 * A reading statement whose rows are fetched as arrays and made into objects in JS.
 * better-sqlite3 builds each row object in C++ one property at a time: the 12 related summaries
 * of an article page (19 columns) took 62 µs that way and 38 µs as arrays named here
 * (docs/decisions.md). The objects are the same: own properties in column order, the last of two
 * columns with one name winning.
 */
export function withRowsBuiltInJs(statement: SQLite.Statement): SqliteStatement {
  if (!statement.reader) return statement;
  const names = statement.columns().map((column) => column.name);
  // Assigning to `__proto__` would set the row's prototype, so a column of that name is defined
  // as an own property, as better-sqlite3 does on newer Nodes (on Node 20 it drops it).
  const toRow = names.includes('__proto__')
    ? (values: unknown[]) => {
        const row: Record<string, unknown> = {};
        names.forEach((name, i) =>
          Object.defineProperty(row, name, {
            value: values[i],
            enumerable: true,
            writable: true,
            configurable: true,
          }),
        );
        return row;
      }
    : (values: unknown[]) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i];
        return row;
      };
  statement.raw(true);
  return {
    reader: true,
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(toRow),
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters)) yield toRow(values as unknown[]);
    },
  };
}
