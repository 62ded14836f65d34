import { sql } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DbOrTrx } from '../../db/database.js';

/*
 * The tables of a Deho database, found at run time (so that tables added by later migrations
 * are exported without a change here), in an order where every table comes after the tables
 * its foreign keys point to.
 */

/**
 * Tables that hold nothing worth moving: migration bookkeeping, sessions, used challenges,
 * login throttles and who has an article open (transient), the search index (derived; rebuilt after a restore), and the
 * files of the postgres media store, which go in the export's media/ folder like any store's.
 */
export const NOT_EXPORTED: ReadonlySet<string> = new Set([
  'media_files',
  'kysely_migration',
  'kysely_migration_lock',
  'sessions',
  'article_editors',
  'comment_challenges',
  'login_throttles',
  'search_entities',
  'search_state',
  'search_articles',
  'search_names',
]);

/**
 * Columns that are derived from other rows and kept by database triggers: restoring the rows they
 * are derived from sets them again (articles.comment_count counts the approved comments).
 */
const DERIVED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  articles: ['comment_count'],
};

export interface TableInfo {
  name: string;
  /** Stored columns in table order (generated columns are left out). */
  columns: string[];
}

async function sqliteTables(db: DbOrTrx): Promise<{ names: string[]; refs: [string, string][] }> {
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'
  `.execute(db);
  const refs: [string, string][] = [];
  for (const { name } of rows) {
    const fks = await sql<{
      table: string;
    }>`select "table" from pragma_foreign_key_list(${name})`.execute(db);
    for (const fk of fks.rows) refs.push([name, fk.table]);
  }
  return { names: rows.map((r) => r.name), refs };
}

async function postgresTables(db: DbOrTrx): Promise<{ names: string[]; refs: [string, string][] }> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    select tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu
      on tc.constraint_name = ccu.constraint_name and tc.table_schema = ccu.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()
  `.execute(db);
  return { names: rows.map((r) => r.name), refs: fks.rows.map((r) => [r.child, r.parent]) };
}

async function columnsOf(db: DbOrTrx, dialect: Dialect, table: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{
      name: string;
    }>`select name from pragma_table_info(${table}) order by cid`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position
  `.execute(db);
  return rows.map((r) => r.name);
}

/** Every exported table with its columns, parents before children, ties by name. */
export async function listTables(db: DbOrTrx, dialect: Dialect): Promise<TableInfo[]> {
  const { names, refs } = dialect === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const wanted = names.filter((n) => !NOT_EXPORTED.has(n)).sort();
  const parents = new Map(wanted.map((n) => [n, new Set<string>()]));
  for (const [child, parent] of refs) {
    if (child !== parent && parents.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < wanted.length) {
    const next =
      wanted.find(
        (n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p)),
      ) ?? wanted.find((n) => !placed.has(n)); // a cycle: take the first by name
    if (next === undefined) break;
    ordered.push(next);
    placed.add(next);
  }
  const tables: TableInfo[] = [];
  for (const name of ordered) {
    const derived = DERIVED_COLUMNS[name] ?? [];
    const columns = (await columnsOf(db, dialect, name)).filter((c) => !derived.includes(c));
    tables.push({ name, columns });
  }
  return tables;
}

/** The last migration applied, which names the shape of the data. */
export async function schemaVersion(db: DbOrTrx): Promise<string> {
  const { rows } = await sql<{
    name: string;
  }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return rows[0]?.name ?? '';
}
