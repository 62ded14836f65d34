import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  sql,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createApiKey } from '../../src/features/auth/index.js';
import type { App } from '../../src/context.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/**
 * Every statement the hot reader pages and public APIs send, run through SQLite's
 * EXPLAIN QUERY PLAN with the parameters it was sent with: none may read a whole table that grows
 * with the site. The statements are captured as in budgets.test.ts, by a Kysely plugin on the
 * app's database, so they are exactly what the pages run. SQLite only, whatever
 * DEHO_TEST_DIALECT says: the plan format is SQLite's; the same indexes serve PostgreSQL.
 */

/**
 * A prepared query (src/db/prepared.ts) is compiled once with placeholders for its values, so
 * that is what the recorder sees; they are bound as null, which leaves the plan as it is.
 */
function bindable(value: unknown): unknown {
  return value === null || ['number', 'string', 'bigint'].includes(typeof value) ? value : null;
}

/** Records each statement the app sends, compiled as the driver receives it. */
class StatementRecorder implements KyselyPlugin {
  readonly nodes: PluginTransformQueryArgs[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * Tables that may be read whole, each with the reason. Anything else read by a plain SCAN (not
 * through an index) fails the test, unless the statement is one of WHOLE_TABLE_READS.
 */
const SMALL_TABLES: Readonly<Record<string, string>> = {
  settings: 'a handful of site settings (title, description, zone), read whole on purpose',
  networks: 'the broadcasters and streaming services: a few dozen rows at most',
  pages: 'static pages (About, Privacy, Contact …): a few, written by hand',
};

/**
 * Columns with a handful of values: an index search on one of them alone (`(status=?)`) walks a
 * large part of the table, as a plain scan would. SQLite picks such a search when it has no
 * statistics (Deho runs no ANALYZE), guessing that an equality on any index matches ten rows.
 */
const FEW_VALUED_COLUMNS: readonly string[] = ['status'];

/**
 * Flags that few rows carry (the home page's featured articles): a statement filtering on one
 * must find it in its index, or it walks every published article of the index range it was given
 * and keeps the few flagged (360 ms at 100,000 articles when none is featured).
 */
const RARE_FLAG_COLUMNS: readonly string[] = ['featured'];

/**
 * Statements that must read their article rows from a covering index: a row of `articles` keeps
 * its status and date after the body, so reading them from the row walks the body's overflow
 * pages (search's candidates: 18 ms against 6 ms a query at 100,000 articles).
 */
const COVERED_ARTICLE_READS: readonly RegExp[] = [/_fts" cross join articles a\b/];

/**
 * Statements whose purpose is to read every row, so no index can help: each with the reason.
 * Matched against the SQL as sent.
 */
const WHOLE_TABLE_READS: readonly { sql: RegExp; reason: string }[] = [
  {
    sql: /^select "slug", "updated_at" from "(?:shows|people|groups)" order by "id" limit \?$/,
    reason: 'the sitemap lists every show, person and group (up to 50,000 a file), in id order',
  },
  {
    sql: /^select "id", "(?:name|title)", "(?:name|title)_ko", "aliases", "(?:bio|synopsis|description)" from "(?:people|shows|characters|groups)"$/,
    reason:
      'search rebuilds its entity documents from every person, group, show and character, only when the name fingerprint changed',
  },
  {
    sql: /^select "(?:name|title)"(?:, "(?:name_ko|title_ko|subtitle)")?(?:, "(?:aliases|subtitle_ko)")? from "(?:people|groups|characters|shows|parts|events)"$/,
    reason:
      "search's Hangul lexicon is built from every written name, only when the names' fingerprint changed",
  },
  {
    sql: /^select "id", "name", "name_ko", "aliases" from "people"$/,
    reason: 'the name dictionary is built from every name, only when its fingerprint changed',
  },
  {
    sql: /^select .* from "articles" left join "users" on .* where "articles"\."status" = \? order by "articles"\."(?:updated|published)_at" desc nulls last, "articles"\."id" desc limit \? offset \?$/,
    reason:
      "the newsroom's list of one status walks that status's (status, date) index in the order shown and stops at the page",
  },
  {
    sql: /^select count\(\*\) as "n" from "articles" where "articles"\."status" = \?$/,
    reason: "the newsroom list's total for one status counts that status's index entries",
  },
  {
    sql: /lower\("articles"\."title"\) like \? escape '\\' or lower\("articles"\."dek"\) like \?/,
    reason:
      'the newsroom finds articles by any part of a title, standfirst or slug (staff only, paged); no index serves a substring',
  },
];

const BTS = 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
  /** The pages that sent it. */
  urls: Set<string>;
}

/** Words that may follow a table name in FROM or JOIN and are not its alias. */
const NOT_ALIASES = new Set(
  'where on inner left right full outer cross natural join order group having limit using set union window as values'.split(
    ' ',
  ),
);

/** alias → table (`"articles" as "a"`, `from comments c`), so that a plan's `SCAN a` names its table. */
function aliases(sqlText: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of sqlText.matchAll(/\b(?:from|join)\s+"?(\w+)"?\s+(?:as\s+)?"?(\w+)"?/gi)) {
    const [, table, alias] = match;
    if (table !== undefined && alias !== undefined && !NOT_ALIASES.has(alias.toLowerCase())) {
      map.set(alias, table);
    }
  }
  return map;
}

/** The table a plan line reads whole: a plain SCAN, or an index search on a few-valued column alone. */
function tableReadWhole(detail: string): string | undefined {
  const scan = /^SCAN (\S+)$/.exec(detail);
  if (scan) return scan[1];
  const search = /^SEARCH (\S+) USING (?:COVERING )?INDEX \S+ \((\w+)=\?\)$/.exec(detail);
  if (search && FEW_VALUED_COLUMNS.includes(search[2] ?? '')) return search[1];
  return undefined;
}

/** The plan lines that read a real, growing table whole; empty when the statement is fine. */
function fullScans(plan: readonly PlanRow[], sqlText: string, tables: Set<string>): string[] {
  const names = aliases(sqlText);
  // Subqueries and CTEs the plan builds (`CO-ROUTINE f`, `MATERIALIZE c`) are scanned by name.
  const derived = new Set(
    plan.flatMap((row) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)$/.exec(row.detail.trim())?.[1] ?? []),
  );
  const bad: string[] = [];
  for (const flag of RARE_FLAG_COLUMNS) {
    if (!new RegExp(`"${flag}" = \\?`).test(sqlText)) continue;
    if (!plan.some((row) => new RegExp(`\\b${flag}=\\?`).test(row.detail))) {
      bad.push(`filter on ${flag} outside the index: ${plan.map((row) => row.detail).join(' / ')}`);
    }
  }
  for (const row of plan) {
    // `SCAN x USING [COVERING] INDEX …`, `SCAN f VIRTUAL TABLE INDEX …` (FTS5) and `SEARCH …` use
    // an index; `SCAN CONSTANT ROW` reads no table.
    const name = tableReadWhole(row.detail.trim());
    if (name === undefined || derived.has(name)) continue;
    const table = names.get(name) ?? name;
    if (!tables.has(table) || table in SMALL_TABLES) continue;
    bad.push(`${row.detail} (table ${table})`);
  }
  return bad;
}

describe('query plans of the hot pages', () => {
  let t: TestApp;
  let recorded: App;
  const recorder = new StatementRecorder();
  /** The newsroom's article list is opened all day: its statements are checked too. */
  let adminKey = '';

  beforeAll(async () => {
    t = await buildTestApp({
      dialect: 'sqlite',
      now: new Date('2026-11-26T12:00:00Z'),
      env: { DEHO_PAGE_CACHE: '0' },
    });
    recorded = await buildApp(t.config, {
      db: t.db.withPlugin(recorder),
      dialect: 'sqlite',
      clock: t.clock,
      logger: false,
    });
    await recorded.ready();
    adminKey = (await createApiKey(t.db, t.clock, { name: 'plans', role: 'editor' })).key;
  });
  afterAll(async () => {
    await recorded?.close();
    await t?.close();
  });

  async function hotUrls(): Promise<string[]> {
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS)
      .executeTakeFirstOrThrow();
    const event = await t.db.selectFrom('events').select('slug').executeTakeFirstOrThrow();
    const now = t.clock().toISOString();
    // More threads than a page shows, and a reply: the page then reads the replies of 50 threads.
    const threads = await t.db
      .insertInto('comments')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          article_id: article.id,
          author_name: `Reader ${i}`,
          body: `Comment ${i}`,
          status: 'approved' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    await t.db
      .insertInto('comments')
      .values({
        article_id: article.id,
        parent_id: threads[0]?.id ?? null,
        depth: 1,
        author_name: 'Replier',
        body: 'A reply',
        status: 'approved',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const api = '/api/content/v1';
    return [
      '/',
      `/news/${BTS}`,
      '/shows/alchemy-of-souls',
      '/people/lee-jae-wook',
      '/groups/oh-my-girl',
      '/events',
      `/events/${event.slug}`,
      '/tags/alchemy-of-souls',
      '/schedule',
      '/search?q=lee+jae+wook',
      `/search?q=${encodeURIComponent('환혼')}`,
      '/search?q=ㅎㅎ',
      '/feed.xml',
      '/atom.xml',
      '/feed.json',
      '/tags/alchemy-of-souls/feed.xml',
      '/shows/alchemy-of-souls/feed.xml',
      '/people/lee-jae-wook/feed.json',
      '/shows/alchemy-of-souls/calendar.ics',
      '/sitemap.xml',
      `${api}/articles`,
      `${api}/articles?tag=alchemy-of-souls`,
      `${api}/articles/${article.id}`,
      `${api}/articles/${article.id}/comments`,
      `${api}/articles/${article.id}/comments?order=newest`,
      `${api}/tags`,
      `${api}/authors`,
      `${api}/shows`,
      `${api}/shows/alchemy-of-souls`,
      `${api}/episodes?show=alchemy-of-souls`,
      `${api}/people`,
      `${api}/people/lee-jae-wook`,
      `${api}/groups`,
      `${api}/groups/oh-my-girl`,
      `${api}/events`,
      `${api}/search?q=jae+wook`,
      '/api/admin/v1/articles',
      '/api/admin/v1/articles?status=draft',
      '/api/admin/v1/articles?sort=published',
      '/api/admin/v1/articles?status=published&sort=published',
      '/api/admin/v1/articles?author_id=1&page=2',
      '/api/admin/v1/articles?tag=alchemy-of-souls',
      '/api/admin/v1/articles?show_id=1&status=published',
      '/api/admin/v1/articles?q=souls',
    ];
  }

  it('reads no large table whole on any hot page or API list', async () => {
    const urls = await hotUrls();
    const statements = new Map<string, Captured>();
    const executor = t.db.getExecutor();
    for (const url of urls) {
      recorder.nodes.length = 0;
      const res = await recorded.inject({
        url,
        headers: url.startsWith('/api/admin/') ? { authorization: `Bearer ${adminKey}` } : {},
      });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      for (const { node, queryId } of recorder.nodes) {
        const compiled = executor.compileQuery(node, queryId);
        // Reads, and the updates and deletes a page may make (their WHERE can scan too).
        if (!/^\s*(?:select|with|update|delete)\b/i.test(compiled.sql)) continue;
        const seen = statements.get(compiled.sql);
        if (seen) seen.urls.add(url);
        else
          statements.set(compiled.sql, {
            sql: compiled.sql,
            parameters: compiled.parameters,
            urls: new Set([url]),
          });
      }
    }
    expect(statements.size).toBeGreaterThan(20);

    const { rows: tableRows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table'`.execute(t.db);
    const tables = new Set(tableRows.map((row) => row.name));
    expect(tables.has('articles')).toBe(true);

    const failures: string[] = [];
    for (const statement of statements.values()) {
      const { rows } = await t.db.executeQuery<PlanRow>(
        CompiledQuery.raw(
          `explain query plan ${statement.sql}`,
          statement.parameters.map(bindable),
        ),
      );
      const bad = fullScans(rows, statement.sql, tables);
      if (
        COVERED_ARTICLE_READS.some((read) => read.test(statement.sql)) &&
        !rows.some((row) => /^SEARCH a USING COVERING INDEX /.test(row.detail))
      ) {
        bad.push('article rows read from the table, not from a covering index');
      }
      if (bad.length > 0 && !WHOLE_TABLE_READS.some((read) => read.sql.test(statement.sql))) {
        failures.push(
          [
            `Full scan: ${bad.join('; ')}`,
            `  pages: ${[...statement.urls].join(' ')}`,
            `  sql:   ${statement.sql}`,
            `  params: ${JSON.stringify(statement.parameters)}`,
            '  plan:',
            ...rows.map((row) => `    ${row.detail}`),
          ].join('\n'),
        );
      }
    }
    // Printed whole: the assertion's diff would cut the statements and plans short.
    if (failures.length > 0) console.error(failures.join('\n\n'));
    expect(failures.map((failure) => failure.split('\n')[0])).toEqual([]);
  });

  it('recognises a full scan, and an index or a small table as fine', () => {
    const tables = new Set(['articles', 'settings']);
    const sqlText = 'select * from "articles" as "a" where "a"."dek" = ?';
    expect(fullScans([{ id: 2, parent: 0, detail: 'SCAN a' }], sqlText, tables)).toEqual([
      'SCAN a (table articles)',
    ]);
    expect(
      fullScans(
        [{ id: 2, parent: 0, detail: 'SCAN a USING INDEX articles_published' }],
        sqlText,
        tables,
      ),
    ).toEqual([]);
    expect(
      fullScans(
        [{ id: 2, parent: 0, detail: 'SEARCH a USING INDEX articles_status_published (status=?)' }],
        sqlText,
        tables,
      ),
    ).toEqual(['SEARCH a USING INDEX articles_status_published (status=?) (table articles)']);
    expect(
      fullScans(
        [
          {
            id: 2,
            parent: 0,
            detail: 'SEARCH a USING INDEX articles_status_published (status=? AND published_at<?)',
          },
        ],
        sqlText,
        tables,
      ),
    ).toEqual([]);
    const featured = 'select * from "articles" where "articles"."featured" = ? limit 3';
    expect(
      fullScans(
        [
          {
            id: 2,
            parent: 0,
            detail: 'SEARCH articles USING INDEX a (status=? AND published_at<?)',
          },
        ],
        featured,
        tables,
      ),
    ).toHaveLength(1);
    expect(
      fullScans(
        [{ id: 2, parent: 0, detail: 'SEARCH articles USING INDEX f (featured=? AND status=?)' }],
        featured,
        tables,
      ),
    ).toEqual([]);
    expect(fullScans([{ id: 2, parent: 0, detail: 'SCAN settings' }], '', tables)).toEqual([]);
    expect(fullScans([{ id: 2, parent: 0, detail: 'SCAN CONSTANT ROW' }], '', tables)).toEqual([]);
    expect(
      fullScans([{ id: 2, parent: 0, detail: 'SCAN x' }], 'select * from articles x', tables),
    ).toEqual(['SCAN x (table articles)']);
    const cte = [
      { id: 2, parent: 0, detail: 'CO-ROUTINE f' },
      { id: 3, parent: 2, detail: 'SCAN articles USING INDEX articles_published' },
      { id: 9, parent: 0, detail: 'SCAN f' },
    ];
    expect(fullScans(cte, 'with f as (select id from articles f) select * from f', tables)).toEqual(
      [],
    );
  });
});
