import type { DbOrTrx } from '../../db/database.js';
import type {
  DeliveryStatus,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookRow,
} from './webhook.table.js';

export function findWebhook(db: DbOrTrx, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listWebhooks(db: DbOrTrx, page: { limit: number; offset: number }) {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countWebhooks(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertWebhook(
  db: DbOrTrx,
  row: { name: string; url: string; secret: string; events: string; active: number; now: string },
): Promise<number> {
  const { now, ...values } = row;
  const inserted = await db
    .insertInto('webhooks')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateWebhook(
  db: DbOrTrx,
  id: number,
  changes: Partial<
    Pick<WebhookRow, 'name' | 'url' | 'secret' | 'events' | 'active' | 'updated_at'>
  >,
): Promise<void> {
  await db.updateTable('webhooks').set(changes).where('id', '=', id).execute();
}

export async function deleteWebhook(db: DbOrTrx, id: number): Promise<boolean> {
  // Deliveries and attempts go with it (ON DELETE CASCADE), also where foreign keys are off.
  const deliveries = db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id);
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function listDeliveries(
  db: DbOrTrx,
  webhookId: number,
  page: { status: DeliveryStatus | undefined; limit: number; offset: number },
): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .$if(page.status !== undefined, (q) => q.where('status', '=', page.status as DeliveryStatus))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countDeliveries(
  db: DbOrTrx,
  webhookId: number,
  status: DeliveryStatus | undefined,
): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('webhook_id', '=', webhookId)
    .$if(status !== undefined, (q) => q.where('status', '=', status as DeliveryStatus))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Attempts of the given deliveries, oldest first, in one query. */
export async function attemptsOf(
  db: DbOrTrx,
  deliveryIds: readonly number[],
): Promise<Map<number, WebhookAttemptRow[]>> {
  const byDelivery = new Map<number, WebhookAttemptRow[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', 'in', [...deliveryIds])
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  for (const row of rows) {
    const list = byDelivery.get(row.delivery_id) ?? [];
    list.push(row);
    byDelivery.set(row.delivery_id, list);
  }
  return byDelivery;
}

/** Puts a settled delivery back in the queue, due now (a manual "redeliver"). */
export async function requeueDelivery(
  db: DbOrTrx,
  webhookId: number,
  deliveryId: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, locked_until: null, updated_at: now })
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', webhookId)
    .where('status', 'in', ['succeeded', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function findDelivery(db: DbOrTrx, webhookId: number, deliveryId: number) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', webhookId)
    .executeTakeFirst();
}
