import { Type, type Static } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { checkOutboundUrl, OutboundError } from '../../http/outbound.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import * as repo from './webhook.repository.js';
import { emitWebhook, newWebhookSecret, WEBHOOK_EVENTS } from './webhook.service.js';
import type {
  DeliveryStatus,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookRow,
} from './webhook.table.js';

const EventName = Type.Union(WEBHOOK_EVENTS.map((event) => Type.Literal(event)));

const WebhookFields = Type.Object(
  {
    /** A label for people, e.g. "Slack relay". */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Where events are POSTed: http(s), public address (or allowed by DEHO_OUTBOUND_ALLOW). */
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000 })),
    /** The events to send. */
    events: Type.Optional(Type.Array(EventName, { minItems: 1, maxItems: 20, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type WebhookFields = Static<typeof WebhookFields>;

const WriteBody = Type.Object({ webhook: WebhookFields }, { additionalProperties: false });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IdParams = Type.Object({ id: Id });
const DeliveryParams = Type.Object({ id: Id, deliveryId: Id });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
const ListQuery = Type.Object(Paging, { additionalProperties: false });
const DeliveryStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivering'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
const DeliveriesQuery = Type.Object(
  { ...Paging, status: Type.Optional(DeliveryStatusSchema) },
  { additionalProperties: false },
);

function toApiWebhook(row: WebhookRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    active: row.active === 1,
    last_delivery_at: row.last_delivery_at,
    last_status: row.last_status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function toApiDelivery(row: WebhookDeliveryRow, attempts: readonly WebhookAttemptRow[]) {
  return {
    id: row.id,
    uuid: row.uuid,
    event: row.event,
    status: row.status,
    attempt_count: row.attempts,
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at : null,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    payload: JSON.parse(row.payload) as unknown,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      started_at: a.started_at,
      duration_ms: a.duration_ms,
      status_code: a.status_code,
      error: a.error,
      response_excerpt: a.response_excerpt,
    })),
  };
}

function pagination(page: number, limit: number, total: number) {
  return { page, limit, pages: Math.max(1, Math.ceil(total / limit)), total };
}

/**
 * Admin API: webhooks and their delivery log, for owners and admins. Every route here sits
 * behind the area's staff guard.
 */
export function webhookAdminRoutes(app: App, ctx: AppContext): void {
  const checkedUrl = (url: string): string => {
    try {
      return checkOutboundUrl(url, ctx.config.outboundAllow).href;
    } catch (error) {
      if (error instanceof OutboundError)
        throw new ValidationFailed(`url: ${error.message}`, 'url');
      throw error;
    }
  };
  const load = async (id: number): Promise<WebhookRow> => {
    const row = await repo.findWebhook(ctx.db, id);
    if (row === undefined) throw new NotFound(`There is no webhook ${id}.`);
    return row;
  };

  app.get('/webhooks', { schema: { querystring: ListQuery } }, async (request) => {
    requireCan(request, 'webhooks.manage');
    const { page = 1, limit = 20 } = request.query;
    const [rows, total] = await Promise.all([
      repo.listWebhooks(ctx.db, { limit, offset: (page - 1) * limit }),
      repo.countWebhooks(ctx.db),
    ]);
    return {
      webhooks: rows.map(toApiWebhook),
      meta: { pagination: pagination(page, limit, total) },
    };
  });

  app.post('/webhooks', { schema: { body: WriteBody } }, async (request, reply) => {
    requireCan(request, 'webhooks.manage');
    const input: WebhookFields = request.body.webhook;
    if (input.url === undefined) throw new ValidationFailed('url is required.', 'url');
    if (input.events === undefined) throw new ValidationFailed('events is required.', 'events');
    const url = checkedUrl(input.url);
    const secret = newWebhookSecret();
    const id = await repo.insertWebhook(ctx.db, {
      name: input.name?.trim() || new URL(url).host,
      url,
      secret,
      events: JSON.stringify(input.events),
      active: input.active === false ? 0 : 1,
      now: ctx.clock().toISOString(),
    });
    // The secret is shown in this answer only.
    return reply.code(201).send({ webhook: { ...toApiWebhook(await load(id)), secret } });
  });

  app.get('/webhooks/:id', { schema: { params: IdParams } }, async (request) => {
    requireCan(request, 'webhooks.manage');
    return { webhook: toApiWebhook(await load(request.params.id)) };
  });

  app.patch('/webhooks/:id', { schema: { params: IdParams, body: WriteBody } }, async (request) => {
    requireCan(request, 'webhooks.manage');
    await load(request.params.id);
    const input: WebhookFields = request.body.webhook;
    await repo.updateWebhook(ctx.db, request.params.id, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.url !== undefined && { url: checkedUrl(input.url) }),
      ...(input.events !== undefined && { events: JSON.stringify(input.events) }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.clock().toISOString(),
    });
    return { webhook: toApiWebhook(await load(request.params.id)) };
  });

  app.delete('/webhooks/:id', { schema: { params: IdParams } }, async (request, reply) => {
    requireCan(request, 'webhooks.manage');
    const deleted = await ctx.db
      .transaction()
      .execute((trx) => repo.deleteWebhook(trx, request.params.id));
    if (!deleted) throw new NotFound(`There is no webhook ${request.params.id}.`);
    return reply.code(204).send();
  });

  app.post('/webhooks/:id/rotate-secret', { schema: { params: IdParams } }, async (request) => {
    requireCan(request, 'webhooks.manage');
    await load(request.params.id);
    const secret = newWebhookSecret();
    await repo.updateWebhook(ctx.db, request.params.id, {
      secret,
      updated_at: ctx.clock().toISOString(),
    });
    return { webhook: { ...toApiWebhook(await load(request.params.id)), secret } };
  });

  app.post('/webhooks/:id/ping', { schema: { params: IdParams } }, async (request, reply) => {
    requireCan(request, 'webhooks.manage');
    const hook = await load(request.params.id);
    if (hook.active !== 1) throw new ValidationFailed('This webhook is not active.', 'active');
    await emitWebhook(
      { db: ctx.db, clock: ctx.clock },
      'ping',
      { webhook: { id: hook.id, name: hook.name } },
      { webhookId: hook.id },
    );
    return reply.code(202).send({ queued: 1 });
  });

  app.get(
    '/webhooks/:id/deliveries',
    { schema: { params: IdParams, querystring: DeliveriesQuery } },
    async (request) => {
      requireCan(request, 'webhooks.manage');
      await load(request.params.id);
      const { page = 1, limit = 20 } = request.query;
      const status: DeliveryStatus | undefined = request.query.status;
      const [rows, total] = await Promise.all([
        repo.listDeliveries(ctx.db, request.params.id, {
          status,
          limit,
          offset: (page - 1) * limit,
        }),
        repo.countDeliveries(ctx.db, request.params.id, status),
      ]);
      const attempts = await repo.attemptsOf(
        ctx.db,
        rows.map((row) => row.id),
      );
      return {
        webhook_deliveries: rows.map((row) => toApiDelivery(row, attempts.get(row.id) ?? [])),
        meta: { pagination: pagination(page, limit, total) },
      };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    { schema: { params: DeliveryParams } },
    async (request, reply) => {
      requireCan(request, 'webhooks.manage');
      const { id, deliveryId } = request.params;
      const found = await repo.findDelivery(ctx.db, id, deliveryId);
      if (found === undefined) throw new NotFound(`Webhook ${id} has no delivery ${deliveryId}.`);
      const queued = await repo.requeueDelivery(ctx.db, id, deliveryId, ctx.clock().toISOString());
      if (!queued)
        throw new ValidationFailed('This delivery is still queued or being sent.', 'status');
      const row = await repo.findDelivery(ctx.db, id, deliveryId);
      const attempts = await repo.attemptsOf(ctx.db, [deliveryId]);
      return reply
        .code(202)
        .send({ webhook_delivery: toApiDelivery(row ?? found, attempts.get(deliveryId) ?? []) });
    },
  );
}
