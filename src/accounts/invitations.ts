import type { Clock } from '../lib/clock.ts';
import type { Store, UserRecord } from '../store/store.ts';
import type { Config } from '../config/config.ts';
import { mailerNow, type Mailer } from '../mail/mailer.ts';
import { assertAllowedSignInDomain } from '../company/sign-in-domains.ts';
import { ConflictError, ValidationError } from '../lib/errors.ts';
import { createUser, getUser, type UserView } from '../users/users.ts';
import { addUserToGroup } from '../groups/groups.ts';
import { parseEmail } from '../users/user-input.ts';
import { recordAudit } from '../audit/audit.ts';
import { publicUser } from '../users/public-user.ts';
import { isoTime } from '../lib/iso-time.ts';
import { invitationMessage } from '../mail/messages.ts';
import {
  consumeLink,
  createLink,
  invalidateOtherLinks,
  LINK_TTL_SECONDS,
  linkUrl,
} from './links.ts';

/** What sending account mail needs: the store, the time, the public URL and the mailer. */
export interface AccountMailDeps {
  store: Store;
  clock: Clock;
  /** AIRISK_ISSUER: the links point at the web app it serves. */
  issuer: string;
  /**
   * Undefined, or one whose `current()` is undefined, without a mail server (company settings or
   * AIRISK_SMTP_URL): the links are then handed to the admin.
   */
  mailer: Mailer | undefined;
  /** AIRISK_OIDC_ALLOWED_DOMAINS, which applies unless the company settings name the domains. */
  config?: Pick<Config, 'oidc'> | undefined;
}

/** Who acts: a CompanyAdmin through the API, or null for the command line. */
export type AccountActor = { userId: string } | null;

export interface InviteUserInput {
  email: string;
  /** Default: the part of the email before the @; the person may change it on accepting. */
  name?: string | undefined;
  roles?: readonly string[] | undefined;
  groupIds?: readonly string[] | undefined;
}

export interface Invitation {
  /** The invited user, with its groups. */
  user: UserView;
  /** The one-time link; the caller shows it only when it was not emailed. */
  link: string;
  /** Unix seconds. */
  expiresAt: number;
  emailed: boolean;
}

/**
 * Invites a person by email: creates the user (pending: no password yet) or, for a pending user,
 * issues a fresh link that replaces the earlier ones. An email outside the allowed sign-in
 * domains is a ValidationError naming them; a user who has a password already is a
 * ConflictError. With a mailer the link is mailed, and a mail failure (MailError) undoes what the
 * invitation created; without one the caller hands the link to the admin.
 */
export async function inviteUser(
  deps: AccountMailDeps,
  input: InviteUserInput,
  actor: AccountActor,
): Promise<Invitation> {
  const email = parseField('email', () => parseEmail(input.email));
  await assertAllowedSignInDomain(deps.store, deps.config, email);
  const existing = await deps.store.users.findByEmail(email);
  if (existing) {
    return inviteExistingUser(deps, existing, actor);
  }
  // The user and its first link commit together; the mail goes out after, outside any
  // transaction, so a slow mail server never holds the database's write lock.
  const { user, token, expiresAt } = await deps.store.transaction(async (tx) => {
    const txDeps = { ...deps, store: tx };
    const created = await createInvitedUser(txDeps, { ...input, email });
    return { user: created, ...(await createInvitationLink(txDeps, created, actor)) };
  });
  return deliver(deps, { user, token, expiresAt, actor, reinvited: false }, async () => {
    // Removing the user takes its link and memberships with it (ON DELETE CASCADE).
    await deps.store.users.remove(user.id);
    await recordAudit(deps.store, deps.clock, {
      event: 'user_deleted',
      userId: user.id,
      reason: 'the invitation mail could not be sent',
    });
  });
}

/**
 * Invites a user who exists but has no password yet (invited before, imported, or created
 * through the API): a fresh link that replaces the earlier ones once it is out. A mail failure
 * spends the new link and leaves the earlier ones as they were. `firstTime`: the user was just
 * made for this invitation (a CSV import), so the audit log does not call it a repeated invitation.
 */
export async function inviteExistingUser(
  deps: AccountMailDeps,
  user: UserRecord,
  actor: AccountActor,
  { firstTime = false }: { firstTime?: boolean } = {},
): Promise<Invitation> {
  await assertInvitable(deps.store, user);
  const { token, expiresAt } = await createInvitationLink(deps, user, actor);
  return deliver(deps, { user, token, expiresAt, actor, reinvited: !firstTime }, async () => {
    await consumeLink(deps.store, deps.clock, 'invitation', token);
  });
}

interface Issued {
  user: UserRecord;
  token: string;
  expiresAt: number;
  actor: AccountActor;
  reinvited: boolean;
}

/** Mails the link when SMTP is configured (running `undo` if that fails), then records it. */
async function deliver(
  deps: AccountMailDeps,
  { user, token, expiresAt, actor, reinvited }: Issued,
  undo: () => Promise<void>,
): Promise<Invitation> {
  const link = linkUrl(deps.issuer, 'invitation', token);
  const mailer = await mailerNow(deps.mailer);
  const emailed = mailer !== undefined;
  if (mailer) {
    const invitedBy = await actorName(deps.store, actor);
    try {
      await mailer.send(
        invitationMessage({ to: user.email, name: user.name, invitedBy, link, expiresAt }),
      );
    } catch (error) {
      await undo();
      throw error;
    }
  }
  // Only now: had the mail failed, the earlier links would have stayed the person's way in.
  await invalidateOtherLinks(deps.store, deps.clock, user.id, 'invitation', token);
  await recordAudit(deps.store, deps.clock, {
    event: 'user_invited',
    userId: user.id,
    details: { by: actor?.userId ?? 'cli', emailed, reinvited },
  });
  return { user: await getUser(deps, user.id), link, expiresAt, emailed };
}

function createInvitationLink(
  { store, clock }: AccountMailDeps,
  user: UserRecord,
  actor: AccountActor,
): Promise<{ token: string; expiresAt: number }> {
  return createLink(store, clock, {
    kind: 'invitation',
    userId: user.id,
    email: user.email,
    ttlSeconds: LINK_TTL_SECONDS.invitation,
    createdBy: actor?.userId ?? null,
  });
}

async function assertInvitable(store: Store, user: UserRecord): Promise<void> {
  if (await hasPassword(store, user.id)) {
    throw new ConflictError(
      `${user.email} already has an account with a password: they can sign in, or reset their password`,
    );
  }
  if (user.disabledAt !== null) {
    throw new ConflictError(`${user.email} is disabled: enable the user before inviting again`);
  }
}

async function createInvitedUser(
  deps: AccountMailDeps,
  input: InviteUserInput & { email: string },
): Promise<UserRecord> {
  const user = await createUser(deps, {
    email: input.email,
    name: input.name ?? input.email.slice(0, input.email.indexOf('@')),
    roles: input.roles,
  });
  for (const groupId of new Set(input.groupIds ?? [])) {
    await addUserToGroup(deps, user.id, groupId);
  }
  return user;
}

/**
 * An invitation as the API and the CLI show it. A mailed link belongs to the person alone: the
 * admin does not get a copy.
 */
export function publicInvitation({ user, link, expiresAt, emailed }: Invitation) {
  return {
    user: publicUser(user),
    invitation: { expiresAt: isoTime(expiresAt), emailed, ...(emailed ? {} : { link }) },
  };
}

/** Whether the user has set a password (an invited user has not yet). */
export async function hasPassword(store: Store, userId: string): Promise<boolean> {
  const login = await store.logins.find(userId);
  return (login?.passwordHash ?? null) !== null;
}

/** The name a mail gives for who acted; undefined for the command line. */
export async function actorName(store: Store, actor: AccountActor): Promise<string | undefined> {
  return actor ? (await store.users.findById(actor.userId))?.name : undefined;
}

/** Input checks that name the field, as schema validation does. */
export function parseField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`${field}: ${error.message}`);
    }
    throw error;
  }
}
