/*
 * Outgoing webhooks. Other features report events with `emitWebhook({ db, clock }, event, data)`;
 * pass the write's own transaction as `db` so that the event exists exactly when the write
 * committed. The worker (started by buildApp) signs and sends them, with retries.
 */
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  emitWebhook,
  SIGNATURE_HEADER,
  signPayload,
  verifySignature,
  WEBHOOK_EVENTS,
  type RetryPolicy,
  type WebhookEmitDeps,
  type WebhookEvent,
} from './webhook.service.js';
export {
  createWebhookWorker,
  deliverDueWebhooks,
  type WebhookWorker,
  type WebhookWorkerDeps,
  type WebhookWorkerOptions,
} from './webhook.worker.js';
export { webhookAdminRoutes } from './webhook.routes.js';
