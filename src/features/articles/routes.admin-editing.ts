import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { requireCan } from '../auth/index.js';
import { HEARTBEAT_MS, recordEditing, stopEditing } from './article.editing.js';
import { authorizeRead, userIdOf } from './article.policy.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/**
 * Admin API: who has an article open. The editor PUTs a heartbeat while it is open and DELETEs
 * it when it closes; the answer names the other writers, so that the second sees the first.
 */
export function articleEditingRoutes(app: App, ctx: AppContext): void {
  app.put(
    '/articles/:id/editing',
    { schema: { params: IdParams } },
    async function heartbeat(request, reply) {
      const staff = requireCan(request, 'articles.read');
      authorizeRead(staff);
      const others = await recordEditing(ctx.db, request.params.id, userIdOf(staff), ctx.clock());
      void reply.header('cache-control', 'no-store');
      return {
        editing: {
          others: others.map((o) => ({ id: o.id, name: o.name, seen_at: o.seenAt })),
          heartbeat_ms: HEARTBEAT_MS,
        },
      };
    },
  );

  app.delete(
    '/articles/:id/editing',
    { schema: { params: IdParams } },
    async function closeEditor(request, reply) {
      const staff = requireCan(request, 'articles.read');
      authorizeRead(staff);
      const userId = userIdOf(staff);
      if (userId !== null) await stopEditing(ctx.db, request.params.id, userId);
      return reply.code(204).send();
    },
  );
}
