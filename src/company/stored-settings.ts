import type { Store } from '../store/store.ts';
import type { LogoMediaType, SmtpSecurity, SsoNewUsers } from '../vocabulary/company.ts';

// The company's settings in the company_settings key/value table, one key per part, so that a
// change to one part never rewrites (or races with) another. Secrets are sealed with the master
// key; the logo's bytes sit under their own key, read only when the logo itself is asked for.
const KEYS = {
  profile: 'company',
  sso: 'companySso',
  smtp: 'companySmtp',
  logo: 'companyLogo',
} as const;

export interface LogoInfo {
  /** A hash of the bytes: the ETag, and the version in the logo's URL. */
  etag: string;
  mediaType: LogoMediaType;
}

/** Each field is absent until an admin sets it. */
export interface StoredProfile {
  name?: string;
  defaultAgentId?: string;
  allowedSignInDomains?: string[];
  /** How long the activity record keeps events; absent: forever. */
  activityRetentionDays?: number;
  /** Days after its last activity a conversation is archived (agents may differ); absent: never. */
  archiveAfterDays?: number;
  logo?: LogoInfo;
}

export interface StoredSso {
  issuer: string;
  clientId: string;
  /** Sealed with the master key; null for a public client. */
  clientSecret: string | null;
  newUsers: SsoNewUsers;
  buttonLabel: string;
}

export interface StoredSmtp {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  /** Sealed with the master key. */
  password: string | null;
  /** Null: AIRISK_MAIL_FROM's. */
  from: string | null;
}

export interface StoredLogo extends LogoInfo {
  /** The image, base64. */
  data: string;
}

export async function readProfile(store: Store): Promise<StoredProfile> {
  return ((await store.companySettings.get(KEYS.profile)) as StoredProfile | undefined) ?? {};
}

/** Undefined when single sign-on is not set in the settings (the environment's may apply). */
export async function readSso(store: Store): Promise<StoredSso | undefined> {
  return ((await store.companySettings.get(KEYS.sso)) as StoredSso | null | undefined) ?? undefined;
}

/** Undefined when no mail server is set in the settings (the environment's may apply). */
export async function readSmtp(store: Store): Promise<StoredSmtp | undefined> {
  return (
    ((await store.companySettings.get(KEYS.smtp)) as StoredSmtp | null | undefined) ?? undefined
  );
}

export async function readLogo(store: Store): Promise<StoredLogo | undefined> {
  return (
    ((await store.companySettings.get(KEYS.logo)) as StoredLogo | null | undefined) ?? undefined
  );
}

export function writeProfile(store: Store, profile: StoredProfile, now: number): Promise<void> {
  return store.companySettings.put(KEYS.profile, profile, now);
}

/** Null removes the part (the table keeps the key with a JSON null). */
export function writeSso(store: Store, sso: StoredSso | null, now: number): Promise<void> {
  return store.companySettings.put(KEYS.sso, sso, now);
}

export function writeSmtp(store: Store, smtp: StoredSmtp | null, now: number): Promise<void> {
  return store.companySettings.put(KEYS.smtp, smtp, now);
}

export function writeLogo(store: Store, logo: StoredLogo | null, now: number): Promise<void> {
  return store.companySettings.put(KEYS.logo, logo, now);
}

/**
 * Reseals the secrets inside the settings (SSO client secret, mail password) with `reseal`,
 * which answers undefined for a value it leaves as it is; returns how many it resealed.
 */
export async function resealCompanySecrets(
  store: Store,
  reseal: (sealed: string) => string | undefined,
  now: number,
): Promise<number> {
  return store.transaction(async (tx) => {
    let resealed = 0;
    const sso = await readSso(tx);
    const clientSecret = sso?.clientSecret && reseal(sso.clientSecret);
    if (sso && clientSecret) {
      await writeSso(tx, { ...sso, clientSecret }, now);
      resealed += 1;
    }
    const smtp = await readSmtp(tx);
    const password = smtp?.password && reseal(smtp.password);
    if (smtp && password) {
      await writeSmtp(tx, { ...smtp, password }, now);
      resealed += 1;
    }
    return resealed;
  });
}
