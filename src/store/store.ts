import type { Role } from '../users/roles.ts';

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
  /** Runs `work` in one database transaction, committed when it resolves. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Answers when the database does (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ClientRecord {
  id: string;
  name: string;
  secretHash: string;
  redirectUris: string[];
  createdAt: number;
  disabledAt: number | null;
}

export interface ClientRepository {
  insert(client: ClientRecord): Promise<void>;
  findById(id: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  /** Each update returns false when no such client exists. */
  setSecretHash(id: string, secretHash: string): Promise<boolean>;
  setDisabledAt(id: string, disabledAt: number | null): Promise<boolean>;
  remove(id: string): Promise<boolean>;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdAt: number;
}

export interface UserPageQuery {
  limit: number;
  offset: number;
  /** Case-insensitive substring of name or email. */
  search?: string | undefined;
}

export interface UserRepository {
  /** Throws ConflictError when the id or the email (case-insensitively) is taken. */
  insert(user: UserRecord): Promise<void>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** A page in a stable order (by email). */
  list(query: UserPageQuery): Promise<UserRecord[]>;
  /** Deletes the user with its codes and tokens; false when absent. */
  remove(id: string): Promise<boolean>;
}

export interface AuthorizationCodeRecord {
  codeHash: string;
  clientId: string;
  redirectUri: string;
  userId: string | null;
  codeChallenge: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface AuthorizationCodeRepository {
  insert(code: AuthorizationCodeRecord): Promise<void>;
  /**
   * Marks the code used in one conditional statement and returns it, or undefined when it is
   * unknown, expired, already used or not the client's. Of any number of concurrent calls for
   * one code, at most one gets it back.
   */
  consume(
    codeHash: string,
    clientId: string,
    now: number,
  ): Promise<AuthorizationCodeRecord | undefined>;
  /** True when this client's code exists and was already used (a replay). */
  isConsumed(codeHash: string, clientId: string): Promise<boolean>;
}

export interface IssuedTokenRecord {
  jti: string;
  clientId: string;
  userId: string | null;
  codeHash: string | null;
  issuedAt: number;
  expiresAt: number;
}

/** What a bearer check needs to know about a token beyond its signature, in one lookup. */
export interface TokenStanding {
  revokedAt: number | null;
  clientDisabledAt: number | null;
  /** The user's current roles; undefined for a generic token. */
  userRoles: Role[] | undefined;
}

export interface IssuedTokenRepository {
  insert(token: IssuedTokenRecord): Promise<void>;
  /** Undefined when the token is unknown, or its client or user no longer exists. */
  findStanding(jti: string): Promise<TokenStanding | undefined>;
  /** Revokes every token issued from the code; returns how many. */
  revokeByCode(codeHash: string, now: number): Promise<number>;
}

export interface SigningKeyRecord {
  kid: string;
  algorithm: string;
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: number;
}

export interface SigningKeyRepository {
  insert(key: SigningKeyRecord): Promise<void>;
  /** Keys not retired, newest first. */
  listActive(): Promise<SigningKeyRecord[]>;
}
