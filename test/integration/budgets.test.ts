import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/context.js';
import { createArticle, paragraph } from '../../src/features/articles/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/**
 * Counts the queries requests send, to prove a page's count does not grow with the data.
 * Only queries made inside `counting()` (an onRequest hook) count: the background jobs
 * (scheduled publishing, webhook deliveries) tick on their own timers and would otherwise add
 * to whichever page is being measured.
 */
class QueryCounter implements KyselyPlugin {
  count = 0;
  private readonly scope = new AsyncLocalStorage<true>();
  counting(rest: () => void): void {
    this.scope.run(true, rest);
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  // Counted as results come back, not as queries are compiled: a prepared query is compiled once
  // (src/db/prepared.ts) and then only executed.
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.scope.getStore()) this.count++;
    return Promise.resolve(args.result);
  }
}

const BTS = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
const READER_PAGES = [
  '/',
  BTS,
  '/shows/alchemy-of-souls',
  '/people/lee-jae-wook',
  '/schedule',
  '/tags/alchemy-of-souls',
  '/search?q=lee+jae+wook',
  '/events',
  '/shows',
  '/shows?status=airing&network=haneul-tv',
  '/people',
  '/groups',
  '/tags',
  '/authors/han-da-eun',
];
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('page budgets', () => {
  let t: TestApp;
  let counted: App;
  const counter = new QueryCounter();

  beforeAll(async () => {
    t = await buildTestApp({
      now: new Date('2026-11-26T12:00:00Z'),
      env: { DEHO_PAGE_CACHE: '0' },
    });
    counted = await buildApp(t.config, {
      db: t.db.withPlugin(counter),
      dialect: t.handle.dialect,
      clock: t.clock,
      logger: false,
    });
    counted.addHook('onRequest', (_request, _reply, done) => counter.counting(done));
    await counted.ready();
  });
  afterAll(async () => {
    await counted.close();
    await t.close();
  });

  it('keeps every reader page under 60 KB of HTML', async () => {
    for (const url of READER_PAGES) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(Buffer.byteLength(res.body), url).toBeLessThanOrEqual(60 * 1024);
    }
  });

  it('keeps the CSS under 20 KB and the reader islands under 15 KB, gzipped', async () => {
    const css = fs.readFileSync(path.join(ROOT, 'public/assets/site.css'));
    expect(zlib.gzipSync(css, { level: 9 }).length).toBeLessThanOrEqual(20 * 1024);
    const islands = fs
      .readdirSync(path.join(ROOT, 'src/client'))
      .filter(
        (name) => name.endsWith('.ts') && !name.startsWith('admin') && !name.endsWith('.test.ts'),
      )
      .map((name) => path.join(ROOT, 'src/client', name));
    const built = await esbuild.build({
      entryPoints: islands,
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      outdir: 'out',
      target: 'es2020',
    });
    const total = built.outputFiles.reduce(
      (sum, file) => sum + zlib.gzipSync(file.contents, { level: 9 }).length,
      0,
    );
    expect(total).toBeLessThanOrEqual(15 * 1024);
  });

  it('loads no script, style or image from another origin on reader pages', async () => {
    for (const url of READER_PAGES) {
      const res = await t.app.inject(url);
      expect(res.body, url).not.toMatch(
        /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?\/\/(?!deho\.test)/i,
      );
    }
  });

  it('runs the same number of queries per page however much data there is', async () => {
    const measure = async (url: string) => {
      counter.count = 0;
      const res = await counted.inject(url);
      expect(res.statusCode, url).toBe(200);
      return counter.count;
    };
    // One view each first: some lookups happen once per process (secrets, the name dictionary).
    for (const url of READER_PAGES) await measure(url);
    const before = new Map<string, number>();
    for (const url of READER_PAGES) before.set(url, await measure(url));

    // Grow the data every list shows: articles about the show and the person, comments on the article.
    const show = await t.db
      .selectFrom('shows')
      .select('id')
      .where('slug', '=', 'alchemy-of-souls')
      .executeTakeFirstOrThrow();
    const person = await t.db
      .selectFrom('people')
      .select('id')
      .where('slug', '=', 'lee-jae-wook')
      .executeTakeFirstOrThrow();
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 25; i++) {
      await createArticle(t.db, t.clock, {
        title: `Lee Jae-wook extra story ${i}`,
        body: [paragraph('More news.')],
        status: 'published',
        publishedAt: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60_000).toISOString(),
        tags: [{ name: 'Alchemy of Souls' }],
        showIds: [show.id],
        personIds: [person.id],
      });
    }
    const now = t.clock().toISOString();
    await t.db
      .insertInto('comments')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          article_id: article.id,
          author_name: `Reader ${i}`,
          body: `Comment ${i}`,
          status: 'approved' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();

    for (const url of READER_PAGES) {
      const after = await measure(url);
      expect(after, url).toBe(before.get(url));
      expect(after, url).toBeGreaterThan(0);
      expect(after, url).toBeLessThanOrEqual(30);
    }
  });
});
