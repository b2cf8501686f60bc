import type { OidcConfig } from '../config/config.ts';
import type { SmtpServer } from '../mail/mailer.ts';
import type { SettingsSource } from '../vocabulary/company.ts';
import { decryptWithMasterKey } from '../lib/encryption.ts';
import type { CompanyDeps } from './company-deps.ts';
import { readProfile, readSmtp, readSso } from './stored-settings.ts';

// What applies now: the stored settings where an admin set them, else the environment's. Read
// from the store at each use, so that every server process sharing the database follows a change
// at once (they are a few small rows).

type Source = Exclude<SettingsSource, 'none'>;
type ReadDeps = Pick<CompanyDeps, 'store' | 'config' | 'masterKey'>;

export interface EffectiveSso {
  source: Source;
  /** As AIRISK_OIDC_* would give them, the client secret unsealed. */
  settings: OidcConfig;
}

export interface EffectiveSmtp {
  source: Source;
  server: SmtpServer;
  from: string;
}

/** Single sign-on as it applies now; undefined when neither the settings nor the environment set it. */
export async function effectiveSso({
  store,
  config,
  masterKey,
}: ReadDeps): Promise<EffectiveSso | undefined> {
  const stored = await readSso(store);
  const { allowedSignInDomains } = await readProfile(store);
  const allowedDomains = allowedSignInDomains ?? config.oidc?.allowedDomains ?? [];
  if (stored) {
    return {
      source: 'settings',
      settings: {
        issuer: stored.issuer,
        clientId: stored.clientId,
        clientSecret:
          stored.clientSecret === null
            ? undefined
            : decryptWithMasterKey(masterKey, stored.clientSecret),
        allowedDomains,
        newUsers: stored.newUsers,
        button: stored.buttonLabel,
      },
    };
  }
  return config.oidc && { source: 'environment', settings: { ...config.oidc, allowedDomains } };
}

/** The mail server as it applies now; undefined when neither the settings nor the environment set one. */
export async function effectiveSmtp({
  store,
  config,
  masterKey,
}: ReadDeps): Promise<EffectiveSmtp | undefined> {
  const stored = await readSmtp(store);
  if (stored) {
    const { host, port, security, username, password, from } = stored;
    return {
      source: 'settings',
      server: {
        host,
        port,
        security,
        username,
        password: password === null ? null : decryptWithMasterKey(masterKey, password),
      },
      from: from ?? config.mailFrom,
    };
  }
  return config.smtpUrl === undefined
    ? undefined
    : { source: 'environment', server: { url: config.smtpUrl }, from: config.mailFrom };
}

/** Where a failed mail tells the admin to look. */
export function smtpSettingsName(source: Source): string {
  return source === 'settings'
    ? 'the mail server settings (Company > General Information)'
    : 'AIRISK_SMTP_URL';
}
