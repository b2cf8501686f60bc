import type { Store } from '../store/store.ts';
import type { Config } from '../config/config.ts';
import { ValidationError } from '../lib/errors.ts';
import { domainOf } from '../vocabulary/email-domain.ts';
import { readProfile } from './stored-settings.ts';

/**
 * The email domains people may sign in from (single sign-on) and be invited from: the stored
 * list once an admin has set one (an empty list: any domain), else AIRISK_OIDC_ALLOWED_DOMAINS,
 * else any domain (empty).
 */
export async function allowedSignInDomains(
  store: Store,
  config: Pick<Config, 'oidc'> | undefined,
): Promise<readonly string[]> {
  const { allowedSignInDomains: stored } = await readProfile(store);
  return stored ?? config?.oidc?.allowedDomains ?? [];
}

/** Whether `email`'s domain is one of `domains` (an empty list allows any). */
export function isAllowedDomain(domains: readonly string[], email: string): boolean {
  return domains.length === 0 || domains.includes(domainOf(email));
}

/** A ValidationError naming the allowed domains when `email` is outside them. */
export async function assertAllowedSignInDomain(
  store: Store,
  config: Pick<Config, 'oidc'> | undefined,
  email: string,
): Promise<void> {
  const domains = await allowedSignInDomains(store, config);
  if (!isAllowedDomain(domains, email)) {
    throw new ValidationError(
      `email: ${domainOf(email)} is not an allowed sign-in domain; allowed: ${domains.join(', ')} ` +
        '(Company settings, allowedSignInDomains)',
    );
  }
}
