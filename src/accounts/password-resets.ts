import { TooManyRequestsError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { passwordResetMessage } from '../mail/messages.ts';
import { mailerNow } from '../mail/mailer.ts';
import { userNotFound } from '../users/users.ts';
import { parseEmail } from '../users/user-input.ts';
import { consumeLink, createLink, LINK_TTL_SECONDS, linkUrl } from './links.ts';
import { actorName, parseField, type AccountActor, type AccountMailDeps } from './invitations.ts';

const IP_WINDOW_SECONDS = 60;
/** Reset requests one address may make a minute: enough for typos, too few to probe or flood. */
export const RESET_REQUESTS_PER_IP = 10;
// The purge keeps windows for twice AIRISK_LOCKOUT_SECONDS (1800 s by default): they last.
const MAILBOX_WINDOW_SECONDS = 900;
/** Reset mails one mailbox may get in 15 minutes, whoever asks: nobody's inbox becomes a target. */
export const RESET_MAILS_PER_MAILBOX = 3;

export interface PasswordResetLink {
  link: string;
  /** Unix seconds. */
  expiresAt: number;
  emailed: boolean;
}

/**
 * Counts one reset request from `ip` (shared by every instance through the store) and throws
 * TooManyRequestsError past the limit. Whether the email exists plays no part.
 */
export async function limitResetRequests(
  { store, clock }: AccountMailDeps,
  ip: string,
): Promise<void> {
  const now = clock.nowSeconds();
  const windowStart = now - (now % IP_WINDOW_SECONDS);
  const key = `password-reset-ip:${ip}`;
  const count = (await store.rateLimits.hit([key], windowStart)).get(key) ?? 0;
  if (count > RESET_REQUESTS_PER_IP) {
    throw new TooManyRequestsError(
      `Too many password reset requests from this address: at most ${RESET_REQUESTS_PER_IP} a minute`,
      windowStart + IP_WINDOW_SECONDS - now,
      'password_reset',
    );
  }
}

/**
 * A person asking for a reset link by email. The link is mailed only when SMTP is configured
 * and the email names an enabled user; the caller answers the same in every case, so the
 * answer never tells whether an account exists. A malformed email throws ValidationError at
 * once (before any promise), so the caller can answer 400 and leave the rest running; the
 * promise resolves to whether a mail went out.
 */
export function requestPasswordReset(deps: AccountMailDeps, email: string): Promise<boolean> {
  const address = parseField('email', () => parseEmail(email));
  return mailResetLink(deps, address);
}

async function mailResetLink(deps: AccountMailDeps, email: string): Promise<boolean> {
  if (!(await mailerNow(deps.mailer))) {
    return false;
  }
  const user = await deps.store.users.findByEmail(email);
  if (!user || user.disabledAt !== null || !(await mayMail(deps, user.email))) {
    return false;
  }
  await issueResetLink(deps, user, null, false);
  return true;
}

/**
 * An admin creating a reset link for a user: mailed when SMTP is configured, and returned either
 * way so the admin can pass it on. A user who does not exist is a NotFoundError.
 */
export async function createPasswordResetLink(
  deps: AccountMailDeps,
  userId: string,
  actor: AccountActor,
): Promise<PasswordResetLink> {
  const user = await deps.store.users.findById(userId);
  if (!user) {
    throw userNotFound(userId);
  }
  return issueResetLink(deps, user, actor, true);
}

async function issueResetLink(
  deps: AccountMailDeps,
  user: { id: string; email: string; name: string },
  actor: AccountActor,
  byAdmin: boolean,
): Promise<PasswordResetLink> {
  const { token, expiresAt } = await createLink(deps.store, deps.clock, {
    kind: 'reset',
    userId: user.id,
    email: user.email,
    ttlSeconds: LINK_TTL_SECONDS.reset,
    createdBy: actor?.userId ?? null,
  });
  const link = linkUrl(deps.issuer, 'reset', token);
  const mailer = await mailerNow(deps.mailer);
  if (mailer) {
    const requestedBy = byAdmin
      ? ((await actorName(deps.store, actor)) ?? 'An administrator')
      : undefined;
    try {
      await mailer.send(
        passwordResetMessage({ to: user.email, name: user.name, link, expiresAt, requestedBy }),
      );
    } catch (error) {
      // A link nobody received is spent at once, never left valid.
      await consumeLink(deps.store, deps.clock, 'reset', token);
      throw error;
    }
  }
  await recordAudit(deps.store, deps.clock, {
    event: 'password_reset_link_created',
    userId: user.id,
    details: {
      by: byAdmin ? (actor?.userId ?? 'cli') : 'self',
      emailed: mailer !== undefined,
    },
  });
  return { link, expiresAt, emailed: mailer !== undefined };
}

async function mayMail({ store, clock }: AccountMailDeps, email: string): Promise<boolean> {
  const now = clock.nowSeconds();
  const key = `password-reset-mail:${email.toLowerCase()}`;
  const windowStart = now - (now % MAILBOX_WINDOW_SECONDS);
  const count = (await store.rateLimits.hit([key], windowStart)).get(key) ?? 0;
  return count <= RESET_MAILS_PER_MAILBOX;
}
