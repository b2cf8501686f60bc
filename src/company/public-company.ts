import type { Store } from '../store/store.ts';
import { DEFAULT_COMPANY_NAME } from '../vocabulary/company.ts';
import type { CompanyEnvironment } from './company-deps.ts';
import { readProfile, readSmtp, readSso } from './stored-settings.ts';

export const LOGO_PATH = '/api/Company/Logo';

/** What anyone may know of the company (the sign-in page): its name and its logo's URL. */
export async function publicCompany(
  store: Store,
): Promise<{ name: string; logoUrl: string | null }> {
  const { name, logo } = await readProfile(store);
  return {
    name: name ?? DEFAULT_COMPANY_NAME,
    // Versioned by the image's hash: a new logo is a new URL, so caches never show the old one.
    logoUrl: logo ? `${LOGO_PATH}?v=${encodeURIComponent(logo.etag)}` : null,
  };
}

/** The single sign-on button's text, or undefined when single sign-on is not configured. */
export async function ssoButtonLabel(
  store: Store,
  config: CompanyEnvironment,
): Promise<string | undefined> {
  const stored = await readSso(store);
  return stored ? stored.buttonLabel : config.oidc?.button;
}

/** Whether mail goes out: a mail server in the settings or AIRISK_SMTP_URL. */
export async function hasMailServer(store: Store, config: CompanyEnvironment): Promise<boolean> {
  return (await readSmtp(store)) !== undefined || config.smtpUrl !== undefined;
}
