import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

/*
 * Staff mail (invitations, password resets) through the SMTP server in DEHO_SMTP_URL. Without
 * one, nothing is sent and the caller shows the link to the admin instead.
 */

export interface StaffMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends one mail.
 * @returns true when an SMTP server accepted it, false when no SMTP server is configured
 * @throws the transport's error when the server refused or could not be reached
 */
export async function sendStaffMail(config: Config, mail: StaffMail): Promise<boolean> {
  if (config.smtpUrl === undefined) return false;
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.mailFrom, ...mail });
    return true;
  } finally {
    transport.close();
  }
}
