import crypto from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { App, AppContext } from './context.js';
import type { Dialect, PoolUse } from './db/connect.js';
import type { Db } from './db/database.js';
import { createGroupCommit } from './db/group-commit.js';
import { adminAreaRoutes, adminSupportRoutes } from './features/admin/index.js';
import {
  articleAdminRoutes,
  articleApiRoutes,
  articleSiteRoutes,
} from './features/articles/index.js';
import {
  apiKeyAdminRoutes,
  createSessionSweepJob,
  SESSION_COOKIE,
  sessionAdminRoutes,
  useAdminAuth,
  userAdminRoutes,
} from './features/auth/index.js';
import {
  COMMENTER_COOKIE,
  commentAdminRoutes,
  commentApiRoutes,
  commentSiteRoutes,
  createMailOutboxJob,
} from './features/comments/index.js';
import { dramaAdminRoutes, dramaApiRoutes, dramaSiteRoutes } from './features/dramas/index.js';
import { feedRoutes } from './features/feeds/index.js';
import { importAdminRoutes, redirectRoutes } from './features/import/index.js';
import {
  mediaAdminRoutes,
  mediaSiteRoutes,
  openConfiguredStore,
  staticMediaFolders,
} from './features/media/index.js';
import { namesAdminRoutes } from './features/names/index.js';
import { searchApiRoutes, searchSiteRoutes } from './features/search/index.js';
import { peopleAdminRoutes, peopleApiRoutes, peopleSiteRoutes } from './features/people/index.js';
import { createPublishingJob } from './features/publishing/index.js';
import { readSettings } from './features/settings/index.js';
import { embedAdminRoutes, seoRoutes } from './features/seo/index.js';
import { createWebhookWorker, webhookAdminRoutes } from './features/webhooks/index.js';
import {
  sendJsonProblem,
  toProblem,
  useHtmlErrors,
  useJsonErrors,
  type Problem,
} from './http/errors.js';
import { healthRoutes, readinessRoutes } from './http/health.js';
import { EMBED_ORIGINS, PERMISSIONS_POLICY } from './http/security-headers.js';
import { useJsonLimits } from './http/limits.js';
import { createCdnPurger } from './http/cdn-purge.js';
import { PageCache } from './http/page-cache.js';
import { createRedisPageBus } from './http/page-bus.js';
import { usePageCache } from './http/page-cache-plugin.js';
import { trustProxyOption } from './http/client-address.js';
import { cachedPageServer, type FastPathTally } from './http/fast-path.js';
import { createMetrics, metricsRoutes, useRequestMetrics } from './http/metrics.js';
import { withLogRedaction } from './http/log-redact.js';
import { registerOpenApi } from './http/openapi.js';
import { useContentApiHttp } from './http/content-api.js';
import { lazySerializerFactory, validatorCompiler } from './http/validation.js';
import { systemClock, type Clock } from './lib/clock.js';
import { assetRoots } from './views/assets.js';
import { ErrorPage } from './views/error-page.js';
import { renderDocument } from './views/render.js';
import type { SiteInfo } from './views/site.js';

export interface AppDeps {
  db: Db;
  dialect: Dialect;
  /** Defaults to the system clock; tests pass a fixed one. */
  clock?: Clock;
  /** Defaults to pino at config.logLevel; tests usually pass false. */
  logger?: FastifyServerOptions['logger'];
  /** The PostgreSQL pool's use, for /metrics (DbHandle.poolUse). */
  poolUse?: () => PoolUse | undefined;
}

const HEADINGS: Readonly<Record<number, string>> = {
  400: 'That request could not be understood',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That clashes with something that exists',
  413: 'That is too large',
  415: 'That kind of content is not accepted here',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** Builds the whole application without listening, so that tests can `inject()` into it. */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const pageCache = config.pageCache
    ? new PageCache(config.pageCacheBytes, () => clock().getTime())
    : undefined;
  // A staff member sees previews and edit links; a commenter sees their pending comments.
  const personalCookies = [COMMENTER_COOKIE, SESSION_COOKIE];
  // From the first moment of a shutdown, every new request is answered 503 by the server itself.
  let closing = false;
  // Answers given by the server itself, counted for /metrics (DEHO_METRICS_TOKEN).
  const fastPathTally: FastPathTally = { hits: 0, notModified: 0, closing: 0 };
  const app = Fastify({
    serverFactory: cachedPageServer({
      cache: pageCache,
      personalCookies,
      cdnMaxAge: config.cdnMaxAge,
      now: () => clock().getTime(),
      timeouts: {
        headersMs: config.headersTimeoutMs,
        requestMs: config.requestTimeoutMs,
        keepAliveMs: config.keepAliveTimeoutMs,
      },
      closing: () => closing,
      errorPage,
      tally: fastPathTally,
    }),
    // URLs that carry secrets (preview and unsubscribe links) are logged with them redacted.
    logger: withLogRedaction(deps.logger ?? { level: config.logLevel }),
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // Response serializers are compiled on each route's first answer, not all at start.
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Errors raised before routing (an undecodable URL) get the same answers as routed ones.
    frameworkErrors: (error, request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const problem = toProblem(error);
      if (request.url.startsWith('/api/')) void sendJsonProblem(reply, problem);
      else
        void reply.code(problem.status).type('text/html; charset=utf-8').send(errorPage(problem));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('preClose', async () => {
    closing = true;
  });
  // From SIGTERM until the close: /readyz fails so that balancers stop sending; all else serves.
  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  // Where media files are kept (DEHO_MEDIA_STORAGE): refused here, at start, when unusable.
  const media = await openConfiguredStore(config.mediaStorage, {
    db: deps.db,
    dialect: deps.dialect,
    dataDir: config.dataDir,
  });
  app.addHook('onClose', async () => media.close());
  app.setValidatorCompiler(validatorCompiler);
  // JSON bodies: secure-json-parse behind a nesting-depth limit (400), for every area.
  useJsonLimits(app);

  let site: SiteInfo = siteInfo(config, await readSettings(deps.db));
  const dropLocal = (tags: readonly string[]) => {
    if (tags.includes('site')) pageCache?.clear();
    else pageCache?.invalidate(tags);
  };
  // Several instances: invalidations reach the others over Redis (REDIS_URL).
  const pageBus =
    config.redisUrl === undefined
      ? undefined
      : await createRedisPageBus({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          onInvalidate: dropLocal,
          onResync: () => pageCache?.clear(),
          log: app.log,
        });
  app.addHook('onClose', async () => pageBus?.close());
  // A CDN in front: the changed pages' keys go to DEHO_PURGE_URL.
  const purger =
    config.purgeUrl === undefined
      ? undefined
      : createCdnPurger({
          url: config.purgeUrl,
          token: config.purgeToken,
          allow: config.outboundAllow,
          log: app.log,
        });
  app.addHook('onClose', async () => purger?.flush());
  const ctx: AppContext = {
    config,
    db: deps.db,
    dialect: deps.dialect,
    clock,
    writes: createGroupCommit(deps.db, deps.dialect),
    site: () => site,
    pages: {
      invalidate: (tags) => {
        const list = [...new Set(tags)];
        if (list.length === 0) return;
        dropLocal(list);
        pageBus?.publish(list);
        purger?.purge(list);
      },
    },
  };
  app.decorate('refreshSite', async () => {
    site = siteInfo(config, await readSettings(deps.db));
    ctx.pages.invalidate(['site']);
  });

  // Webhook deliveries: a background loop per instance; rows are claimed atomically.
  const webhookWorker = createWebhookWorker({
    db: ctx.db,
    clock: ctx.clock,
    outboundAllow: config.outboundAllow,
    log: app.log,
  });
  app.addHook('onReady', async () => webhookWorker.start());
  app.addHook('onClose', async () => webhookWorker.stop());

  // Scheduled publishing: every instance ticks; each due article is claimed atomically once.
  const publishing = createPublishingJob(
    {
      db: ctx.db,
      clock: ctx.clock,
      log: app.log,
      invalidate: (tags) => ctx.pages.invalidate(tags),
    },
    config.jobIntervalMs,
  );
  app.addHook('onReady', async () => publishing.start());
  app.addHook('onClose', async () => publishing.stop());

  // Expired staff sessions and forgotten sign-in counts: deleted at start, then hourly.
  const sessionSweep = createSessionSweepJob({ db: ctx.db, clock: ctx.clock, log: app.log });
  app.addHook('onReady', async () => sessionSweep.start());
  app.addHook('onClose', async () => sessionSweep.stop());

  // Reply notification mails, only with an SMTP server: each queued mail is claimed atomically.
  const mailOutbox =
    config.smtpUrl === undefined
      ? undefined
      : createMailOutboxJob(
          { db: ctx.db, dialect: ctx.dialect, clock: ctx.clock, config, log: app.log },
          config.jobIntervalMs,
        );
  app.addHook('onReady', async () => mailOutbox?.start());
  app.addHook('onClose', async () => mailOutbox?.stop());

  // Prometheus text at /metrics, only for the holder of DEHO_METRICS_TOKEN.
  const metrics =
    config.metricsToken === undefined
      ? undefined
      : await createMetrics({
          fastPath: fastPathTally,
          ...(pageCache !== undefined && { pageCache: () => pageCache.stats() }),
          writes: () => ctx.writes.stats(),
          jobs: {
            publishing,
            webhooks: webhookWorker,
            session_sweep: sessionSweep,
            ...(mailOutbox !== undefined && { mail_outbox: mailOutbox }),
          },
          ...(deps.poolUse !== undefined && { pool: deps.poolUse }),
        });
  // Before every area, so that each of their requests is counted.
  if (metrics !== undefined) useRequestMetrics(app, metrics);

  function errorPage(problem: Problem): string {
    return renderDocument(
      ErrorPage({
        site: ctx.site(),
        status: problem.status,
        heading: HEADINGS[problem.status] ?? 'Something went wrong',
        message: problem.message,
      }),
    );
  }

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Set before any area's hooks run, so that a cached page keeps it with its other headers.
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    done();
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: [...EMBED_ORIGINS],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        ...(config.baseUrl.startsWith('https:') && { upgradeInsecureRequests: [] }),
      },
    },
    hsts: config.baseUrl.startsWith('https:'),
    crossOriginEmbedderPolicy: false,
    // No Referer ever leaves the site (as with no-referrer), but our own form posts keep their
    // Origin: under no-referrer browsers send `Origin: null`, which the CSRF check refuses.
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Static files in their own context, compressed there: the CSS and islands block the first
  // paint on a phone's slow link (Lighthouse), while pages bring their own cached compression.
  await app.register(async (files: App) => {
    await files.register(compress, { encodings: ['br', 'gzip'] });
    await files.register(fastifyStatic, {
      root: assetRoots(),
      prefix: '/assets/',
      maxAge: '365d',
      immutable: true,
      index: false,
    });
    // Data files on disk, and the program's demo images, whatever the store.
    await files.register(fastifyStatic, {
      ...staticMediaFolders(media, config.dataDir, path.join(assetRoots()[0] ?? '', '..', 'media')),
      decorateReply: false,
      maxAge: '7d',
      index: false,
      allowedPath: (pathName) => !pathName.split('/').some((part) => part.startsWith('.')),
    });
  });

  // OpenAPI 3.1 from the route schemas: registered before any route so that it sees them all.
  await registerOpenApi(app, ctx);

  // Reader pages: HTML answers, HTML errors.
  await app.register(async (siteArea: App) => {
    useHtmlErrors(siteArea, errorPage);
    usePageCache(siteArea, {
      cache: pageCache,
      personalCookies,
      // Pages also carry a signed form stamp; ten minutes keeps it fresh enough.
      maxAgeMs: 10 * 60 * 1000,
      now: () => clock().getTime(),
      cdnMaxAge: config.cdnMaxAge,
    });
    redirectRoutes(siteArea, ctx); // old WordPress permalinks → 301, before any route answers
    healthRoutes(siteArea, ctx);
    if (metrics !== undefined && config.metricsToken !== undefined) {
      metricsRoutes(siteArea, metrics, config.metricsToken);
    }
    readinessRoutes(siteArea, ctx, {
      draining: () => draining,
      ...(pageBus !== undefined && { redisConnected: () => pageBus.connected() }),
    });
    mediaSiteRoutes(siteArea, ctx, media);
    articleSiteRoutes(siteArea, ctx);
    commentSiteRoutes(siteArea, ctx);
    dramaSiteRoutes(siteArea, ctx);
    peopleSiteRoutes(siteArea, ctx);
    feedRoutes(siteArea, ctx);
    seoRoutes(siteArea, ctx);
    searchSiteRoutes(siteArea, ctx);
  });

  // The admin app (HTML shell and previews): staff screens redirect to sign-in without a session.
  await app.register(
    async (adminArea: App) => {
      useHtmlErrors(adminArea, errorPage);
      adminAreaRoutes(adminArea, ctx);
    },
    { prefix: '/admin' },
  );

  // Public, read-only JSON.
  await app.register(
    async (contentApi: App) => {
      useJsonErrors(contentApi);
      useContentApiHttp(contentApi);
      articleApiRoutes(contentApi, ctx);
      commentApiRoutes(contentApi, ctx);
      dramaApiRoutes(contentApi, ctx);
      searchApiRoutes(contentApi, ctx);
      peopleApiRoutes(contentApi, ctx);
    },
    { prefix: '/api/content/v1' },
  );

  // Staff JSON: every route registered in here is behind adminAuth by being here.
  await app.register(
    async (adminApi: App) => {
      useJsonErrors(adminApi);
      useAdminAuth(adminApi, ctx);
      apiKeyAdminRoutes(adminApi, ctx);
      importAdminRoutes(adminApi, ctx, media);
      sessionAdminRoutes(adminApi, ctx);
      userAdminRoutes(adminApi, ctx);
      adminSupportRoutes(adminApi, ctx);
      articleAdminRoutes(adminApi, ctx);
      commentAdminRoutes(adminApi, ctx);
      webhookAdminRoutes(adminApi, ctx);
      embedAdminRoutes(adminApi, ctx);
      dramaAdminRoutes(adminApi, ctx);
      peopleAdminRoutes(adminApi, ctx);
      namesAdminRoutes(adminApi, ctx);
      mediaAdminRoutes(adminApi, ctx, media);
    },
    { prefix: '/api/admin/v1' },
  );

  return app;
}

function siteInfo(config: Config, settings: Awaited<ReturnType<typeof readSettings>>): SiteInfo {
  return {
    title: settings.site_title,
    description: settings.site_description,
    baseUrl: config.baseUrl,
    zone: settings.site_zone,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Re-reads the settings that every page shows (after an admin changed them). */
    refreshSite(): Promise<void>;
    /** Makes /readyz answer 503 from now on (a shutdown has begun); everything else still serves. */
    startDraining(): void;
  }
}
