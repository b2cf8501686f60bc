import type { Clock } from '../lib/clock.ts';
import type { Config } from '../config/config.ts';
import type { Store, UserRecord } from '../store/store.ts';
import type { SessionMethod, SessionRecord } from '../store/account-store.ts';
import { generateSecret, hashSecret } from '../lib/secrets.ts';
import { NotFoundError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';

export type { SessionRecord } from '../store/account-store.ts';

export interface SessionDeps {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'sessionIdleSeconds' | 'sessionMaxSeconds'>;
}

export interface StartSessionInput {
  userId: string;
  method: SessionMethod;
  ip: string | null | undefined;
  userAgent: string | null | undefined;
}

export interface LiveSession {
  session: SessionRecord;
  user: UserRecord;
}

// Activity is written at most this often: a page of API calls must not write once per call.
const TOUCH_EVERY_SECONDS = 60;
const MAX_USER_AGENT_CHARS = 512;

/**
 * Starts a session: the cookie carries a 256-bit secret, the database only its SHA-256 (the
 * session id), so a copy of the database opens no session.
 */
export async function startSession(
  { store, clock, config }: SessionDeps,
  input: StartSessionInput,
): Promise<{ cookieValue: string; session: SessionRecord }> {
  const cookieValue = generateSecret();
  const now = clock.nowSeconds();
  const session: SessionRecord = {
    id: hashSecret(cookieValue),
    userId: input.userId,
    csrfToken: generateSecret(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + config.sessionMaxSeconds,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT_CHARS) ?? null,
    revokedAt: null,
    method: input.method,
  };
  await store.sessions.insert(session);
  return { cookieValue, session };
}

/** Signs in a person who just set their password (set-up, accepted invitation). */
export async function startPasswordSession(
  deps: SessionDeps,
  user: UserRecord,
  meta: Pick<StartSessionInput, 'ip' | 'userAgent'>,
): Promise<{ user: UserRecord; session: SessionRecord; cookieValue: string }> {
  const started = await startSession(deps, {
    userId: user.id,
    method: 'password',
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  return { user, ...started };
}

/**
 * The live session a cookie value opens, with its user; undefined when it is unknown, revoked,
 * idle too long, past its absolute end, or its user is disabled or deleted.
 */
export async function readSession(
  deps: SessionDeps,
  cookieValue: string,
): Promise<LiveSession | undefined> {
  const { store, clock, config } = deps;
  const now = clock.nowSeconds();
  const found = await store.sessions.findLive(hashSecret(cookieValue), {
    now,
    idleSince: now - config.sessionIdleSeconds,
  });
  if (found && now - found.session.lastSeenAt >= TOUCH_EVERY_SECONDS) {
    await store.sessions.touch(found.session.id, now);
    found.session.lastSeenAt = now;
  }
  return found;
}

/** Ends one session (sign-out); false when it had ended already. */
export function endSession({ store, clock }: SessionDeps, sessionId: string): Promise<boolean> {
  return store.sessions.revoke(sessionId, clock.nowSeconds());
}

/** Ends every session of the user, but `except` (the one making the change); returns how many. */
export function endUserSessions(
  { store, clock }: Pick<SessionDeps, 'store' | 'clock'>,
  userId: string,
  options: { except?: string | undefined } = {},
): Promise<number> {
  return store.sessions.revokeAllOfUser(userId, clock.nowSeconds(), options.except);
}

/** The user's live sessions, newest first. */
export function listSessions(deps: SessionDeps, userId: string): Promise<SessionRecord[]> {
  const now = deps.clock.nowSeconds();
  return deps.store.sessions.listLive(userId, {
    now,
    idleSince: now - deps.config.sessionIdleSeconds,
  });
}

/** Signs out: ends the session making the request. */
export async function signOut(deps: SessionDeps, live: LiveSession, ip: string): Promise<void> {
  await endSession(deps, live.session.id);
  await recordAudit(deps.store, deps.clock, { event: 'signed_out', userId: live.user.id, ip });
}

/** Ends one of the user's own sessions (another device); NotFoundError when none such lives. */
export async function revokeOwnSession(
  { store, clock }: SessionDeps,
  userId: string,
  sessionId: string,
  ip: string,
): Promise<void> {
  if (!(await store.sessions.revoke(sessionId, clock.nowSeconds(), userId))) {
    throw new NotFoundError('No live session of yours has this id');
  }
  await recordAudit(store, clock, { event: 'session_revoked', userId, ip });
}
