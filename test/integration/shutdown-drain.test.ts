import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/poll.js';
import { startServer, type RunningServer } from '../helpers/server.js';

/*
 * A clean restart behind a balancer, with the built server (`node dist/cli.js serve`; run
 * `npm run build` first): on SIGTERM the instance fails /readyz at once, keeps serving everything
 * else for DEHO_SHUTDOWN_DRAIN_SECONDS while the balancer takes it out, then closes and exits 0.
 */

let server: RunningServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function status(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

describe('SIGTERM with a drain period', () => {
  it('fails /readyz while pages still answer 200, then closes and exits 0', async () => {
    server = await startServer({
      port: 7410,
      // Long enough that the checks below run inside it on a busy machine; the second signal
      // below ends it.
      // With /metrics on: its process metrics keep nothing running that would delay the exit.
      env: {
        DEHO_SHUTDOWN_DRAIN_SECONDS: '120',
        LOG_LEVEL: 'info',
        DEHO_METRICS_TOKEN: 'drain-test-token-0123456789',
      },
    });
    const { url } = server;
    expect(await status(`${url}/readyz`)).toBe(200);
    // One page rendered (a miss, through Fastify), then served from the cache (the fast path).
    expect(await status(`${url}/`)).toBe(200);

    server.signal('SIGTERM');
    await until(async () => (await status(`${url}/readyz`)) === 503);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'not ready', failing: ['draining'] });
    expect(ready.headers.get('cache-control')).toBe('no-store');
    // Draining, not closed: liveness, cached and uncached pages and the APIs all still answer.
    expect(await status(`${url}/healthz`)).toBe(200);
    expect(await status(`${url}/`)).toBe(200);
    expect(await status(`${url}/schedule`)).toBe(200);
    expect(await status(`${url}/api/content/v1/articles`)).toBe(200);
    const metrics = await fetch(`${url}/metrics`, {
      headers: { authorization: 'Bearer drain-test-token-0123456789' },
    });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /^deho_http_requests_total\{route="\/readyz",.*status_class="5xx"\} [1-9]/m,
    );
    expect(server.exitCode()).toBeNull();

    // A second signal ends the drain early: the operator does not have to wait it out.
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await status(`${url}/healthz`)).toBeUndefined();
    expect(server.stdout()).toContain('draining');
  }, 60_000);

  it('closes by itself when the drain period is over, and exits 0', async () => {
    server = await startServer({ port: 7411, env: { DEHO_SHUTDOWN_DRAIN_SECONDS: '1' } });
    const { url } = server;
    server.signal('SIGTERM');
    await until(() => server?.exitCode() !== null);
    expect(server.exitCode()).toBe(0);
    expect(await status(`${url}/healthz`)).toBeUndefined();
  }, 60_000);
});
