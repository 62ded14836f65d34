import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import type { App } from './context.js';
import { connectDatabase, type DbHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from './features/demo/index.js';
import { systemClock } from './lib/clock.js';

/** How long a graceful shutdown may take before the process gives up waiting. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** A started server. */
export interface RunningServer {
  app: App;
  db: DbHandle;
  /** The address it answers on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

/** Something to write log lines to (a stream, or a test's buffer). */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * Starts Deho: opens the database, applies pending migrations, creates the demo content unless
 * DEHO_DEMO=0, builds the app and listens on HOST:PORT.
 * @param config the validated configuration
 * @param log where the request log goes (process.stdout by default)
 * @returns the running server; on failure everything opened so far is closed again
 */
export async function startServer(config: Config, log?: LogDestination): Promise<RunningServer> {
  const db = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
    synchronous: config.sqliteSynchronous,
  });
  let app: App | undefined;
  try {
    const logger: FastifyServerOptions['logger'] =
      log === undefined
        ? { level: config.logLevel }
        : { level: config.logLevel, stream: { write: (line: string) => void log.write(line) } };
    // Under one lock on PostgreSQL: instances starting together migrate and seed once.
    const applied = await migrateToLatest(db.db, async () => {
      if (config.demo) await seedDemo({ db: db.db, clock: systemClock });
    });
    app = await buildApp(config, {
      db: db.db,
      dialect: db.dialect,
      logger,
      ...(db.poolUse !== undefined && { poolUse: db.poolUse }),
    });
    if (applied.length > 0)
      app.log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    await app.listen({ host: config.host, port: config.port });
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${config.port}`;
    app.log.info({ url, database: db.dialect }, `Deho is running at ${url}`);
    const running = app;
    return {
      app: running,
      db,
      url,
      close: async () => {
        try {
          await running.close();
        } finally {
          await db.close();
        }
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** Where serve() hears the stop signals; `process` outside tests. */
export type SignalSource = Pick<NodeJS.EventEmitter, 'once' | 'off'>;

/**
 * The next SIGTERM or SIGINT, or undefined when `timeoutMs` passes first. Listens only while
 * waiting: a signal that comes when nobody waits ends the process as Node's default does.
 */
function nextSignal(signals: SignalSource, timeoutMs?: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onTerm = () => finish('SIGTERM');
    const onInt = () => finish('SIGINT');
    function finish(name: string | undefined): void {
      clearTimeout(timer);
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
      resolve(name);
    }
    signals.once('SIGTERM', onTerm);
    signals.once('SIGINT', onInt);
    if (timeoutMs !== undefined) timer = setTimeout(() => finish(undefined), timeoutMs);
  });
}

/**
 * Runs the server until SIGTERM or SIGINT, then shuts down in two steps. Draining: /readyz
 * answers 503 while everything else is served as before, for config.shutdownDrainSeconds, so
 * that a load balancer polling it stops sending new requests (a second signal ends the drain at
 * once). Closing: no new connections, requests in flight finish (a request arriving on an open
 * connection meanwhile gets 503 with Retry-After, which nginx retries elsewhere), the database
 * is closed, all within SHUTDOWN_TIMEOUT_MS.
 * @returns 0 after a clean shutdown, 1 when the shutdown timed out (the caller should exit hard)
 */
export async function serve(
  config: Config,
  options: { log?: LogDestination; signals?: SignalSource; timeoutMs?: number } = {},
): Promise<number> {
  const server = await startServer(config, options.log);
  const signals = options.signals ?? process;
  const signal = await nextSignal(signals);
  const drainSeconds = config.shutdownDrainSeconds;
  server.app.startDraining();
  if (drainSeconds > 0) {
    server.app.log.info(
      { signal, drainSeconds },
      `shutting down: draining for ${drainSeconds} s (/readyz answers 503), then closing`,
    );
    const early = await nextSignal(signals, drainSeconds * 1000);
    if (early !== undefined) server.app.log.info({ signal: early }, 'drain cut short; closing');
  } else {
    server.app.log.info({ signal }, 'shutting down');
  }
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  const outcome = await Promise.race([server.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    server.app.log.error({ timeoutMs }, 'shutdown timed out; exiting anyway');
    return 1;
  }
  return 0;
}

/**
 * Goes through the start-up once on a throwaway SQLite database with the demo site: opens,
 * migrates, seeds, builds the app and asks it for the pages readers ask for most, in-process,
 * then removes everything. `npm run build` runs this so that V8's code cache of the bundle holds
 * the code a start and a first page need, compiled (see src/launcher.ts).
 */
export async function rehearse(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-rehearsal-'));
  try {
    const config = loadConfig({ DEHO_DATA_DIR: dataDir, DEHO_DEMO: '1', LOG_LEVEL: 'silent' });
    const db = connectDatabase({ dataDir: config.dataDir });
    try {
      await migrateToLatest(db.db, async () => {
        await seedDemo({ db: db.db, clock: systemClock });
      });
      const logger = { level: 'silent' } as const;
      const app = await buildApp(config, {
        db: db.db,
        dialect: db.dialect,
        logger,
        ...(db.poolUse !== undefined && { poolUse: db.poolUse }),
      });
      try {
        await app.ready();
        const article = await db.db
          .selectFrom('articles')
          .select('slug')
          .where('status', '=', 'published')
          .orderBy('published_at', 'desc')
          .executeTakeFirst();
        const show = await db.db.selectFrom('shows').select('slug').executeTakeFirst();
        const pages = ['/', '/schedule', '/feed.json', '/search?q=kim', '/api/content/v1/articles'];
        if (article !== undefined) pages.push(`/news/${article.slug}`);
        if (show !== undefined) pages.push(`/shows/${show.slug}`);
        for (const url of pages) await app.inject({ method: 'GET', url });
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
