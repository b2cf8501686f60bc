import type { Transporter } from 'nodemailer';
import type { SmtpSecurity } from '../vocabulary/company.ts';
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
  /**
   * For a mailer whose server may change while the app runs (the company's settings): the
   * mailer of this moment, or undefined when no mail server is configured now. Absent: always
   * this mailer itself.
   */
  current?(): Promise<Mailer | undefined>;
}

/** The mailer that can send now, or undefined: the caller then hands links over itself. */
export async function mailerNow(mailer: Mailer | undefined): Promise<Mailer | undefined> {
  return mailer?.current ? mailer.current() : mailer;
}

/** A mail server: AIRISK_SMTP_URL's URL, or its parts as the company's settings hold them. */
export type SmtpServer =
  | { url: string }
  | {
      host: string;
      port: number;
      security: SmtpSecurity;
      username: string | null;
      password: string | null;
    };

export interface SmtpMailerSettings {
  server: SmtpServer;
  /** The From header of every message. */
  from: string;
  /** Where the admin changes the server, named when a mail fails (never the values). */
  configuredIn: string;
}

// nodemailer waits minutes by default; an admin waiting on an invitation should hear in seconds.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

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

/** A mailer over one mail server; it connects on the first mail. */
export function createSmtpMailer(settings: SmtpMailerSettings): Mailer {
  // nodemailer loads on the first mail: a server that sends none never pays for it.
  let transport: Promise<Transporter> | undefined;
  const open = async () => {
    const { createTransport } = await import('nodemailer');
    return createTransport(
      { ...transportOptions(settings.server), ...TIMEOUTS },
      {
        from: settings.from,
      },
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
            `Check ${settings.configuredIn} and the mail server, then try again.`,
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

function transportOptions(server: SmtpServer) {
  if ('url' in server) {
    return { url: server.url };
  }
  const { host, port, security, username, password } = server;
  return {
    host,
    port,
    secure: security === 'tls',
    // RFC 3207: with `starttls` a server that does not offer it is refused, never used in clear.
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    ...(username !== null && { auth: { user: username, pass: password ?? '' } }),
  };
}

function reasonOf(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reason = (typeof code === 'string' && REASONS[code]) || 'the mail server failed';
  // The SMTP reply code (RFC 5321 §4.2) helps the admin read the mail server's own log.
  return typeof responseCode === 'number' ? `${reason} (SMTP ${responseCode})` : reason;
}
