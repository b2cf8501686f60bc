import type { Transporter } from 'nodemailer';
import { MailError } from './mail-error.ts';

/** One message, in plain text and in simple HTML (mail clients show the one they prefer). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends the server's mail; throws MailError when the mail server does not take a message. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailSettings {
  /** `AIRISK_SMTP_URL`: smtp:// or smtps://, with the user and password when the server wants them. */
  smtpUrl: string | undefined;
  /** `AIRISK_MAIL_FROM`: the From header of every message. */
  mailFrom: string;
}

// nodemailer waits minutes by default; an admin waiting on an invitation should hear in seconds.
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

// What nodemailer's error codes mean to the admin who reads the 502 (never the URL: it may
// carry the SMTP password).
const REASONS: Record<string, string> = {
  ECONNECTION: 'the mail server could not be reached',
  ETIMEDOUT: 'the mail server did not answer in time',
  ESOCKET: 'the connection to the mail server failed',
  EDNS: 'the mail server name could not be resolved',
  EAUTH: 'the mail server refused the user name or password',
  ETLS: 'the secure connection to the mail server failed',
  EENVELOPE: 'the mail server refused the sender or the recipient',
  EMESSAGE: 'the mail server refused the message',
  EPROTOCOL: 'the mail server answered unexpectedly',
};

/** The server's mailer over AIRISK_SMTP_URL, or undefined when no SMTP server is configured. */
export function createMailer(settings: MailSettings): Mailer | undefined {
  const { smtpUrl, mailFrom } = settings;
  if (smtpUrl === undefined) {
    return undefined;
  }
  // nodemailer loads on the first mail: a server that sends none never pays for it.
  let transport: Promise<Transporter> | undefined;
  const open = async () => {
    const { createTransport } = await import('nodemailer');
    return createTransport(
      {
        url: smtpUrl,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: GREETING_TIMEOUT_MS,
        socketTimeout: SOCKET_TIMEOUT_MS,
      },
      { from: mailFrom },
    );
  };
  return {
    async send(message) {
      transport ??= open();
      try {
        await (await transport).sendMail(message);
      } catch (error) {
        throw new MailError(
          `The mail to ${message.to} was not sent: ${reasonOf(error)}. ` +
            'Check AIRISK_SMTP_URL and the mail server, then try again.',
        );
      }
    },
    close() {
      void transport?.then(
        (opened) => opened.close(),
        () => undefined, // never opened: nothing to close
      );
    },
  };
}

function reasonOf(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reason = (typeof code === 'string' && REASONS[code]) || 'the mail server failed';
  // The SMTP reply code (RFC 5321 §4.2) helps the admin read the mail server's own log.
  return typeof responseCode === 'number' ? `${reason} (SMTP ${responseCode})` : reason;
}
