import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { UserRecord } from '../store/store.ts';
import type { LoginRecord } from '../store/account-store.ts';
import type { AccountDeps } from './account-deps.ts';
import { ConflictError, ValidationError } from '../lib/errors.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../lib/encryption.ts';
import { hashSecret } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import { verifyPassword } from './passwords.ts';

export const RECOVERY_CODE_COUNT = 10;
// 16 characters of 32 (80 bits): too many to guess, and SHA-256 suffices to store them. No 0/o,
// 1/l: they are read off paper.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_LENGTH = 16;
// One period either side: a phone's clock a little off still works (RFC 6238 §5.2).
const TOTP_TOLERANCE_SECONDS = 30;
const TOTP_ISSUER = 'AIRisk';
// otplib's default, which authenticator apps assume.
const TOTP_PERIOD_SECONDS = 30;

export interface TwoFactorSetup {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (an SVG document). */
  qrSvg: string;
}

export function isTwoFactorOn(login: LoginRecord | undefined): boolean {
  return typeof login?.totpSecretEncrypted === 'string';
}

/** Starts setting up TOTP: a new secret, kept pending until a code from it confirms it. */
export async function beginTwoFactor(
  { store, masterKey }: AccountDeps,
  user: UserRecord,
): Promise<TwoFactorSetup> {
  if (isTwoFactorOn(await store.logins.find(user.id))) {
    throw new ConflictError('Two-factor sign-in is on already: turn it off first to change it');
  }
  const secret = generateSecret();
  await store.logins.setPendingTotp(user.id, encryptWithMasterKey(masterKey, secret));
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { secret, otpauthUrl, qrSvg };
}

/**
 * Turns TOTP on once `code` comes from the pending secret, and returns 10 new recovery codes:
 * shown this once, stored hashed.
 */
export async function enableTwoFactor(
  deps: AccountDeps,
  userId: string,
  code: string,
): Promise<string[]> {
  const { store, clock, masterKey } = deps;
  const login = await store.logins.find(userId);
  if (isTwoFactorOn(login)) {
    throw new ConflictError('Two-factor sign-in is on already');
  }
  const pending = login?.totpPendingEncrypted;
  if (!pending) {
    throw new ConflictError('Start with POST /api/Account/TwoFactor/Begin');
  }
  const step = await totpStep(decryptWithMasterKey(masterKey, pending), code, clock.nowSeconds());
  if (step === undefined) {
    throw new ValidationError('code: not the current code of the authenticator app');
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await store.transaction(async (tx) => {
    await tx.logins.enableTotp(userId, clock.nowSeconds());
    // The confirming code is spent: whoever watched it typed cannot sign in with it.
    await tx.logins.useTotpStep(userId, step);
    await tx.recoveryCodes.replace(userId, codes.map(recoveryCodeHash));
    await recordAudit(tx, clock, { event: 'two_factor_enabled', userId });
  });
  return codes;
}

/** Turns TOTP off, after the password confirms it is the person; the recovery codes go too. */
export async function disableTwoFactor(
  { store, clock }: AccountDeps,
  userId: string,
  password: string,
): Promise<void> {
  const login = await store.logins.find(userId);
  if (!login?.passwordHash || !(await verifyPassword(login.passwordHash, password))) {
    throw new ValidationError('password: not your current password');
  }
  await store.transaction(async (tx) => {
    await tx.logins.disableTotp(userId);
    await tx.recoveryCodes.removeAll(userId);
    await recordAudit(tx, clock, { event: 'two_factor_disabled', userId });
  });
}

/**
 * Whether `code` is the current TOTP code or an unused recovery code (which it then spends).
 * What looks like six digits is tried as TOTP only.
 */
export async function checkSecondFactor(
  { store, clock, masterKey }: AccountDeps,
  login: LoginRecord,
  code: string,
): Promise<'totp' | 'recovery-code' | undefined> {
  const sealed = login.totpSecretEncrypted;
  if (!sealed) {
    return undefined;
  }
  const trimmed = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const secret = decryptWithMasterKey(masterKey, sealed);
    const step = await totpStep(secret, trimmed, clock.nowSeconds());
    const isFresh = step !== undefined && (await store.logins.useTotpStep(login.userId, step));
    return isFresh ? 'totp' : undefined;
  }
  const spent = await store.recoveryCodes.consume(
    login.userId,
    recoveryCodeHash(code),
    clock.nowSeconds(),
  );
  return spent ? 'recovery-code' : undefined;
}

/** The time step whose code `code` is, within the tolerance; undefined when none. */
async function totpStep(secret: string, code: string, now: number): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) {
    return undefined;
  }
  const result = await verify({
    secret,
    token,
    epoch: now,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
  });
  // RFC 6238 §4.2: T = floor(time / period), here shifted by the drift the code matched at.
  return result.valid ? Math.floor(now / TOTP_PERIOD_SECONDS) + result.delta : undefined;
}

/** `xxxx-xxxx-xxxx-xxxx`; dashes, spaces and case do not matter when it is typed back. */
function newRecoveryCode(): string {
  const chars = Array.from(
    { length: RECOVERY_CODE_LENGTH },
    () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
  ).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

function recoveryCodeHash(code: string): string {
  return hashSecret(code.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
