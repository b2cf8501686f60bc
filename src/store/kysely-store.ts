import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './store.ts';
import { openDatabase, type DatabaseOptions, type OpenedDatabase } from './database.ts';
import type { Changing } from './announce.ts';
import { runMigrations } from './migrations/migrate.ts';
import { clientRepository } from './repositories/clients.ts';
import { userRepository } from './repositories/users.ts';
import { authorizationCodeRepository } from './repositories/authorization-codes.ts';
import { issuedTokenRepository } from './repositories/issued-tokens.ts';
import { signingKeyRepository } from './repositories/signing-keys.ts';
import { groupRepository } from './repositories/groups.ts';
import { credentialRepository } from './repositories/credentials.ts';
import { rateLimitRepository } from './repositories/rate-limits.ts';
import { auditRepository } from './repositories/audit.ts';
import { agentRepository } from './repositories/agents.ts';
import { defaultAgentRepository } from './repositories/default-agents.ts';
import { customSecretRepository, sealedValueRepository } from './repositories/custom-secrets.ts';
import { conversationRepository } from './repositories/conversations.ts';
import { messageRepository } from './repositories/messages.ts';
import { fileRepository } from './repositories/files.ts';
import { companySettingsRepository } from './repositories/company-settings.ts';
import { scanEventRepository } from './repositories/scan-events.ts';
import { loginRepository } from './repositories/logins.ts';
import { recoveryCodeRepository } from './repositories/recovery-codes.ts';
import { accountLinkRepository } from './repositories/account-links.ts';
import { sessionRepository } from './repositories/sessions.ts';
import { ssoIdentityRepository } from './repositories/sso-identities.ts';
import { activityRepository } from './repositories/activity.ts';
import { usageRepository, type PriceCache } from './repositories/usage.ts';
import { VersionedCache } from '../lib/versioned-cache.ts';
import { complianceRepository } from './repositories/compliance.ts';
import { monitoringRepository } from './repositories/monitoring.ts';
import { monitoringNotificationRepository } from './repositories/monitoring-notifications.ts';
import { dashboardsRepository } from './repositories/dashboards.ts';
import { archiveRepository } from './repositories/archive.ts';
import { customApiRepository } from './repositories/custom-apis.ts';
import { customDatabaseRepository } from './repositories/custom-databases.ts';
import { agentToolRepository } from './repositories/agent-tools.ts';

type Opened = Pick<
  OpenedDatabase,
  'dialect' | 'changes' | 'codePath' | 'refreshStatistics' | 'close'
> & {
  prices: PriceCache;
};

// Engines × models priced: a few hundred at most.
const MAX_PRICES = 1_000;

/** Inside a transaction: whether it changed what caches hold. */
interface Pending {
  changed: boolean;
}

/**
 * A change is announced inside its transaction (PostgreSQL delivers it on commit), and marks
 * this process's caches stale only once committed, so that no read in between caches the old
 * state as new. Outside a transaction, the change and its announcement get one of their own.
 */
function storeOver(db: Kysely<Database>, opened: Opened, pending?: Pending): Store {
  const { dialect, changes } = opened;
  const inNewTransaction = async <T>(
    work: (trx: Kysely<Database>, pending: Pending) => Promise<T>,
  ): Promise<T> => {
    const started: Pending = { changed: false };
    const result = await db.transaction().execute((trx) => work(trx, started));
    if (started.changed) {
      changes.bump();
    }
    return result;
  };
  const changeIn = async <T>(
    trx: Kysely<Database>,
    into: Pending,
    work: (db: Kysely<Database>) => Promise<T>,
    changed: (result: T) => boolean,
  ): Promise<T> => {
    const result = await work(trx);
    if (changed(result)) {
      await changes.announce(trx);
      into.changed = true;
    }
    return result;
  };
  const ownTransaction = <T>(work: () => Promise<T>): Promise<T> =>
    pending ? Promise.reject(new Error('This runs in a transaction of its own')) : work();
  const changing: Changing = (work, changed) =>
    pending
      ? changeIn(db, pending, work, changed)
      : inNewTransaction((trx, started) => changeIn(trx, started, work, changed));
  return {
    clients: clientRepository(db, changing),
    users: userRepository(db, dialect, changing),
    groups: groupRepository(db),
    credentials: credentialRepository(db),
    rateLimits: rateLimitRepository(db),
    audit: auditRepository(db),
    codes: authorizationCodeRepository(db),
    tokens: issuedTokenRepository(db, changing),
    signingKeys: signingKeyRepository(db),
    agents: agentRepository(db),
    defaultAgents: defaultAgentRepository(db),
    customSecrets: customSecretRepository(db),
    sealedValues: sealedValueRepository(db),
    customApis: customApiRepository(db),
    customDatabases: customDatabaseRepository(db),
    agentTools: agentToolRepository(db),
    conversations: conversationRepository(db),
    messages: messageRepository(db),
    files: fileRepository(db),
    companySettings: companySettingsRepository(db),
    scanEvents: scanEventRepository(db),
    logins: loginRepository(db),
    recoveryCodes: recoveryCodeRepository(db),
    accountLinks: accountLinkRepository(db),
    sessions: sessionRepository(db),
    ssoIdentities: ssoIdentityRepository(db),
    activity: activityRepository(db),
    usage: usageRepository(db, changing, {
      cache: opened.prices,
      version: () => changes.version(),
    }),
    compliance: complianceRepository(db, dialect),
    monitoring: monitoringRepository(db, dialect),
    monitoringNotifications: monitoringNotificationRepository(db, dialect),
    dashboards: dashboardsRepository(db),
    archive: archiveRepository(db, dialect),
    transaction: (work) =>
      pending
        ? work(storeOver(db, opened, pending))
        : inNewTransaction((trx, started) => work(storeOver(trx, opened, started))),
    cacheVersion: () => changes.version(),
    issueCode: (code, audit) => ownTransaction(() => opened.codePath.issueCode(code, audit)),
    redeemCode: (redemption) => ownTransaction(() => opened.codePath.redeemCode(redemption)),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    refreshStatistics: () => opened.refreshStatistics(),
    close: () => opened.close(),
  };
}

/** Opens the database at `databaseUrl`, brings its schema up to date and returns the Store. */
export async function openStore(
  databaseUrl: string,
  options: DatabaseOptions = {},
): Promise<Store> {
  const opened = openDatabase(databaseUrl, options);
  try {
    await opened.withMigrationLock((schema) => runMigrations(opened.db, schema));
  } catch (error) {
    await opened.close();
    throw error;
  }
  return storeOver(opened.db, { ...opened, prices: new VersionedCache(MAX_PRICES) });
}
