import crypto from 'node:crypto';
import type { App } from '../context.js';
import type { PoolUse } from '../db/connect.js';
import type { GroupCommitStats } from '../db/group-commit.js';
import type { JobLoopStats } from '../lib/job-loop.js';
import type { FastPathTally } from './fast-path.js';
import type { PageCacheStats } from './page-cache.js';

/*
 * /metrics in Prometheus's text format (prom-client), for the operator's scraper. Only with
 * DEHO_METRICS_TOKEN: the numbers show the process's internals (routes, cache sizes, pool use),
 * so a request without `Authorization: Bearer <token>` gets the site's 404, as an unknown page
 * does. Without the variable prom-client is never loaded and no hook is added.
 *
 * Cost per request: routed requests are counted and timed in one onResponse hook (a map lookup,
 * a counter increment and a histogram observation). Cache hits answered by the fast path are
 * counted by plain increments there (FastPathTally) and turned into samples only when scraped;
 * they are not timed, since timing them would cost a noticeable share of answering them. The
 * page cache's, the write queue's and the jobs' own counts are likewise read at scrape time.
 */

/** Where the numbers come from; each is read when /metrics is asked for. */
export interface MetricsSources {
  fastPath: FastPathTally;
  pageCache?: () => PageCacheStats;
  writes: () => GroupCommitStats;
  jobs: Readonly<Record<string, { stats(): JobLoopStats }>>;
  /** PostgreSQL only. */
  pool?: () => PoolUse | undefined;
}

export interface Metrics {
  /** Counts and times one request Fastify answered. */
  record(route: string | undefined, method: string, statusCode: number, seconds: number): void;
  /** The exposition: its content type and text. */
  render(): Promise<{ contentType: string; text: string }>;
}

/** Label of requests that matched no route (404s): one series, not one per address asked for. */
const NO_ROUTE = '(no route)';
const CACHED_ROUTE = '(page cache)';
const CLOSING_ROUTE = '(closing)';
const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** From 1 ms (a page from memory) to 10 s (an import request, an outage's 5 s wait). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Builds the registry. prom-client is loaded here, not at start: a site without
 * DEHO_METRICS_TOKEN never needs it.
 */
export async function createMetrics(sources: MetricsSources): Promise<Metrics> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const labelNames = ['route', 'method', 'status_class'] as const;

  // Cumulative values kept elsewhere become counters by adding what grew since the last scrape.
  const seen = new Map<string, number>();
  const grown = (key: string, now: number): number => {
    const before = seen.get(key) ?? 0;
    seen.set(key, now);
    return Math.max(0, now - before);
  };

  const requests = new client.Counter({
    name: 'deho_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status class; "(page cache)" are cache hits answered before routing.',
    labelNames,
    registers,
    collect() {
      const { hits, notModified, closing } = sources.fastPath;
      const cached = { route: CACHED_ROUTE, method: 'GET' };
      this.inc({ ...cached, status_class: '2xx' }, grown('fast:2xx', hits));
      this.inc({ ...cached, status_class: '3xx' }, grown('fast:3xx', notModified));
      this.inc(
        { route: CLOSING_ROUTE, method: 'any', status_class: '5xx' },
        grown('fast:closing', closing),
      );
    },
  });
  const duration = new client.Histogram({
    name: 'deho_http_request_duration_seconds',
    help: 'Time from a request reaching Fastify to its answer being sent, by route pattern.',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers,
  });

  /** A counter that follows a cumulative count kept elsewhere. */
  const countOf = (name: string, help: string, read: () => number): void => {
    registry.registerMetric(
      new client.Counter({
        name,
        help,
        registers: [],
        collect() {
          this.inc(grown(name, read()));
        },
      }),
    );
  };
  /** A gauge read at scrape time. */
  const levelOf = (name: string, help: string, read: () => number): void => {
    registry.registerMetric(
      new client.Gauge({
        name,
        help,
        registers: [],
        collect() {
          this.set(read());
        },
      }),
    );
  };

  const cache = sources.pageCache;
  if (cache !== undefined) {
    countOf(
      'deho_page_cache_hits_total',
      'Reader pages answered from the page cache.',
      () => cache().hits,
    );
    countOf(
      'deho_page_cache_misses_total',
      'Reader pages looked up in the page cache and rendered.',
      () => cache().misses,
    );
    levelOf('deho_page_cache_pages', 'Pages in the page cache now.', () => cache().pages);
    levelOf(
      'deho_page_cache_bytes',
      'Memory the page cache counts for its pages (DEHO_PAGE_CACHE_MB is the limit).',
      () => cache().bytes,
    );
  }
  levelOf(
    'deho_write_queue_units',
    'Short writes (comments) waiting for the next group commit.',
    () => sources.writes().queued,
  );
  countOf(
    'deho_write_transactions_total',
    'Group-commit transactions; deho_write_units_total / this is the average group size.',
    () => sources.writes().transactions,
  );
  countOf(
    'deho_write_units_total',
    'Short writes (comments) run through the group commit.',
    () => sources.writes().units,
  );

  new client.Counter({
    name: 'deho_job_runs_total',
    help: 'Runs of the background jobs, by job and outcome.',
    labelNames: ['job', 'outcome'],
    registers,
    collect() {
      for (const [job, loop] of Object.entries(sources.jobs)) {
        const { succeeded, failed } = loop.stats();
        this.inc({ job, outcome: 'succeeded' }, grown(`job:${job}:ok`, succeeded));
        this.inc({ job, outcome: 'failed' }, grown(`job:${job}:failed`, failed));
      }
    },
  });
  new client.Gauge({
    name: 'deho_job_last_run_seconds',
    help: 'How long the last finished run of each background job took.',
    labelNames: ['job'],
    registers,
    collect() {
      for (const [job, loop] of Object.entries(sources.jobs)) {
        this.set({ job }, loop.stats().lastRunSeconds);
      }
    },
  });

  const pool = sources.pool;
  if (pool !== undefined) {
    new client.Gauge({
      name: 'deho_pg_pool_connections',
      help: 'PostgreSQL connections of this instance, by state (total = idle + in_use).',
      labelNames: ['state'],
      registers,
      collect() {
        const use = pool();
        this.set({ state: 'total' }, use?.total ?? 0);
        this.set({ state: 'idle' }, use?.idle ?? 0);
        this.set({ state: 'in_use' }, (use?.total ?? 0) - (use?.idle ?? 0));
      },
    });
    levelOf(
      'deho_pg_pool_waiting',
      'Queries waiting for a PostgreSQL connection (the pool is at its limit).',
      () => pool()?.waiting ?? 0,
    );
    levelOf('deho_pg_pool_max', 'The pool size limit, DEHO_PG_POOL_MAX.', () => pool()?.max ?? 0);
  }

  // The label children of each route, method and status class, made once: a request then costs
  // one map lookup instead of prom-client hashing its labels twice.
  const series = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  return {
    record(route, method, statusCode, seconds) {
      const labels = [
        route ?? NO_ROUTE,
        METHODS.has(method) ? method : 'other',
        STATUS_CLASSES[Math.floor(statusCode / 100) - 1] ?? 'other',
      ] as const;
      const key = labels.join(' ');
      let child = series.get(key);
      if (child === undefined) {
        child = { count: requests.labels(...labels), time: duration.labels(...labels) };
        series.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

/** True when the Authorization header carries exactly `Bearer <token>` (compared in constant time). */
function authorized(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
  return crypto.timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}

/** GET /metrics for the scraper holding the token; everyone else gets the area's 404. */
export function metricsRoutes(app: App, metrics: Metrics, token: string): void {
  app.get('/metrics', async (request, reply) => {
    if (!authorized(request.headers.authorization, token)) return reply.callNotFound();
    const { contentType, text } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(text);
  });
}

/** Adds the hook that counts and times every request Fastify answers; before any area. */
export function useRequestMetrics(app: App, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.record(
      request.routeOptions.url,
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
