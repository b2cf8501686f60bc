// The user token the web app calls the API with: a public OAuth2 client (`airisk-web`, PKCE S256,
// no secret) gets it silently for the person the session cookie signs in, keeps it in memory
// only, and renews it before it expires. No page ever sees the code or the verifier.

export const WEB_CLIENT_ID = 'airisk-web';
const AUTHORIZE_PATH = '/api/oauth2';
const TOKEN_PATH = '/api/oauth2/Token';
export const CALLBACK_PATH = '/auth/callback';
// Renew when 80 % of the lifetime has passed, so a call never starts with an expiring token.
const RENEW_AT = 0.8;

/** There is no live session: the person has to sign in again. */
export class SignInRequiredError extends Error {
  constructor() {
    super('Your session has ended. Sign in again.');
    this.name = 'SignInRequiredError';
  }
}

interface HeldToken {
  accessToken: string;
  expiresAt: number;
}

let held: HeldToken | undefined;
let pending: Promise<string> | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let signInRequired: () => void = () => {
  const next = location.pathname + location.search;
  location.assign(`/signin?next=${encodeURIComponent(next)}`);
};

/** What happens when the session is gone (the app shell routes to /signin without a reload). */
export function onSignInRequired(handler: () => void): void {
  signInRequired = handler;
}

/** The current token, obtaining one first when none is held or it has expired. */
export function userToken(): Promise<string> {
  if (held && held.expiresAt > Date.now()) {
    return Promise.resolve(held.accessToken);
  }
  return renewUserToken();
}

/** Obtains a new token now (one request at a time, whoever asks). */
export function renewUserToken(): Promise<string> {
  pending ??= obtainToken().finally(() => {
    pending = undefined;
  });
  return pending;
}

/** Forgets the token (sign-out): the server ends it with the session anyway. */
export function forgetUserToken(): void {
  held = undefined;
  clearTimeout(renewTimer);
}

async function obtainToken(): Promise<string> {
  const verifier = randomString(32);
  const state = randomString(16);
  const redirectUri = `${location.origin}${CALLBACK_PATH}`;
  const code = await authorize({
    redirectUri,
    state,
    challenge: await s256(verifier),
  });
  const response = await fetch(TOKEN_PATH, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: WEB_CLIENT_ID,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) {
    throw new Error(`The server refused the sign-in token (HTTP ${response.status}).`);
  }
  const body = (await response.json()) as { access_token: string; expires_in: number };
  const lifetimeMs = body.expires_in * 1000;
  held = { accessToken: body.access_token, expiresAt: Date.now() + lifetimeMs };
  clearTimeout(renewTimer);
  renewTimer = setTimeout(() => {
    // A failed background renewal is retried by the next call that needs the token.
    renewUserToken().catch(() => undefined);
  }, lifetimeMs * RENEW_AT);
  return body.access_token;
}

/**
 * RFC 6749 §4.1.1 with RFC 7636 PKCE: the request carries the session cookie, the server
 * redirects to /auth/callback on this origin, and fetch follows it; response.url holds the
 * answer (the page body, the app's index.html, is not needed).
 */
async function authorize(request: {
  redirectUri: string;
  state: string;
  challenge: string;
}): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: WEB_CLIENT_ID,
    redirect_uri: request.redirectUri,
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${AUTHORIZE_PATH}?${query.toString()}`, {
    credentials: 'same-origin',
    redirect: 'follow',
  });
  const landed = new URL(response.url);
  if (landed.origin !== location.origin || landed.pathname !== CALLBACK_PATH) {
    throw new Error(`The authorization request did not come back (HTTP ${response.status}).`);
  }
  const answer = landed.searchParams;
  // RFC 6749 §10.12: an answer to some other request is ignored.
  if (answer.get('state') !== request.state) {
    throw new Error('The authorization answer did not match the request.');
  }
  const error = answer.get('error');
  if (error === 'login_required') {
    held = undefined;
    signInRequired();
    throw new SignInRequiredError();
  }
  const code = answer.get('code');
  if (error || !code) {
    throw new Error(`The server refused the sign-in token (${error ?? 'no code'}).`);
  }
  return code;
}

function randomString(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
