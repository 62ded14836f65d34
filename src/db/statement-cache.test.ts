import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withRowsBuiltInJs, withStatementCache } from './statement-cache.js';

describe('SQLite rows built in JS', () => {
  let sqlite: SQLite.Database;
  beforeEach(() => {
    sqlite = new SQLite(':memory:');
    sqlite.exec(`create table t (id integer primary key, name text, data blob, score real);
      insert into t (name, data, score) values ('가나 "다"', x'00ff', 1.5), (null, null, null);`);
  });
  afterEach(() => {
    sqlite.close();
  });

  /** What better-sqlite3 itself returns, to compare against. */
  const native = (text: string, parameters: unknown[] = []) => sqlite.prepare(text).all(parameters);

  it.each([
    ['every column', 'select * from t order by id'],
    ['aliases and expressions', "select id as n, name || '!' as shout, 1 + 1 as two from t"],
    ['two columns of one name, the last winning', 'select 1 as a, 2 as a, id from t'],
    ['no rows', 'select id from t where id < 0'],
    [
      'a name that reads like a property of Object',
      'select id as "constructor", name as "toString" from t',
    ],
  ])('match better-sqlite3 for %s', (_, text) => {
    const rows = withRowsBuiltInJs(sqlite.prepare(text)).all([]);
    expect(rows).toStrictEqual(native(text));
    expect(rows.map((row) => Object.keys(row as object))).toEqual(
      native(text).map((row) => Object.keys(row as object)),
    );
  });

  it('keeps a column named __proto__ as an own property, never as the prototype', () => {
    const rows = withRowsBuiltInJs(
      sqlite.prepare('select data as "__proto__", id from t order by id'),
    ).all([]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row as object)).toEqual(['__proto__', 'id']);
    }
    expect(Object.getOwnPropertyDescriptor(rows[0], '__proto__')?.value).toEqual(
      Buffer.from([0x00, 0xff]),
    );
  });

  it('binds parameters, iterates, and leaves writes as they are', () => {
    const byId = withRowsBuiltInJs(sqlite.prepare('select id, name from t where id = ?'));
    expect(byId.all([1])).toStrictEqual([{ id: 1, name: '가나 "다"' }]);
    expect([...byId.iterate([2])]).toStrictEqual([{ id: 2, name: null }]);
    const insert = withRowsBuiltInJs(sqlite.prepare('insert into t (name) values (?)'));
    expect(insert.reader).toBe(false);
    expect(insert.run(["'); drop table t; --"])).toMatchObject({ changes: 1, lastInsertRowid: 3 });
    const returning = withRowsBuiltInJs(
      sqlite.prepare('insert into t (name) values (?) returning id, name'),
    );
    expect(returning.all(['x'])).toStrictEqual([{ id: 4, name: 'x' }]);
    expect(native('select count(*) as n from t')).toEqual([{ n: 4 }]);
  });

  it('serves Kysely through the statement cache', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; name: string | null } }>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    });
    const rows = await db.selectFrom('t').select(['id', 'name']).orderBy('id').execute();
    expect(rows).toStrictEqual([
      { id: 1, name: '가나 "다"' },
      { id: 2, name: null },
    ]);
    const inserted = await db
      .insertInto('t')
      .values({ name: 'new' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted).toStrictEqual({ id: 3 });
    const { rows: counted } = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect(counted).toStrictEqual([{ n: 3 }]);
  });
});
