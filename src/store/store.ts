import type { AuditEventName } from '../vocabulary/audit-events.ts';
import type { Role } from '../vocabulary/roles.ts';
import type {
  AgentRepository,
  ConversationRepository,
  DefaultAgentRepository,
  FileRepository,
  MessageRepository,
} from './chat-store.ts';
import type { CompanySettingsRepository, ScanEventRepository } from './scanner-store.ts';
import type {
  AccountLinkRepository,
  LoginRepository,
  RecoveryCodeRepository,
  SessionRepository,
  SsoIdentityRepository,
} from './account-store.ts';
import type { ActivityRepository } from './activity-store.ts';
import type { UsageRepository } from './usage-store.ts';
import type { ComplianceRepository } from './compliance-store.ts';
import type { MonitoringRepository } from './monitoring-store.ts';
import type { MonitoringNotificationRepository } from './monitoring-notifications-store.ts';
import type { DashboardRepository } from './dashboards-store.ts';
import type { CustomSecretRepository, SealedValueRepository } from './secrets-store.ts';
import type { ArchiveRepository } from './archive-store.ts';
import type {
  AgentToolRepository,
  CustomApiRepository,
  CustomDatabaseRepository,
} from './tools-store.ts';

/**
 * The small storage interface the domain sees. Each repository returns `undefined` for "absent"
 * and throws only on faults; uniqueness and single use are enforced by the database itself.
 */
export interface Store {
  readonly clients: ClientRepository;
  readonly users: UserRepository;
  readonly codes: AuthorizationCodeRepository;
  readonly tokens: IssuedTokenRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly groups: GroupRepository;
  readonly credentials: CredentialRepository;
  readonly rateLimits: RateLimitRepository;
  readonly audit: AuditRepository;
  readonly agents: AgentRepository;
  readonly defaultAgents: DefaultAgentRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly files: FileRepository;
  readonly companySettings: CompanySettingsRepository;
  readonly scanEvents: ScanEventRepository;
  readonly logins: LoginRepository;
  readonly recoveryCodes: RecoveryCodeRepository;
  readonly accountLinks: AccountLinkRepository;
  readonly sessions: SessionRepository;
  readonly ssoIdentities: SsoIdentityRepository;
  readonly activity: ActivityRepository;
  readonly usage: UsageRepository;
  readonly compliance: ComplianceRepository;
  readonly monitoring: MonitoringRepository;
  readonly monitoringNotifications: MonitoringNotificationRepository;
  readonly dashboards: DashboardRepository;
  readonly customSecrets: CustomSecretRepository;
  readonly sealedValues: SealedValueRepository;
  readonly archive: ArchiveRepository;
  readonly customApis: CustomApiRepository;
  readonly customDatabases: CustomDatabaseRepository;
  readonly agentTools: AgentToolRepository;
  /**
   * Differs from every earlier value once a client, a user or a token's revocation may have
   * changed, in this process or another. Read it before reading what is to be cached; while it is
   * undefined, cache nothing.
   */
  cacheVersion(): number | undefined;
  /** Each runs in a transaction of its own, refused inside another. */
  issueCode: CodePath['issueCode'];
  redeemCode: CodePath['redeemCode'];
  /** Runs `work` in one database transaction, committed when it resolves. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  /** Brings the query planner's statistics up to date where the tables have grown. */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

export interface ClientRecord {
  id: string;
  name: string;
  secretHash: string;
  redirectUris: string[];
  createdAt: number;
  disabledAt: number | null;
  /** The secret before the last rotation, accepted until previousSecretExpiresAt. */
  previousSecretHash: string | null;
  previousSecretExpiresAt: number | null;
  lockedUntil: number | null;
}

export interface ClientRepository {
  insert(client: ClientRecord): Promise<void>;
  findById(id: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  /**
   * Replaces the secret; `previous` keeps the old one working until its expiry. This and the
   * updates below return false when no such client exists.
   */
  setSecretHash(
    id: string,
    secretHash: string,
    previous: { hash: string; expiresAt: number } | null,
  ): Promise<boolean>;
  setLockedUntil(id: string, lockedUntil: number | null): Promise<boolean>;
  setDisabledAt(id: string, disabledAt: number | null): Promise<boolean>;
  /** Changes what an administrator may edit, in one statement. */
  update(id: string, changes: ClientChanges): Promise<boolean>;
  remove(id: string): Promise<boolean>;
}

export type ClientChanges = Partial<Pick<ClientRecord, 'name' | 'redirectUris' | 'disabledAt'>>;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdAt: number;
  /** When the user was disabled; a disabled user's tokens fail and no new ones are issued. */
  disabledAt: number | null;
  /** The agent the user's chat opens with (set through the agents' store); null for none. */
  defaultAgentId: string | null;
}

/** A user as created: no default agent yet. */
export type NewUserRecord = Omit<UserRecord, 'defaultAgentId'>;

export interface UserWithGroupIds extends UserRecord {
  /** In id order. */
  groupIds: string[];
}

export interface UserPageQuery {
  limit: number;
  offset: number;
  /** Keyset: only users whose lower-cased email sorts after this one (cheap on any page). */
  afterEmail?: string | undefined;
  /** Case-insensitive substring of name or email. */
  search?: string | undefined;
}

export type UserChanges = Partial<Pick<UserRecord, 'email' | 'name' | 'roles' | 'disabledAt'>>;

export interface UserRepository {
  /** Throws ConflictError when the id or the email (case-insensitively) is taken. */
  insert(user: NewUserRecord): Promise<void>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** The user with this email, in any case. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** A page in a stable order (by email). */
  list(query: UserPageQuery): Promise<UserRecord[]>;
  /** The same page, each user with the ids of its groups: one statement, however many users. */
  listWithGroupIds(query: UserPageQuery): Promise<UserWithGroupIds[]>;
  /** Applies the changes; undefined when absent. Throws ConflictError when the email is taken. */
  update(id: string, changes: UserChanges): Promise<UserRecord | undefined>;
  /**
   * Ids of enabled CompanyAdmins. Inside a transaction on PostgreSQL it locks their rows, so
   * concurrent demotions are decided one after the other (SQLite transactions already are).
   */
  lockActiveAdmins(): Promise<string[]>;
  /** Deletes the user with its codes and tokens; false when absent. */
  remove(id: string): Promise<boolean>;
}

export interface AuthorizationCodeRecord {
  codeHash: string;
  clientId: string;
  redirectUri: string;
  userId: string | null;
  codeChallenge: string | null;
  /** The web app's session the code was issued in; absent or null for API clients. */
  sessionId?: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface AuthorizationCodeRepository {
  insert(code: AuthorizationCodeRecord): Promise<void>;
  /** True when this client's code exists and was already used (a replay). */
  isConsumed(codeHash: string, clientId: string): Promise<boolean>;
  /** Deletes codes that expired before `before`. */
  purgeExpired(before: number): Promise<number>;
}

/**
 * A token request's claim on a code, as data, so that each store can redeem it in one
 * transaction (SQLite) or one statement (PostgreSQL): the code is consumed when it is the
 * client's, unused and unexpired; the token and its audit record are written only when it also
 * meets every term below.
 */
export interface CodeRedemption {
  codeHash: string;
  clientId: string;
  now: number;
  /** The redirect URI sent, which must be the code's; null when none was sent. */
  redirectUri: string | null;
  /** The userid sent, which must be the code's; null when none was sent. */
  userId: string | null;
  /** With no userid sent, a user's code is refused (strict mode). */
  userIdRequired: boolean;
  /**
   * The S256 challenge of the verifier sent (RFC 7636 §4.6), or null when none was sent. A code
   * with a challenge needs its verifier, a code without one refuses a verifier.
   */
  verifierChallenge: string | null;
  /** A user's code is refused and left unused: the generic Bearer is required and was not sent. */
  userCodeNeedsBearer: boolean;
  /** The token issued from the code: its user and session are the code's. */
  token: { jti: string; expiresAt: number };
  /** The record of the issue; its user is the code's, its details depend on the token's kind. */
  audit: Omit<AuditEventRecord, 'userId' | 'details'> & {
    details: { generic: Record<string, unknown>; user: Record<string, unknown> };
  };
}

export type RedemptionOutcome =
  | { outcome: 'issued'; userId: string | null; sessionId: string | null }
  /** Unknown, expired, used or another client's: nothing changed. */
  | { outcome: 'unavailable' }
  /** Consumed, but a term failed (or its user is disabled or gone): no token. */
  | { outcome: 'mismatch' }
  | { outcome: 'bearer-required' };

/**
 * The OAuth2 hot path's writes, each one commit: in the SQL fastest on each dialect
 * (code-path-sqlite.ts, code-path-postgres.ts).
 */
export interface CodePath {
  /** Stores a new code and the audit record of its issue. */
  issueCode(code: AuthorizationCodeRecord, audit: AuditEventRecord): Promise<void>;
  /** Of any number of concurrent redemptions of one code, at most one consumes it. */
  redeemCode(redemption: CodeRedemption): Promise<RedemptionOutcome>;
}

export interface IssuedTokenRecord {
  jti: string;
  clientId: string;
  userId: string | null;
  codeHash: string | null;
  /** The web app's session the token lives with; absent or null for API clients. */
  sessionId?: string | null;
  issuedAt: number;
  expiresAt: number;
}

/** What a bearer check needs to know about a token beyond its signature, in one lookup. */
export interface TokenStanding {
  revokedAt: number | null;
  clientDisabledAt: number | null;
  userDisabledAt: number | null;
  /** The user's current roles; undefined for a generic token. */
  userRoles: Role[] | undefined;
  /** For a token of the web app: its session as it is now (absent for API clients' tokens). */
  session?: TokenSession;
}

/** What decides whether a web app token's session still lives (idle expiry needs settings). */
export interface TokenSession {
  revokedAt: number | null;
  lastSeenAt: number;
  expiresAt: number;
}

export interface IssuedTokenRepository {
  insert(token: IssuedTokenRecord): Promise<void>;
  /** Undefined when the token is unknown, or its client, user or session no longer exists. */
  findStanding(jti: string): Promise<TokenStanding | undefined>;
  /** Revokes every token issued from the code; returns how many. */
  revokeByCode(codeHash: string, now: number): Promise<number>;
  /** Revokes one token, only if it was issued to this client; returns how many (0 or 1). */
  revoke(jti: string, clientId: string, now: number): Promise<number>;
  /** Revokes every live token of a user, or of a client; returns how many. */
  revokeAll(owner: { userId: string } | { clientId: string }, now: number): Promise<number>;
  /** Deletes tokens that expired before `before`; they can no longer be presented. */
  purgeExpired(before: number): Promise<number>;
}

export interface SigningKeyRecord {
  kid: string;
  algorithm: string;
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: number;
  /** Signs from then on; null: since creation. */
  activatesAt: number | null;
  /** Leaves the JWKS then; null: not scheduled. */
  retiredAt: number | null;
}

export interface SigningKeyRepository {
  insert(key: SigningKeyRecord): Promise<void>;
  /** Keys still published at `now`, newest first (by creation, then by their time-ordered kid). */
  listPublished(now: number): Promise<SigningKeyRecord[]>;
  /** Schedules every other published key to leave the JWKS at `retireAt`. */
  retireOthers(kid: string, retireAt: number): Promise<void>;
}

export interface RateLimitRepository {
  /**
   * Counts `amount` hits (default 1) on each key in the window, in one statement, and returns
   * each key's count so far; shared by every instance on the database.
   */
  hit(keys: readonly string[], windowStart: number, amount?: number): Promise<Map<string, number>>;
  /** Forgets a key's counts (an admin lifting a lock-out). */
  reset(key: string): Promise<void>;
  /** Deletes windows that started before `before`. */
  purgeBefore(before: number): Promise<number>;
}

export type AuditOutcome = 'success' | 'failure';

export interface AuditEventRecord {
  id: string;
  at: number;
  event: AuditEventName;
  outcome: AuditOutcome;
  clientId: string | null;
  userId: string | null;
  ip: string | null;
  reason: string | null;
  /** Never a secret, code or token. */
  details: Record<string, unknown>;
}

export interface AuditQuery {
  limit: number;
  offset: number;
  since?: number | undefined;
  until?: number | undefined;
  event?: string | undefined;
  userId?: string | undefined;
  clientId?: string | undefined;
  /** Keyset: only events after this one in newest-first order (an export reads page by page). */
  before?: AuditCursor | undefined;
}

/** An event's place in newest-first order: by `at`, then by `id`, both descending. */
export interface AuditCursor {
  at: number;
  id: string;
}

export interface AuditRepository {
  insert(event: AuditEventRecord): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditEventRecord[]>;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  createdAt: number;
}

export interface GroupWithCount extends GroupRecord {
  memberCount: number;
}

export interface GroupPageQuery {
  limit: number;
  offset: number;
  search?: string | undefined;
}

export interface GroupRepository {
  /** Throws ConflictError when the name is taken (case-insensitively). */
  insert(group: GroupRecord): Promise<void>;
  findById(id: string): Promise<GroupRecord | undefined>;
  /** Groups whose names match, case-insensitively. */
  findByNames(names: readonly string[]): Promise<GroupRecord[]>;
  /** The renamed group, or undefined when absent; ConflictError when the name is taken (any case). */
  rename(id: string, name: string): Promise<GroupRecord | undefined>;
  /** A page ordered by name. */
  list(query: GroupPageQuery): Promise<GroupWithCount[]>;
  /** Deletes the group and its memberships, never its users; false when absent. */
  remove(id: string): Promise<boolean>;
  /** False when the user already was a member. */
  addMember(groupId: string, userId: string, now: number): Promise<boolean>;
  /** False when the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  /** Members ordered by email. */
  listMembers(groupId: string): Promise<UserRecord[]>;
  /** The ids of the groups each of these users belongs to. */
  groupIdsOfUsers(userIds: readonly string[]): Promise<Map<string, string[]>>;
}

export interface CredentialRecord {
  userId: string;
  provider: string;
  secretEncrypted: string;
  last4: string;
  updatedAt: number;
}

export interface CredentialRepository {
  /** Sets or replaces the user's credential for the provider. */
  upsert(credential: CredentialRecord): Promise<void>;
  /** False when none was set. */
  remove(userId: string, provider: string): Promise<boolean>;
  /** The sealed secret of the user's credential for the provider, if set. */
  findSecret(userId: string, provider: string): Promise<string | undefined>;
  /** The user's credentials without their secrets, by provider. */
  list(userId: string): Promise<Omit<CredentialRecord, 'secretEncrypted'>[]>;
}
