import type { UserRecord } from '../store/store.ts';
import type { LoginRecord, SessionRecord } from '../store/account-store.ts';
import type { AccountDeps, RequestMeta } from './account-deps.ts';
import { ForbiddenError, TooManyRequestsError, UnauthenticatedError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { verifyNothing, verifyPassword } from './passwords.ts';
import { checkSecondFactor, isTwoFactorOn } from './two-factor.ts';
import { startSession } from './sessions.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** A TOTP code or a recovery code, for an account with two-factor sign-in. */
  code?: string | undefined;
}

export type SignInResult =
  | { kind: 'signed-in'; user: UserRecord; session: SessionRecord; cookieValue: string }
  | { kind: 'two-factor-required' };

const IP_WINDOW_SECONDS = 60;
/**
 * Failed sign-ins one address may make a minute, over all accounts: enough for a whole office
 * behind one NAT mistyping, too few to try passwords across many accounts.
 */
export const SIGNIN_FAILURES_PER_IP = 30;

// One message for an unknown email, a wrong password and an account without a password yet:
// the answer never tells whether an account exists.
const WRONG_CREDENTIALS = 'Wrong email or password';

/**
 * Password sign-in, as a checklist: the address's failure budget, the account's lock, the
 * password (timed the same whether or not the account exists), the second factor, then a new
 * session. Failures count towards the address's limit and the account's lock-out.
 */
export async function signIn(
  deps: AccountDeps,
  input: SignInInput,
  meta: RequestMeta,
): Promise<SignInResult> {
  await checkAddressBudget(deps, meta.ip);
  const user = await deps.store.users.findByEmail(input.email);
  const login = user && (await deps.store.logins.find(user.id));
  checkNotLocked(deps, login);
  const passwordHash = login?.passwordHash;
  if (!user || !passwordHash) {
    await verifyNothing(input.password);
    return refuse(deps, meta, undefined, WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(passwordHash, input.password))) {
    return refuse(deps, meta, user, WRONG_CREDENTIALS);
  }
  if (user.disabledAt !== null) {
    throw new ForbiddenError('This account is disabled: ask an administrator');
  }
  if (isTwoFactorOn(login)) {
    if (!input.code) {
      return { kind: 'two-factor-required' };
    }
    const used = await checkSecondFactor(deps, login, input.code);
    if (!used) {
      return refuse(deps, meta, user, 'Wrong two-factor code');
    }
  }
  await deps.store.logins.clearFailures(user.id);
  const started = await startSession(deps, {
    userId: user.id,
    method: 'password',
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  await recordAudit(deps.store, deps.clock, {
    event: 'signed_in',
    userId: user.id,
    ip: meta.ip,
    details: { method: 'password', twoFactor: isTwoFactorOn(login) },
  });
  return { kind: 'signed-in', user, ...started };
}

function ipKey(ip: string): string {
  return `signin-ip:${ip}`;
}

function ipWindow(now: number): number {
  return now - (now % IP_WINDOW_SECONDS);
}

/** Refuses an address past its failure budget; counting nothing (a hit of 0 reads the count). */
async function checkAddressBudget({ store, clock }: AccountDeps, ip: string): Promise<void> {
  const now = clock.nowSeconds();
  const windowStart = ipWindow(now);
  const failures = (await store.rateLimits.hit([ipKey(ip)], windowStart, 0)).get(ipKey(ip)) ?? 0;
  if (failures >= SIGNIN_FAILURES_PER_IP) {
    await recordAudit(store, clock, {
      event: 'signin_rate_limited',
      outcome: 'failure',
      ip,
      reason: 'too many failed sign-ins from this address',
    });
    throw new TooManyRequestsError(
      `Too many failed sign-ins from this address: try again in a minute`,
      windowStart + IP_WINDOW_SECONDS - now,
      'sign_in_address',
    );
  }
}

function checkNotLocked({ clock }: AccountDeps, login: LoginRecord | undefined): void {
  const now = clock.nowSeconds();
  const lockedUntil = login?.lockedUntil ?? null;
  if (lockedUntil !== null && lockedUntil > now) {
    throw new TooManyRequestsError(
      'Too many failed sign-ins: password sign-in to this account is locked for a while',
      lockedUntil - now,
      'account_locked',
    );
  }
}

/** Counts the failure for the address and the account (locking it at the threshold), then 401. */
async function refuse(
  deps: AccountDeps,
  meta: RequestMeta,
  user: UserRecord | undefined,
  message: string,
): Promise<never> {
  const { store, clock, config } = deps;
  const now = clock.nowSeconds();
  await store.rateLimits.hit([ipKey(meta.ip)], ipWindow(now));
  if (user) {
    const login = await store.logins.recordFailure(user.id, now, {
      threshold: config.signinLockoutThreshold,
      windowSeconds: config.lockoutSeconds,
      lockSeconds: config.lockoutSeconds,
    });
    const lockedNow = login.lockedUntil !== null && login.lockedUntil > now;
    if (lockedNow) {
      await recordAudit(store, clock, {
        event: 'signin_locked',
        outcome: 'failure',
        userId: user.id,
        ip: meta.ip,
        details: { failures: login.failedCount, until: login.lockedUntil },
      });
    }
  }
  await recordAudit(store, clock, {
    event: 'signin_failed',
    outcome: 'failure',
    userId: user?.id ?? null,
    ip: meta.ip,
    reason: message,
  });
  throw new UnauthenticatedError(message);
}
