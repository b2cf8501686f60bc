import type { Clock } from '../lib/clock.ts';
import type { Store, UserRecord } from '../store/store.ts';
import type { OidcConfig } from '../config/config.ts';
import { ConflictError } from '../lib/errors.ts';
import { createUser } from '../users/users.ts';
import { MAX_NAME_CHARS } from '../vocabulary/limits.ts';

/** Why single sign-on refused someone; the browser lands on `/signin?error=<code>`. */
export type SsoErrorCode = 'sso_domain' | 'sso_state' | 'sso_not_invited' | 'sso_failed';

export class SsoError extends Error {
  override readonly name = 'SsoError';
  /** The AIRisk user concerned, when one was found (for the audit log). */
  readonly userId: string | undefined;
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    options: { userId?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.userId = options.userId;
  }
}

/** Who the IdP says signed in. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  /** Undefined when the IdP does not send the claim. */
  emailVerified: boolean | undefined;
  name: string | undefined;
}

export interface SsoUserDeps {
  store: Store;
  clock: Clock;
  provider: { settings: Pick<OidcConfig, 'allowedDomains' | 'newUsers'> };
}

/** known: signed in with this identity before; linked: matched by email now; created: new. */
export type SsoUserOutcome = 'known' | 'linked' | 'created';

/**
 * The AIRisk user an IdP identity signs in as. The email must be verified (when the IdP says)
 * and in an allowed domain. Then: the user this identity signed in as before; else the user
 * with that email (invited or not), to whom the identity is now linked; else, when
 * AIRISK_OIDC_NEW_USERS is `domain`, a new `User`. A disabled user is refused.
 */
export async function ssoUserFor(
  deps: SsoUserDeps,
  identity: SsoIdentity,
): Promise<{ user: UserRecord; outcome: SsoUserOutcome }> {
  const email = checkedEmail(deps, identity);
  try {
    return await findOrLinkUser(deps, identity, email);
  } catch (error) {
    // Two first sign-ins of one person at once: the other one linked or created the user.
    if (error instanceof ConflictError) {
      return findOrLinkUser(deps, identity, email);
    }
    throw error;
  }
}

function checkedEmail(deps: SsoUserDeps, identity: SsoIdentity): string {
  const email = identity.email?.trim().toLowerCase();
  if (!email) {
    throw new SsoError('sso_failed', 'the identity provider sent no email (scope "email")');
  }
  // An unverified email proves nothing: linking by it would hand its account to anyone.
  if (identity.emailVerified === false) {
    throw new SsoError('sso_failed', 'the identity provider has not verified this email');
  }
  const { allowedDomains } = deps.provider.settings;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (allowedDomains.length > 0 && !allowedDomains.some((d) => d.toLowerCase() === domain)) {
    throw new SsoError('sso_domain', `the email domain ${domain} is not allowed`);
  }
  return email;
}

async function findOrLinkUser(
  deps: SsoUserDeps,
  identity: SsoIdentity,
  email: string,
): Promise<{ user: UserRecord; outcome: SsoUserOutcome }> {
  const { store, clock } = deps;
  const linked = await store.ssoIdentities.find(identity.issuer, identity.subject);
  const known = linked && (await store.users.findById(linked.userId));
  if (known) {
    return { user: assertEnabled(known), outcome: 'known' };
  }
  const existing = await store.users.findByEmail(email);
  if (existing) {
    assertEnabled(existing);
    await linkIdentity(store, clock, identity, existing.id);
    return { user: existing, outcome: 'linked' };
  }
  if (deps.provider.settings.newUsers !== 'domain') {
    throw new SsoError(
      'sso_not_invited',
      'no AIRisk user has this email and only invited people may sign in',
    );
  }
  const user = await store.transaction(async (tx) => {
    const created = await createUser(
      { store: tx, clock },
      {
        email,
        name: identity.name?.trim().slice(0, MAX_NAME_CHARS) || email.split('@')[0] || email,
      },
    );
    await linkIdentity(tx, clock, identity, created.id);
    return created;
  });
  return { user, outcome: 'created' };
}

function assertEnabled(user: UserRecord): UserRecord {
  if (user.disabledAt !== null) {
    throw new SsoError('sso_not_invited', 'this user is disabled', { userId: user.id });
  }
  return user;
}

function linkIdentity(
  store: Store,
  clock: Clock,
  identity: SsoIdentity,
  userId: string,
): Promise<void> {
  return store.ssoIdentities.insert({
    issuer: identity.issuer,
    subject: identity.subject,
    userId,
    createdAt: clock.nowSeconds(),
  });
}
