import { sql } from 'kysely';
import type { App, AppContext } from '../context.js';
import { RETRY_AFTER_SECONDS } from './errors.js';

/** GET /healthz: 200 when the database answers a query, 503 when it does not. */
export function healthRoutes(app: App, ctx: AppContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return await reply
        .header('cache-control', 'no-store')
        .send({ status: 'ok', database: ctx.dialect });
    } catch (error) {
      app.log.error({ err: error }, 'health check: database not answering');
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ status: 'unavailable', database: ctx.dialect });
    }
  });
}
