import type { Generated, Selectable } from 'kysely';

/*
 * Tables of reply notifications (migration 2026-11-30T10-00-00_create_mail_outbox).
 */

/** A comment whose author asked to be mailed about replies to it (the box on the form). */
export interface CommentSubscriptionTable {
  comment_id: number;
  created_at: string;
}

/** An address that unsubscribed: SHA-256 (base64url) of the lower-cased address, never the address. */
export interface MailUnsubscribeTable {
  email_hash: string;
  created_at: string;
}

/**
 * pending → sending (claimed) → sent | pending (retry later) | failed (gave up);
 * cancelled when the recipient unsubscribed or the reply is no longer shown before it went out.
 */
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface MailOutboxTable {
  id: Generated<number>;
  /** What caused the mail ("reply:<comment id>"); unique, so a cause is mailed once. */
  dedupe_key: string;
  /** The reply the mail is about; the mail goes with it when it is deleted for good. */
  comment_id: number | null;
  recipient: string;
  /** SHA-256 of the lower-cased recipient, as in mail_unsubscribes. */
  recipient_hash: string;
  subject: string;
  body_text: string;
  /** One-click unsubscribe URL (List-Unsubscribe, RFC 8058). */
  unsubscribe_url: string | null;
  status: MailStatus;
  /** Attempts made so far, counted when a mail is claimed. */
  attempts: Generated<number>;
  next_attempt_at: string;
  /** While `sending`: when the claim lapses and another instance may take the mail over. */
  locked_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}
export type MailOutboxRow = Selectable<MailOutboxTable>;
