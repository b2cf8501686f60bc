import type { ColumnType, Generated } from 'kysely';

/** Times are whole seconds since the Unix epoch; JSON columns hold text. */
type Seconds = number;

export interface ApiClientsTable {
  id: string;
  name: string;
  secretHash: string;
  /** JSON array of exact redirect URIs. */
  redirectUris: string;
  createdAt: Seconds;
  disabledAt: Seconds | null;
  /** The secret before the last rotation, still accepted until previousSecretExpiresAt. */
  previousSecretHash: string | null;
  previousSecretExpiresAt: Seconds | null;
  /** Too many failed authentications: refused until then, or until an admin unlocks it. */
  lockedUntil: Seconds | null;
}

export interface UsersTable {
  id: string;
  email: string;
  /** Lower-cased email; unique, so two accounts never differ only in case. */
  emailNormalized: string;
  name: string;
  /** JSON array of role names. */
  roles: string;
  createdAt: Seconds;
  disabledAt: Seconds | null;
  defaultAgentId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GroupsTable {
  id: string;
  name: string;
  /** Lower-cased name; unique, so two groups never differ only in case. */
  nameNormalized: string;
  description: string;
  createdAt: Seconds;
}

export interface GroupMembersTable {
  groupId: string;
  userId: string;
  addedAt: Seconds;
}

export interface UserCredentialsTable {
  userId: string;
  provider: string;
  /** The credential sealed with the master key (lib/encryption.ts). */
  secretEncrypted: string;
  last4: string;
  updatedAt: Seconds;
}

export interface AuthorizationCodesTable {
  codeHash: string;
  clientId: string;
  redirectUri: string;
  userId: string | null;
  codeChallenge: string | null;
  createdAt: Seconds;
  expiresAt: Seconds;
  consumedAt: Seconds | null;
  /** The web app's session the code was issued for; null for other clients. */
  sessionId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IssuedTokensTable {
  jti: string;
  clientId: string;
  userId: string | null;
  codeHash: string | null;
  issuedAt: Seconds;
  expiresAt: Seconds;
  revokedAt: Seconds | null;
  /** The web app's session the token lives with; null for other clients. */
  sessionId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: string;
  publicJwk: string;
  /** Private JWK sealed with the master key (lib/encryption.ts). */
  privateJwkEncrypted: string;
  createdAt: ColumnType<Seconds, Seconds, never>;
  /** Signs from then on (null: since creation); published in the JWKS before that. */
  activatesAt: Seconds | null;
  /** Leaves the JWKS then: after the last token it signed has expired. */
  retiredAt: Seconds | null;
}

export interface RateLimitCountersTable {
  key: string;
  windowStart: Seconds;
  count: number;
}

export interface AuditEventsTable {
  id: string;
  at: Seconds;
  event: string;
  outcome: string;
  clientId: string | null;
  userId: string | null;
  ip: string | null;
  reason: string | null;
  /** JSON object; never holds a secret, code or token. */
  details: string;
}

export interface AgentsTable {
  id: string;
  name: string;
  /** Lower-cased name; unique, so two agents never differ only in case. */
  nameNormalized: string;
  description: string;
  engine: string;
  model: string;
  endpoint: string | null;
  region: string | null;
  /** The agent's provider key sealed with the master key (lib/encryption.ts). */
  apiKeyEncrypted: string | null;
  apiKeyLast4: string | null;
  /** The name of the custom secret used as the key, instead of a key of its own. */
  apiKeySecret: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: each user's own key for the engine (SetUserToken) is used instead. */
  useUserKey: number;
  systemPrompt: string;
  temperature: number | null;
  maxMessages: number;
  maxOutputTokens: number | null;
  /** Model steps a turn with tools may take; null: DEFAULT_TOOL_STEPS. */
  maxToolSteps: ColumnType<number | null, number | null | undefined, number | null>;
  createdAt: Seconds;
  updatedAt: Seconds;
  /** JSON object: the agent's changes to the company's scanner defaults. */
  scanners: ColumnType<string, string | undefined, string>;
  /** Days after its last activity a conversation is archived; null: the company's setting. */
  archiveAfterDays: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AgentUserAssignmentsTable {
  agentId: string;
  userId: string;
  assignedAt: Seconds;
}

export interface AgentGroupAssignmentsTable {
  agentId: string;
  groupId: string;
  assignedAt: Seconds;
}

export interface CustomSecretsTable {
  name: string;
  description: string;
  valueEncrypted: string;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface CustomApisTable {
  id: string;
  name: string;
  /** Lower-cased name; unique, so two APIs (two tool names) never differ only in case. */
  nameNormalized: string;
  description: string;
  baseUrl: string;
  method: string;
  path: string;
  /** JSON array of ApiParameter. */
  parameters: string;
  /** JSON ApiAuth. */
  auth: string;
  /** The custom secret the auth names, if any: a secret in use is not deleted. */
  authSecret: string | null;
  responsePath: string | null;
  maxResponseBytes: number;
  timeoutMs: number;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface CustomDatabasesTable {
  id: string;
  name: string;
  nameNormalized: string;
  description: string;
  engine: string;
  connectionSecret: string;
  /** JSON array of DatabaseQuery. */
  queries: string;
  /** 1: the model may write its own SELECT. */
  allowModelSql: number;
  maxRows: number;
  statementTimeoutMs: number;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface AgentCustomApisTable {
  agentId: string;
  customApiId: string;
}

export interface AgentCustomDatabasesTable {
  agentId: string;
  customDatabaseId: string;
}

export interface DefaultAgentsTable {
  agentId: string;
  addedAt: Seconds;
}

export interface GroupDefaultAgentsTable {
  agentId: string;
  groupId: string;
  addedAt: Seconds;
}

export interface ConversationsTable {
  id: string;
  userId: string;
  agentId: string | null;
  title: string;
  /** JSON object of string values. */
  metadata: string;
  /** Lower-cased title and metadata values, which metadatasearch matches. */
  searchText: string;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface MessagesTable {
  id: string;
  conversationId: string;
  /** 1, 2, … within the conversation. */
  position: number;
  role: string;
  content: string;
  createdAt: Seconds;
  /** Whose conversation: usage is accounted per user and agent. */
  userId: string;
  agentId: string | null;
  engine: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  feedbackRating: number | null;
  feedbackComment: string | null;
  feedbackAt: Seconds | null;
  /** JSON array of the scan results of this message's text; null when nothing scanned it. */
  scans: string | null;
  /** JSON array of the tool calls made for this answer; null when none were. */
  toolCalls: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FilesTable {
  id: string;
  /** Whose personal file it is; null for an agent's file shared with all its users. */
  userId: string | null;
  /** Who uploaded it; null once that user was deleted. */
  uploadedBy: string | null;
  conversationId: string | null;
  agentId: string | null;
  /** The user message the file was first sent with; null until then. */
  messageId: string | null;
  name: string;
  mediaType: string;
  sizeBytes: number;
  /** The text extracted at upload; the original bytes are not kept. */
  text: string;
  createdAt: Seconds;
}

/** A company-wide setting: a JSON value under a key (e.g. the scanner defaults). */
export interface CompanySettingsTable {
  key: string;
  value: string;
  updatedAt: Seconds;
}

/** A text the scanners did not pass as it was, kept redacted (no matched text in it). */
export interface ScanEventsTable {
  id: string;
  at: Seconds;
  userId: string | null;
  agentId: string | null;
  conversationId: string | null;
  direction: string;
  verdict: string;
  /** JSON array of the scanners that did not pass it. */
  scanners: string;
  /** JSON array of finding types. */
  findingTypes: string;
  redactedText: string;
  clientIp: string | null;
}

/** A user's password and second factor, and the failed sign-ins that lock it. */
export interface UserLoginsTable {
  userId: string;
  /** argon2id PHC string. */
  passwordHash: string | null;
  passwordChangedAt: Seconds | null;
  /** TOTP secrets sealed with the master key (lib/encryption.ts). */
  totpSecretEncrypted: string | null;
  totpPendingEncrypted: string | null;
  totpEnabledAt: Seconds | null;
  /** The TOTP time step last signed in with: a code is good once, never replayed. */
  totpLastStep: number | null;
  failedCount: ColumnType<number, number | undefined, number>;
  failedSince: Seconds | null;
  lockedUntil: Seconds | null;
}

/** Single-use recovery codes of two-factor sign-in, hashed. */
export interface RecoveryCodesTable {
  userId: string;
  codeHash: string;
  usedAt: Seconds | null;
}

/** One-time links (setup, invitation, reset) by the hash of their token. */
export interface AccountLinksTable {
  tokenHash: string;
  kind: string;
  userId: string | null;
  email: string | null;
  createdAt: Seconds;
  expiresAt: Seconds;
  usedAt: Seconds | null;
  createdBy: string | null;
}

/** Server-side sessions of the web app, by the hash of the cookie's secret. */
export interface SessionsTable {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: Seconds;
  lastSeenAt: Seconds;
  expiresAt: Seconds;
  ip: string | null;
  userAgent: string | null;
  revokedAt: Seconds | null;
  method: string;
}

/** A person's account at the company's identity provider, linked to a user. */
export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: Seconds;
}

/** The activity record (migration 0009): see activity-store.ts. */
export interface ActivityEventsTable {
  seq: ColumnType<number, never, never>;
  at: Seconds;
  kind: string;
  userId: string | null;
  agentId: string | null;
  conversationId: string | null;
  messageId: string | null;
  engine: string | null;
  model: string | null;
  clientIp: string | null;
  country: string | null;
  verdict: string;
  /** JSON array of the scanners that did not pass the text. */
  scanners: string;
  /** JSON array of finding types. */
  findingTypes: string;
  promptTokens: number | null;
  completionTokens: number | null;
  costMicros: number | null;
  feedbackRating: number | null;
  text: string;
  /** JSON object. */
  details: string;
}

export interface ActivityFindingsTable {
  seq: number;
  scanner: string;
  findingType: string;
}

/** Sums per UTC day, user, agent, model and country ('' where the event has none). */
export interface ActivityDailyTable {
  day: number;
  userId: string;
  agentId: string;
  model: string;
  country: string;
  prompts: number;
  answers: number;
  blocks: number;
  files: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

/** Events the monitoring rules have not evaluated yet. */
export interface ActivityQueueTable {
  seq: number;
}

/** Usage (migration 0010): see usage-store.ts. */
export interface ModelPricesTable {
  engine: string;
  model: string;
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  updatedAt: Seconds;
}

export interface BudgetsTable {
  id: string;
  scope: string;
  targetId: string;
  period: string;
  metric: string;
  limitValue: number;
  enforcement: string;
  createdAt: Seconds;
  updatedAt: Seconds;
}

/** Compliance searches saved by name (migration 0011). */
export interface ComplianceSearchesTable {
  id: string;
  name: string;
  /** JSON object: the search's criteria as the API takes them. */
  criteria: string;
  ownerId: string;
  createdAt: Seconds;
  updatedAt: Seconds;
}

/** Monitoring (migration 0012): see monitoring-store.ts. */
export interface MonitorRulesTable {
  id: string;
  name: string;
  kind: string;
  /** JSON object: the rule's definition as the API takes it. */
  definition: string;
  severity: string;
  /** 1 or 0. */
  enabled: number;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface MonitorIssuesTable {
  id: string;
  ruleId: string;
  subject: string;
  title: string;
  severity: string;
  status: string;
  assigneeId: string | null;
  occurrences: number;
  firstSeenAt: Seconds;
  lastSeenAt: Seconds;
  lastSeq: number;
  createdAt: Seconds;
  updatedAt: Seconds;
}

export interface MonitorIssueEventsTable {
  id: Generated<number>;
  issueId: string;
  at: Seconds;
  actorId: string | null;
  kind: string;
  /** JSON object. */
  details: string;
}

/** A saved dashboard (migration 0013). */
export interface DashboardsTable {
  id: string;
  name: string;
  /** Lower-cased name; unique, so two dashboards never differ only in case. */
  nameNormalized: string;
  /** JSON array of elements (title and query). */
  elements: string;
  createdBy: string | null;
  createdAt: Seconds;
  updatedAt: Seconds;
}

/** Monitoring notifications (migration 0014): see monitoring-notifications-store.ts. */
export interface MonitorTargetsTable {
  id: string;
  ruleId: string;
  kind: string;
  address: string;
  /** Sealed with the master key; null for email. */
  secret: string | null;
  createdAt: Seconds;
}

export interface MonitorDeliveriesTable {
  id: string;
  issueId: string;
  targetId: string;
  /** JSON object: what is sent. */
  payload: string;
  status: string;
  attempts: number;
  /** Milliseconds since the epoch: retries are seconds apart at first. */
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: Seconds;
  updatedAt: Seconds;
}

/** A compliance hold (migration 0018): see archive-store.ts. */
export interface ComplianceHoldsTable {
  id: string;
  name: string;
  kind: string;
  searchId: string | null;
  /** JSON object: the saved search's criteria when the hold was placed; null for a list. */
  criteria: string | null;
  createdBy: string | null;
  createdAt: Seconds;
}

export interface ComplianceHoldConversationsTable {
  holdId: string;
  conversationId: string;
}

/** A lease one process holds at a time (the archive run's). */
export interface MaintenanceLeasesTable {
  name: string;
  holder: string;
  expiresAt: Seconds;
}

export interface Database {
  apiClients: ApiClientsTable;
  users: UsersTable;
  authorizationCodes: AuthorizationCodesTable;
  issuedTokens: IssuedTokensTable;
  signingKeys: SigningKeysTable;
  groups: GroupsTable;
  groupMembers: GroupMembersTable;
  userCredentials: UserCredentialsTable;
  rateLimitCounters: RateLimitCountersTable;
  auditEvents: AuditEventsTable;
  agents: AgentsTable;
  agentUserAssignments: AgentUserAssignmentsTable;
  agentGroupAssignments: AgentGroupAssignmentsTable;
  defaultAgents: DefaultAgentsTable;
  customSecrets: CustomSecretsTable;
  customApis: CustomApisTable;
  customDatabases: CustomDatabasesTable;
  agentCustomApis: AgentCustomApisTable;
  agentCustomDatabases: AgentCustomDatabasesTable;
  groupDefaultAgents: GroupDefaultAgentsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  files: FilesTable;
  companySettings: CompanySettingsTable;
  scanEvents: ScanEventsTable;
  userLogins: UserLoginsTable;
  recoveryCodes: RecoveryCodesTable;
  accountLinks: AccountLinksTable;
  sessions: SessionsTable;
  ssoIdentities: SsoIdentitiesTable;
  activityEvents: ActivityEventsTable;
  activityFindings: ActivityFindingsTable;
  activityDaily: ActivityDailyTable;
  activityQueue: ActivityQueueTable;
  dashboards: DashboardsTable;
  monitorRules: MonitorRulesTable;
  monitorIssues: MonitorIssuesTable;
  monitorIssueEvents: MonitorIssueEventsTable;
  monitorTargets: MonitorTargetsTable;
  monitorDeliveries: MonitorDeliveriesTable;
  complianceSearches: ComplianceSearchesTable;
  complianceHolds: ComplianceHoldsTable;
  complianceHoldConversations: ComplianceHoldConversationsTable;
  maintenanceLeases: MaintenanceLeasesTable;
  modelPrices: ModelPricesTable;
  budgets: BudgetsTable;
}
