import {
  DEFAULT_COMPANY_NAME,
  DEFAULT_SSO_BUTTON,
  type SettingsSource,
  type SmtpSecurity,
  type SsoNewUsers,
} from '../vocabulary/company.ts';
import type { CompanyDeps, CompanyEnvironment } from './company-deps.ts';
import {
  readProfile,
  readSmtp,
  readSso,
  type StoredSmtp,
  type StoredSso,
} from './stored-settings.ts';

/** Company > General Information, as an admin reads it: secrets only as whether they are set. */
export interface CompanySettingsView {
  name: string;
  hasLogo: boolean;
  /** Null also when the agent has been deleted since. */
  defaultAgentId: string | null;
  allowedSignInDomains: string[];
  /** Null: the activity record keeps every event. */
  activityRetentionDays: number | null;
  /** Null: conversations are never archived, but for agents with their own setting. */
  archiveAfterDays: number | null;
  sso: {
    configured: boolean;
    source: SettingsSource;
    issuer: string | null;
    clientId: string | null;
    hasClientSecret: boolean;
    newUsers: SsoNewUsers;
    buttonLabel: string;
  };
  smtp: {
    configured: boolean;
    source: SettingsSource;
    host: string | null;
    port: number | null;
    security: SmtpSecurity;
    username: string | null;
    hasPassword: boolean;
    from: string;
  };
}

/** The settings as they apply now: the stored ones where set, else the environment's. */
export async function describeCompanySettings({
  store,
  config,
}: Pick<CompanyDeps, 'store' | 'config'>): Promise<CompanySettingsView> {
  const profile = await readProfile(store);
  const agent =
    profile.defaultAgentId === undefined
      ? undefined
      : await store.agents.findById(profile.defaultAgentId);
  return {
    name: profile.name ?? DEFAULT_COMPANY_NAME,
    hasLogo: profile.logo !== undefined,
    defaultAgentId: agent?.id ?? null,
    allowedSignInDomains: [...(profile.allowedSignInDomains ?? config.oidc?.allowedDomains ?? [])],
    activityRetentionDays: profile.activityRetentionDays ?? null,
    archiveAfterDays: profile.archiveAfterDays ?? null,
    sso: ssoView(await readSso(store), config),
    smtp: smtpView(await readSmtp(store), config),
  };
}

function ssoView(stored: StoredSso | undefined, config: CompanyEnvironment) {
  if (stored) {
    const { clientSecret, ...rest } = stored;
    return {
      configured: true,
      source: 'settings' as const,
      ...rest,
      hasClientSecret: clientSecret !== null,
    };
  }
  const oidc = config.oidc;
  return {
    configured: oidc !== undefined,
    source: oidc ? ('environment' as const) : ('none' as const),
    issuer: oidc?.issuer ?? null,
    clientId: oidc?.clientId ?? null,
    hasClientSecret: oidc?.clientSecret !== undefined,
    newUsers: oidc?.newUsers ?? 'invited',
    buttonLabel: oidc?.button ?? DEFAULT_SSO_BUTTON,
  };
}

function smtpView(stored: StoredSmtp | undefined, config: CompanyEnvironment) {
  if (stored) {
    const { password, from, ...rest } = stored;
    return {
      configured: true,
      source: 'settings' as const,
      ...rest,
      hasPassword: password !== null,
      from: from ?? config.mailFrom,
    };
  }
  if (config.smtpUrl === undefined) {
    return {
      configured: false,
      source: 'none' as const,
      host: null,
      port: null,
      security: 'starttls' as const,
      username: null,
      hasPassword: false,
      from: config.mailFrom,
    };
  }
  return {
    configured: true,
    source: 'environment' as const,
    ...smtpUrlParts(config.smtpUrl),
    from: config.mailFrom,
  };
}

/** What AIRISK_SMTP_URL says, without its password; smtp:// upgrades with STARTTLS when offered. */
function smtpUrlParts(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const tls = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    // nodemailer's defaults (RFC 8314 §3.3: 465 for implicit TLS; RFC 6409: 587 for submission).
    port: url.port === '' ? (tls ? 465 : 587) : Number(url.port),
    security: tls ? ('tls' as const) : ('starttls' as const),
    username: url.username === '' ? null : decodeURIComponent(url.username),
    hasPassword: url.password !== '',
  };
}
