import type { PendingSsoSignIn } from '../accounts/sso.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../lib/encryption.ts';

/**
 * The browser carries its pending sign-in (state, nonce, PKCE verifier, where to go next) to
 * the IdP and back in this cookie, sealed with the master key (AES-GCM: unreadable and
 * tamper-evident), so no server-side state is needed and any instance can finish the flow.
 */
export const SSO_COOKIE = 'airisk_sso';
/** Sent only to the SSO routes. */
export const SSO_COOKIE_PATH = '/api/Account/Sso';
/** How long a person may take at the IdP. */
export const SSO_COOKIE_SECONDS = 600;

export interface SsoCookie extends PendingSsoSignIn {
  /** A same-origin path. */
  next: string;
  /** Unix seconds: the server's own check, whatever the browser does with Max-Age. */
  expiresAt: number;
}

export function sealSsoCookie(masterKey: Buffer, cookie: SsoCookie): string {
  return encryptWithMasterKey(masterKey, JSON.stringify(cookie));
}

/** The cookie's content, or undefined when absent, altered, sealed with another key or expired. */
export function openSsoCookie(
  masterKey: Buffer,
  sealed: string | undefined,
  now: number,
): SsoCookie | undefined {
  if (!sealed) {
    return undefined;
  }
  let cookie: Partial<SsoCookie>;
  try {
    cookie = JSON.parse(decryptWithMasterKey(masterKey, sealed)) as Partial<SsoCookie>;
  } catch {
    // Any failure to open means "not a cookie we sealed": the caller answers sso_state.
    return undefined;
  }
  const { state, nonce, codeVerifier, next, expiresAt } = cookie;
  const complete =
    typeof state === 'string' &&
    typeof nonce === 'string' &&
    typeof codeVerifier === 'string' &&
    typeof next === 'string' &&
    typeof expiresAt === 'number';
  return complete && now < expiresAt ? { state, nonce, codeVerifier, next, expiresAt } : undefined;
}

const MAX_NEXT_CHARS = 2048;

/**
 * Where to land after signing in: a path on this origin, or `/`. Refuses absolute URLs,
 * protocol-relative `//host`, backslashes (browsers read `/\host` as `//host`) and control
 * characters: an open redirect would lend AIRisk's name to a phishing page.
 */
export function safeNext(next: string | undefined): string {
  if (
    !next ||
    next.length > MAX_NEXT_CHARS ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.includes('\\') ||
    [...next].some((char) => char < ' ' || char === '\u007f')
  ) {
    return '/';
  }
  return next;
}
