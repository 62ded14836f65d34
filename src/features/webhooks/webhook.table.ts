import type { Generated, Selectable } from 'kysely';

export interface WebhookTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** The HMAC key; shown once when created. It must be kept to sign, so it is not hashed. */
  secret: string;
  /** JSON array of event names. */
  events: string;
  active: Generated<number>;
  last_delivery_at: string | null;
  /** 'succeeded' | 'failed' | 'retrying' after the newest attempt. */
  last_status: string | null;
  created_at: string;
  updated_at: string;
}
export type WebhookRow = Selectable<WebhookTable>;

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface WebhookDeliveryTable {
  id: Generated<number>;
  /** Sent as Deho-Delivery, so that receivers can ignore a repeat. */
  uuid: string;
  webhook_id: number;
  event: string;
  /** The JSON body, exactly as signed and sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** While 'delivering': the lease; after it a crashed worker's delivery is claimed again. */
  locked_until: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;

export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
