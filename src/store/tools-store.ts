import type {
  ApiAuthKind,
  DatabaseEngine,
  HttpMethod,
  ParameterLocation,
  ParameterType,
  ToolCallStatus,
} from '../vocabulary/tools.ts';
import type { ScanResult } from '../vocabulary/scanners.ts';

/** One parameter of a custom API's endpoint. */
export interface ApiParameter {
  name: string;
  in: ParameterLocation;
  type: ParameterType;
  /** Told to the model. */
  description: string;
  required: boolean;
  /** A JSON value sent when the model gives none; null: none. */
  default: unknown;
  /** The admin's value (`default`), never the model's: the model is not told of it. */
  fixed: boolean;
}

/** How a custom API's calls authenticate; `secret` names a custom secret (never a value). */
export type ApiAuth =
  | { kind: Extract<ApiAuthKind, 'none'> }
  | { kind: Extract<ApiAuthKind, 'apiKey'>; in: 'header' | 'query'; name: string; secret: string }
  | { kind: Extract<ApiAuthKind, 'basic'>; username: string; secret: string }
  | { kind: Extract<ApiAuthKind, 'bearer'>; secret: string }
  | {
      kind: Extract<ApiAuthKind, 'oauth2ClientCredentials'>;
      tokenUrl: string;
      clientId: string;
      secret: string;
      scope: string | null;
    }
  | {
      kind: Extract<ApiAuthKind, 'userToken'>;
      /** The SetUserToken provider name the user's token is stored under. */
      provider: string;
      /** The header it goes in (Authorization unless said), with `scheme` before it when set. */
      header: string;
      scheme: string | null;
    };

export interface CustomApiRecord {
  id: string;
  /** The tool's name as the model sees it; unique case-insensitively. */
  name: string;
  /** Told to the model: what the API does and when to call it. */
  description: string;
  /** http(s) URL the path is appended to; its host is the only one calls go to. */
  baseUrl: string;
  method: HttpMethod;
  /** Appended to baseUrl; `{name}` marks a path parameter. */
  path: string;
  parameters: ApiParameter[];
  auth: ApiAuth;
  /** A JSONPath (RFC 9535) selecting what of a JSON response the model gets; null: all of it. */
  responsePath: string | null;
  maxResponseBytes: number;
  timeoutMs: number;
  createdAt: number;
  updatedAt: number;
}

export interface DatabaseQueryParameter {
  name: string;
  type: Exclude<ParameterType, 'object' | 'array'>;
  description: string;
  required: boolean;
}

/** An admin-written query the model fills in: `$1`… are its parameters, in order. */
export interface DatabaseQuery {
  /** The tool is `<database name>_<query name>`. */
  name: string;
  description: string;
  sql: string;
  parameters: DatabaseQueryParameter[];
}

export interface CustomDatabaseRecord {
  id: string;
  /** Unique case-insensitively; prefixes its tools' names. */
  name: string;
  description: string;
  engine: DatabaseEngine;
  /** The custom secret holding the connection string (a read-only role's). */
  connectionSecret: string;
  queries: DatabaseQuery[];
  /** Also offers `<name>_sql`: the model's own SELECT, read-only, capped and timed out. */
  allowModelSql: boolean;
  maxRows: number;
  statementTimeoutMs: number;
  createdAt: number;
  updatedAt: number;
}

/** What the agent may call: custom APIs and databases, by id. */
export interface AgentTools {
  customApiIds: string[];
  customDatabaseIds: string[];
}

/** One tool call of a turn, stored with the answer. */
export interface ToolCallRecord {
  /** The engine's id for the call. */
  id: string;
  tool: string;
  kind: 'api' | 'database';
  /** As the model gave them. */
  arguments: unknown;
  status: ToolCallStatus;
  /** What the model was given, after the scanners (redacted); null when it failed. */
  result: string | null;
  /** Why it failed or was refused, as the model was told. */
  error: string | null;
  scans: ScanResult[] | null;
  startedAt: number;
  durationMs: number;
}

export interface CustomApiRepository {
  /** By name. */
  list(): Promise<CustomApiRecord[]>;
  findById(id: string): Promise<CustomApiRecord | undefined>;
  /** Case-insensitively. */
  findByName(name: string): Promise<CustomApiRecord | undefined>;
  /** Throws ConflictError when the name is taken. */
  insert(api: CustomApiRecord): Promise<void>;
  /** False when absent; throws ConflictError when the new name is taken. */
  update(api: CustomApiRecord): Promise<boolean>;
  /** False when absent; throws ConflictError while an agent uses it. */
  remove(id: string): Promise<boolean>;
  /** The agents that may call it, by name. */
  usedBy(id: string): Promise<{ id: string; name: string }[]>;
}

export interface CustomDatabaseRepository {
  list(): Promise<CustomDatabaseRecord[]>;
  findById(id: string): Promise<CustomDatabaseRecord | undefined>;
  findByName(name: string): Promise<CustomDatabaseRecord | undefined>;
  insert(database: CustomDatabaseRecord): Promise<void>;
  update(database: CustomDatabaseRecord): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  usedBy(id: string): Promise<{ id: string; name: string }[]>;
}

export interface AgentToolRepository {
  /** Empty lists when the agent has none (or does not exist). */
  find(agentId: string): Promise<AgentTools>;
  /** Replaces the agent's tools; unknown ids throw NotFoundError-free FK errors (checked first). */
  set(agentId: string, tools: AgentTools): Promise<void>;
}
