import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { until } from '../../test/helpers/poll.js';

/*
 * /metrics: Prometheus text for the operator's scraper, only with DEHO_METRICS_TOKEN and only
 * for `Authorization: Bearer <token>`; anyone else gets the site's 404, as for an unknown page.
 */

const TOKEN = 'test-scrape-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

let t: TestApp | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key = '', value = ''] of (match[2] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[key] = value;
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the sample with this name whose labels include `labels`, or undefined. */
function sample(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

async function scrape(app: TestApp['app']): Promise<Sample[]> {
  const res = await app.inject({ url: '/metrics', headers: AUTH });
  expect(res.statusCode).toBe(200);
  return parse(res.body);
}

async function articleSlug(db: TestApp['db']): Promise<string> {
  const row = await db
    .selectFrom('articles')
    .select('slug')
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return row.slug;
}

describe('/metrics access', () => {
  it('is not served without DEHO_METRICS_TOKEN: the 404 of any unknown page', async () => {
    t = await buildTestApp();
    const unknown = await t.app.inject('/no-such-page-here');
    const res = await t.app.inject({ url: '/metrics', headers: AUTH });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
  });

  it('answers 404 without the token or with a wrong one, and never shows the token', async () => {
    t = await buildTestApp({ env: { DEHO_METRICS_TOKEN: TOKEN } });
    for (const headers of [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(404);
      expect(res.body).not.toContain(TOKEN);
    }
    const ok = await t.app.inject({ url: '/metrics', headers: AUTH });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.body).not.toContain(TOKEN);
  });
});

describe('/metrics content', () => {
  it('counts requests by route pattern and status class, with a latency histogram', async () => {
    t = await buildTestApp({ env: { DEHO_METRICS_TOKEN: TOKEN } });
    const slug = await articleSlug(t.db);
    expect((await t.app.inject(`/news/${slug}?utm_source=x`)).statusCode).toBe(200);
    expect((await t.app.inject('/news/no-such-article')).statusCode).toBe(404);
    expect((await t.app.inject('/definitely/not/here')).statusCode).toBe(404);
    const samples = await scrape(t.app);
    const article = { route: '/news/:slug', method: 'GET' };
    expect(
      sample(samples, 'deho_http_requests_total', { ...article, status_class: '2xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(samples, 'deho_http_requests_total', { ...article, status_class: '4xx' })).toBe(
      1,
    );
    expect(
      sample(samples, 'deho_http_request_duration_seconds_count', {
        ...article,
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(samples, 'deho_http_request_duration_seconds_bucket', { ...article, le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    // No raw URL becomes a label: an unknown address is one series, not one per address.
    expect(
      sample(samples, 'deho_http_requests_total', { route: '(no route)', status_class: '4xx' }),
    ).toBe(1);
    const routes = new Set(samples.map((s) => s.labels.route).filter(Boolean));
    for (const route of routes) expect(route).not.toMatch(/no-such|not\/here|utm_source/);
    expect(routes.has(`/news/${slug}`)).toBe(false);
  });

  it('shows page-cache hits and misses, write groups, job runs and the process', async () => {
    t = await buildTestApp({ env: { DEHO_METRICS_TOKEN: TOKEN } });
    const slug = await articleSlug(t.db);
    await t.app.inject(`/news/${slug}`);
    await t.app.inject(`/news/${slug}`);
    // The jobs run once at start; their first runs end shortly after.
    await until(
      async () =>
        (sample(await scrape(t!.app), 'deho_job_runs_total', {
          job: 'publishing',
          outcome: 'succeeded',
        }) ?? 0) >= 1,
    );
    const samples = await scrape(t.app);
    expect(sample(samples, 'deho_page_cache_misses_total')).toBeGreaterThanOrEqual(1);
    expect(sample(samples, 'deho_page_cache_hits_total')).toBeGreaterThanOrEqual(1);
    expect(sample(samples, 'deho_page_cache_pages')).toBeGreaterThanOrEqual(1);
    expect(sample(samples, 'deho_page_cache_bytes')).toBeGreaterThan(0);
    expect(sample(samples, 'deho_write_queue_units')).toBe(0);
    expect(sample(samples, 'deho_write_transactions_total')).toBeGreaterThanOrEqual(0);
    expect(sample(samples, 'deho_write_units_total')).toBeGreaterThanOrEqual(0);
    for (const job of ['publishing', 'webhooks', 'session_sweep']) {
      expect(sample(samples, 'deho_job_runs_total', { job, outcome: 'failed' }), job).toBe(0);
    }
    expect(sample(samples, 'deho_job_last_run_seconds', { job: 'publishing' })).toBeGreaterThan(0);
    expect(sample(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    if (t.handle.dialect === 'postgres') {
      expect(sample(samples, 'deho_pg_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(sample(samples, 'deho_pg_pool_max')).toBe(10);
    }
  });

  it('counts the answers the server gives from the page cache without Fastify', async () => {
    t = await buildTestApp({ env: { DEHO_METRICS_TOKEN: TOKEN } });
    const url = await t.app.listen({ host: '127.0.0.1', port: 7420 });
    const slug = await articleSlug(t.db);
    const first = await fetch(`${url}/news/${slug}`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const hit = await fetch(`${url}/news/${slug}`);
    await hit.arrayBuffer();
    const revalidated = await fetch(`${url}/news/${slug}`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    const samples = await scrape(t.app);
    const cached = { route: '(page cache)', method: 'GET' };
    expect(sample(samples, 'deho_http_requests_total', { ...cached, status_class: '2xx' })).toBe(1);
    expect(sample(samples, 'deho_http_requests_total', { ...cached, status_class: '3xx' })).toBe(1);
    // The miss went through Fastify and is counted under its route.
    expect(
      sample(samples, 'deho_http_requests_total', { route: '/news/:slug', status_class: '2xx' }),
    ).toBe(1);
  });
});
