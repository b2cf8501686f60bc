import type { Clock } from '../lib/clock.ts';
import type { Config } from '../config/config.ts';
import type { Store, UserRecord } from '../store/store.ts';
import type { SessionRecord } from '../store/account-store.ts';
import type { AccountDeps, RequestMeta } from './account-deps.ts';
import { createUser } from '../users/users.ts';
import { parseEmail, parseName } from '../users/user-input.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseField } from './invitations.ts';
import {
  LINK_TTL_SECONDS,
  LinkError,
  consumeLink,
  createLink,
  inspectLink,
  invalidateOtherLinks,
  linkUrl,
} from './links.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { startPasswordSession } from './sessions.ts';

/** Whether nobody has an account yet: the first person to come sets up the company. */
export async function isFirstRun(store: Store): Promise<boolean> {
  return (await store.users.list({ limit: 1, offset: 0 })).length === 0;
}

/**
 * On an empty database, a fresh one-time link (24 hours) that creates the first CompanyAdmin,
 * for main.ts to print; earlier setup links stop working. Undefined once any user exists.
 */
export async function ensureFirstRunLink(deps: {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'issuer'>;
}): Promise<string | undefined> {
  const { store, clock, config } = deps;
  if (!(await isFirstRun(store))) {
    return undefined;
  }
  const { token } = await createLink(store, clock, {
    kind: 'setup',
    userId: null,
    email: null,
    ttlSeconds: LINK_TTL_SECONDS.setup,
    createdBy: null,
  });
  await invalidateOtherLinks(store, clock, null, 'setup', token);
  return linkUrl(config.issuer, 'setup', token);
}

export interface SetupInput {
  token: string;
  email: string;
  name: string;
  password: string;
}

/**
 * Redeems a setup link: the first CompanyAdmin, with a password, signed in. Once any user
 * exists, every setup link is spent (410), whoever redeemed it.
 */
export async function completeSetup(
  deps: AccountDeps,
  input: SetupInput,
  meta: RequestMeta,
): Promise<{ user: UserRecord; session: SessionRecord; cookieValue: string }> {
  const { store, clock } = deps;
  await inspectLink(store, clock, 'setup', input.token);
  if (!(await isFirstRun(store))) {
    throw new LinkError('used');
  }
  const email = parseField('email', () => parseEmail(input.email));
  const name = parseField('name', () => parseName(input.name));
  await checkPasswordStrength(input.password, { email, name });
  // Hashed before the transaction: argon2 is slow, and the write lock is not held for it.
  const passwordHash = await hashPassword(input.password);
  const user = await store.transaction(async (tx) => {
    await consumeLink(tx, clock, 'setup', input.token);
    // Any other setup link is spent in the same commit, so two links cannot make two admins.
    await invalidateOtherLinks(tx, clock, null, 'setup', input.token);
    if (!(await isFirstRun(tx))) {
      throw new LinkError('used');
    }
    const admin = await createUser({ store: tx, clock }, { email, name, roles: ['CompanyAdmin'] });
    await tx.logins.setPassword(admin.id, passwordHash, clock.nowSeconds());
    await recordAudit(tx, clock, { event: 'account_setup', userId: admin.id, ip: meta.ip });
    return admin;
  });
  return startPasswordSession(deps, user, meta);
}
