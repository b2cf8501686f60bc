import type { UserRecord } from './store.ts';

/** What a one-time account link is for. */
export type LinkKind = 'setup' | 'invitation' | 'reset';

/** How a session was signed in. */
export type SessionMethod = 'password' | 'sso';

/** A user's way in by password and second factor; absent until one is set. */
export interface LoginRecord {
  userId: string;
  /** argon2id (PHC string); null for an invited user who has not set one yet. */
  passwordHash: string | null;
  passwordChangedAt: number | null;
  /** The TOTP secret sealed with the master key, once two-factor sign-in is on. */
  totpSecretEncrypted: string | null;
  /** A secret being set up (shown as a QR code), until a code from it confirms it. */
  totpPendingEncrypted: string | null;
  totpEnabledAt: number | null;
  /** The TOTP time step (RFC 6238 T) last signed in with; a code of it or earlier is refused. */
  totpLastStep: number | null;
  /** Failed password sign-ins since `failedSince`. */
  failedCount: number;
  failedSince: number | null;
  /** Password sign-in is refused until then. */
  lockedUntil: number | null;
}

/** How failures lock an account: `threshold` within `windowSeconds` lock it for `lockSeconds`. */
export interface LockoutPolicy {
  threshold: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface LoginRepository {
  find(userId: string): Promise<LoginRecord | undefined>;
  /** Sets (or replaces) the password; it also lifts a lock and forgets failures. */
  setPassword(userId: string, passwordHash: string, now: number): Promise<void>;
  /**
   * Counts one failed sign-in in one statement (a failure outside the window starts a new one)
   * and, when that reaches the threshold, locks the account; returns the counts after it.
   */
  recordFailure(userId: string, now: number, policy: LockoutPolicy): Promise<LoginRecord>;
  /** Forgets failures after a successful sign-in. */
  clearFailures(userId: string): Promise<void>;
  /** Stores (or, with null, drops) a secret being set up. */
  setPendingTotp(userId: string, secretEncrypted: string | null): Promise<void>;
  /** Makes the pending secret the one in force; false when none was pending. */
  enableTotp(userId: string, now: number): Promise<boolean>;
  /**
   * Records that a TOTP code of time step `step` was used, in one conditional statement; false
   * when this or a later step was used already (a replayed code).
   */
  useTotpStep(userId: string, step: number): Promise<boolean>;
  /** Turns two-factor sign-in off, pending secret included. */
  disableTotp(userId: string): Promise<void>;
}

export interface RecoveryCodeRepository {
  /** Replaces all of the user's codes with these (hashes of). */
  replace(userId: string, codeHashes: readonly string[]): Promise<void>;
  /** Marks an unused code used, in one conditional statement; false when none matched. */
  consume(userId: string, codeHash: string, now: number): Promise<boolean>;
  countUnused(userId: string): Promise<number>;
  removeAll(userId: string): Promise<void>;
}

export interface AccountLinkRecord {
  /** SHA-256 of the link's token: the token itself is never stored. */
  tokenHash: string;
  kind: LinkKind;
  /** Null for a setup link: its user does not exist yet. */
  userId: string | null;
  email: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** The admin who created it; null for the command line or the server itself. */
  createdBy: string | null;
}

export interface AccountLinkRepository {
  insert(link: AccountLinkRecord): Promise<void>;
  find(tokenHash: string): Promise<AccountLinkRecord | undefined>;
  /**
   * Marks the link used in one conditional statement and returns it; undefined when it is
   * unknown, of another kind, expired or already used. Of concurrent calls, one gets it.
   */
  consume(tokenHash: string, kind: LinkKind, now: number): Promise<AccountLinkRecord | undefined>;
  /**
   * Spends every unused link of this kind for the user (null: the setup links) except the one
   * kept, so only the newest works; returns how many.
   */
  invalidateOthers(
    userId: string | null,
    kind: LinkKind,
    keepTokenHash: string,
    now: number,
  ): Promise<number>;
  /** Deletes links that expired before `before`. */
  purgeExpired(before: number): Promise<number>;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's secret (base64url): the cookie value is never stored. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end, whatever the activity. */
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
  revokedAt: number | null;
  method: SessionMethod;
}

export interface LiveSessionQuery {
  now: number;
  /** A session last seen before this has been idle too long. */
  idleSince: number;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  /**
   * The session with its user, in one lookup; undefined when it is unknown, revoked, expired,
   * idle since before `idleSince`, or its user is disabled (or deleted, which deletes it).
   */
  findLive(
    id: string,
    query: LiveSessionQuery,
  ): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  /** Records activity. */
  touch(id: string, now: number): Promise<void>;
  /** Revokes one live session (only the user's, when `userId` is given); false when none. */
  revoke(id: string, now: number, userId?: string): Promise<boolean>;
  /** Revokes every live session of the user but `exceptId`; returns how many. */
  revokeAllOfUser(userId: string, now: number, exceptId?: string): Promise<number>;
  /** The user's live sessions, newest first. */
  listLive(userId: string, query: LiveSessionQuery): Promise<SessionRecord[]>;
  /** Deletes sessions that ended (expired or revoked) before `before`. */
  purgeEnded(before: number): Promise<number>;
}

export interface SsoIdentityRecord {
  issuer: string;
  subject: string;
  userId: string;
  createdAt: number;
}

export interface SsoIdentityRepository {
  find(issuer: string, subject: string): Promise<SsoIdentityRecord | undefined>;
  /** Throws ConflictError when the identity is linked already. */
  insert(identity: SsoIdentityRecord): Promise<void>;
  listByUser(userId: string): Promise<SsoIdentityRecord[]>;
}
