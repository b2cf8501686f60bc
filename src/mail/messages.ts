import type { MailMessage } from './mailer.ts';

export interface InvitationMessageInput {
  to: string;
  /** The invited person's name, as the admin typed it. */
  name: string;
  /** Who invited them; undefined when an administrator did it from the command line. */
  invitedBy: string | undefined;
  link: string;
  /** Unix seconds. */
  expiresAt: number;
}

export interface PasswordResetMessageInput {
  to: string;
  name: string;
  link: string;
  expiresAt: number;
  /** Set when an administrator asked for the link, not the person. */
  requestedBy?: string | undefined;
}

const PRODUCT = 'AIRisk';

/** The invitation: who invited, the one-time link, until when it works, and what if unexpected. */
export function invitationMessage(input: InvitationMessageInput): MailMessage {
  const until = formatExpiry(input.expiresAt);
  const inviter = input.invitedBy ?? 'An administrator';
  return compose(input.to, `${inviter} invited you to ${PRODUCT}`, {
    greeting: `Hello ${input.name},`,
    lines: [
      `${inviter} invited you to ${PRODUCT}. To accept, choose your password with this link:`,
    ],
    link: input.link,
    after: [
      `The link works once, until ${until}. ` +
        `After that, ask ${input.invitedBy ?? 'your administrator'} for a new invitation.`,
      'If you did not expect this invitation, ignore this message: no account is usable until someone follows the link.',
    ],
  });
}

/** The password reset: the one-time link, until when it works, and what if unexpected. */
export function passwordResetMessage(input: PasswordResetMessageInput): MailMessage {
  const until = formatExpiry(input.expiresAt);
  const who =
    input.requestedBy === undefined
      ? `Someone (hopefully you) asked to reset the password of your ${PRODUCT} account.`
      : `${input.requestedBy} created a link for you to reset the password of your ${PRODUCT} account.`;
  return compose(input.to, `Reset your ${PRODUCT} password`, {
    greeting: `Hello ${input.name},`,
    lines: [`${who} To choose a new password, use this link:`],
    link: input.link,
    after: [
      `The link works once, until ${until}.`,
      'If you did not ask for this, ignore this message: your password stays as it is. ' +
        'If it happens again, tell your administrator.',
    ],
  });
}

export interface TestMailMessageInput {
  to: string;
  /** The admin who asked for it; undefined when unknown. */
  sentBy: string | undefined;
}

/** The test message of the company's mail settings: it arrived, so they work. */
export function testMailMessage(input: TestMailMessageInput): MailMessage {
  const lines = [
    `This is a test message from ${PRODUCT}${input.sentBy ? `, sent by ${input.sentBy}` : ''}.`,
    `It arrived, so ${PRODUCT} can send invitations and password reset links with these mail settings.`,
    'There is nothing to do.',
  ];
  return {
    to: input.to,
    subject: `${PRODUCT} test message`,
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html><body>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}</body></html>\n`,
  };
}

export interface MonitoringAlertInput {
  to: string;
  ruleName: string;
  severity: string;
  /** The issue the rule opened; undefined for a test of the rule's notifications. */
  issue?: { title: string; subject: string } | undefined;
}

/** A monitoring rule's announcement: the issue it opened (or a test), for whoever watches. */
export function monitoringAlertMessage(input: MonitoringAlertInput): MailMessage {
  const what = input.issue ? input.issue.title : `Test of the rule ${input.ruleName}`;
  const lines = input.issue
    ? [
        `The monitoring rule "${input.ruleName}" opened an issue: ${what}.`,
        `Severity: ${input.severity}. Subject: ${input.issue.subject}.`,
        `Open ${PRODUCT} to acknowledge, assign or resolve it.`,
      ]
    : [`This is a test notification of the monitoring rule "${input.ruleName}". It arrived.`];
  return {
    to: input.to,
    subject: `[${PRODUCT} ${input.severity}] ${what}`,
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html><body>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}</body></html>\n`,
  };
}

interface Body {
  greeting: string;
  lines: string[];
  link: string;
  after: string[];
}

function compose(to: string, subject: string, body: Body): MailMessage {
  const text = [body.greeting, '', ...body.lines, '', body.link, '', ...body.after, ''].join('\n');
  const paragraphs = [body.greeting, ...body.lines]
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .concat(`<p><a href="${escapeHtml(body.link)}">${escapeHtml(body.link)}</a></p>`)
    .concat(body.after.map((line) => `<p>${escapeHtml(line)}</p>`));
  const html = `<!doctype html><html><body>${paragraphs.join('\n')}</body></html>\n`;
  return { to, subject, text, html };
}

// Names come from whoever typed them: in HTML they are text, never markup.
function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** "13 December 2026 at 02:40 UTC": unambiguous wherever the reader lives. */
export function formatExpiry(unixSeconds: number): string {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(unixSeconds * 1000));
  return `${formatted} UTC`;
}
