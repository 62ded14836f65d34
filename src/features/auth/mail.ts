import type nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

/*
 * Outgoing mail (staff invitations and password resets, reply notifications to readers) through
 * the SMTP server in DEHO_SMTP_URL. Without one, nothing is sent: staff mail callers show the
 * link to the admin instead, and reply notifications are not queued at all.
 */

export interface StaffMail {
  to: string;
  subject: string;
  text: string;
}

/** A plain-text mail, with extra header fields when it needs them (List-Unsubscribe). */
export interface OutgoingMail extends StaffMail {
  headers?: Readonly<Record<string, string>>;
}

/** An open SMTP transport: send any number of mails, then close it. */
export interface Mailer {
  /** @throws the transport's error when the server refused the mail or could not be reached */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/*
 * A server that accepts the connection but never answers must not hold a request or a
 * background job for nodemailer's default of minutes.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** nodemailer is loaded with the first mail, not at start (most sites send none). */
let nodemailerModule: Promise<typeof nodemailer> | undefined;
function loadNodemailer(): Promise<typeof nodemailer> {
  nodemailerModule ??= import('nodemailer').then((m) => m.default);
  return nodemailerModule;
}

/** @returns a mailer, or undefined when no SMTP server is configured */
export function openMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  const url = config.smtpUrl;
  if (url === undefined) return undefined;
  let transport: Promise<ReturnType<typeof nodemailer.createTransport>> | undefined;
  return {
    async send(mail) {
      transport ??= loadNodemailer().then((m) => m.createTransport({ url, ...TIMEOUTS }));
      await (
        await transport
      ).sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.headers !== undefined && { headers: { ...mail.headers } }),
      });
    },
    close: () =>
      void transport?.then(
        (t) => t.close(),
        () => undefined, // it never opened
      ),
  };
}

/**
 * Sends one mail.
 * @returns true when an SMTP server accepted it, false when no SMTP server is configured
 * @throws the transport's error when the server refused or could not be reached
 */
export async function sendStaffMail(config: Config, mail: StaffMail): Promise<boolean> {
  const mailer = openMailer(config);
  if (mailer === undefined) return false;
  try {
    await mailer.send(mail);
    return true;
  } finally {
    mailer.close();
  }
}
