import type { Store } from '../store/store.ts';
import { NotFoundError } from '../lib/errors.ts';
import { encryptWithMasterKey } from '../lib/encryption.ts';
import { recordAudit } from '../audit/audit.ts';
import { DEFAULT_SSO_BUTTON, type SmtpSecurity, type SsoNewUsers } from '../vocabulary/company.ts';
import type { CompanyDeps } from './company-deps.ts';
import {
  readProfile,
  readSmtp,
  readSso,
  writeProfile,
  writeSmtp,
  writeSso,
  type StoredProfile,
  type StoredSmtp,
  type StoredSso,
} from './stored-settings.ts';
import {
  parseButtonLabel,
  parseClientId,
  parseCompanyName,
  parseIssuer,
  parseMailFrom,
  parseNewUsers,
  parseRetentionDays,
  parseSecret,
  parseSignInDomains,
  parseSmtpHost,
  parseSmtpPort,
  parseSmtpSecurity,
  parseSmtpUsername,
} from './company-input.ts';
import { describeCompanySettings, type CompanySettingsView } from './settings-view.ts';
import { parseArchiveAfterDays } from '../archive/retention.ts';

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Left out: the stored secret stays; null: removed (a public client). */
  clientSecret?: string | null | undefined;
  newUsers?: string | undefined;
  buttonLabel?: string | undefined;
}

export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: string;
  /** Left out: the stored one stays; null: none (no authentication). */
  username?: string | null | undefined;
  /** Left out: the stored password stays; null: removed. */
  password?: string | null | undefined;
  /** Left out: the stored one stays, else AIRISK_MAIL_FROM's. */
  from?: string | undefined;
}

/** What is left out keeps its value; null removes (sso, smtp: the environment's then apply). */
export interface CompanySettingsInput {
  name?: string | undefined;
  defaultAgentId?: string | null | undefined;
  allowedSignInDomains?: readonly string[] | undefined;
  /** null: keep the activity record forever. */
  activityRetentionDays?: number | null | undefined;
  /** null: never archive (unless an agent says otherwise). */
  archiveAfterDays?: number | null | undefined;
  sso?: SsoSettingsInput | null | undefined;
  smtp?: SmtpSettingsInput | null | undefined;
}

/** The company's settings as they apply now, secrets shown only as whether they are set. */
export async function getCompanySettings(deps: CompanyDeps): Promise<CompanySettingsView> {
  return describeCompanySettings(deps);
}

/**
 * Changes the settings given, in one transaction, and records which fields changed (never their
 * values). A default agent that does not exist is a NotFoundError; any other wrong value a
 * ValidationError naming its field.
 */
export async function updateCompanySettings(
  deps: CompanyDeps,
  input: CompanySettingsInput,
  actor: { userId: string },
): Promise<CompanySettingsView> {
  const profile = parseProfileChanges(input);
  const changed = changedFields(input);
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.nowSeconds();
    if (input.defaultAgentId) {
      await assertAgentExists(tx, input.defaultAgentId);
    }
    if (Object.keys(profile).length > 0) {
      await writeProfile(tx, mergeProfile(await readProfile(tx), profile), now);
    }
    if (input.sso !== undefined) {
      const sso = input.sso && ssoToStore(deps.masterKey, input.sso, await readSso(tx));
      await writeSso(tx, sso, now);
    }
    if (input.smtp !== undefined) {
      const smtp = input.smtp && smtpToStore(deps.masterKey, input.smtp, await readSmtp(tx));
      await writeSmtp(tx, smtp, now);
    }
    if (changed.length > 0) {
      await recordAudit(tx, deps.clock, {
        event: 'company_settings_updated',
        userId: actor.userId,
        details: { changed },
      });
    }
  });
  return describeCompanySettings(deps);
}

interface ProfileChanges {
  name?: string;
  defaultAgentId?: string | null;
  allowedSignInDomains?: string[];
  activityRetentionDays?: number | null;
  archiveAfterDays?: number | null;
}

function parseProfileChanges(input: CompanySettingsInput): ProfileChanges {
  return {
    ...(input.name !== undefined && { name: parseCompanyName(input.name) }),
    ...(input.defaultAgentId !== undefined && { defaultAgentId: input.defaultAgentId }),
    ...(input.allowedSignInDomains !== undefined && {
      allowedSignInDomains: parseSignInDomains(input.allowedSignInDomains),
    }),
    ...(input.activityRetentionDays !== undefined && {
      activityRetentionDays: parseRetentionDays(input.activityRetentionDays),
    }),
    ...(input.archiveAfterDays !== undefined && {
      archiveAfterDays: parseArchiveAfterDays(input.archiveAfterDays),
    }),
  };
}

function mergeProfile(stored: StoredProfile, changes: ProfileChanges): StoredProfile {
  const { defaultAgentId, activityRetentionDays, archiveAfterDays, ...rest } = changes;
  const merged: StoredProfile = { ...stored, ...rest };
  if (archiveAfterDays === null) {
    delete merged.archiveAfterDays;
  } else if (archiveAfterDays !== undefined) {
    merged.archiveAfterDays = archiveAfterDays;
  }
  if (activityRetentionDays === null) {
    delete merged.activityRetentionDays;
  } else if (activityRetentionDays !== undefined) {
    merged.activityRetentionDays = activityRetentionDays;
  }
  if (defaultAgentId === null) {
    delete merged.defaultAgentId;
  } else if (defaultAgentId !== undefined) {
    merged.defaultAgentId = defaultAgentId;
  }
  return merged;
}

async function assertAgentExists(store: Store, agentId: string): Promise<void> {
  if (!(await store.agents.findById(agentId))) {
    throw new NotFoundError(`defaultAgentId: no agent has the id "${agentId}"`);
  }
}

function ssoToStore(masterKey: Buffer, input: SsoSettingsInput, stored?: StoredSso): StoredSso {
  return {
    issuer: parseIssuer(input.issuer),
    clientId: parseClientId(input.clientId),
    clientSecret: sealed(masterKey, 'sso.clientSecret', input.clientSecret, stored?.clientSecret),
    newUsers:
      input.newUsers === undefined
        ? (stored?.newUsers ?? ('invited' satisfies SsoNewUsers))
        : parseNewUsers(input.newUsers),
    buttonLabel:
      input.buttonLabel === undefined
        ? (stored?.buttonLabel ?? DEFAULT_SSO_BUTTON)
        : parseButtonLabel(input.buttonLabel),
  };
}

function smtpToStore(masterKey: Buffer, input: SmtpSettingsInput, stored?: StoredSmtp): StoredSmtp {
  const security: SmtpSecurity = parseSmtpSecurity(input.security);
  return {
    host: parseSmtpHost(input.host),
    port: parseSmtpPort(input.port),
    security,
    username:
      input.username === undefined
        ? (stored?.username ?? null)
        : input.username === null
          ? null
          : parseSmtpUsername(input.username),
    password: sealed(masterKey, 'smtp.password', input.password, stored?.password),
    from: input.from === undefined ? (stored?.from ?? null) : parseMailFrom(input.from),
  };
}

/** Left out: the sealed value stored stays; null: none; a string: sealed with the master key. */
function sealed(
  masterKey: Buffer,
  field: string,
  input: string | null | undefined,
  stored: string | null | undefined,
): string | null {
  if (input === undefined) {
    return stored ?? null;
  }
  return input === null ? null : encryptWithMasterKey(masterKey, parseSecret(field, input));
}

const FIELDS = [
  'name',
  'defaultAgentId',
  'allowedSignInDomains',
  'activityRetentionDays',
  'archiveAfterDays',
  'sso',
  'smtp',
] as const;
const PART_FIELDS = {
  sso: ['issuer', 'clientId', 'clientSecret', 'newUsers', 'buttonLabel'],
  smtp: ['host', 'port', 'security', 'username', 'password', 'from'],
} as const;

/** The names of the fields the request set (`sso.clientSecret`, …), for the audit log. */
function changedFields(input: CompanySettingsInput): string[] {
  return FIELDS.flatMap((field): string[] => {
    if (input[field] === undefined) {
      return [];
    }
    if (field !== 'sso' && field !== 'smtp') {
      return [field];
    }
    const part = input[field] as Record<string, unknown> | null;
    return part === null
      ? [field]
      : PART_FIELDS[field]
          .filter((name) => part[name] !== undefined)
          .map((name) => `${field}.${name}`);
  });
}
