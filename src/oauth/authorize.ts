import type { ClientRecord } from '../store/store.ts';
import { generateSecret, hashSecret } from '../lib/secrets.ts';
import { parseUrl } from '../lib/parse-url.ts';
import type { OAuthDeps, RequestContext } from './oauth-deps.ts';
import { auditRecord, recordAudit } from '../audit/audit.ts';
import { findClient } from './find-client.ts';
import { OAuthError } from './oauth-error.ts';
import { matchesRegisteredRedirectUri } from './redirect-uri.ts';
import { isValidCodeChallenge } from './pkce.ts';
import { isWebClient } from '../vocabulary/web-client.ts';
import { webClientRecord } from './web-client.ts';

/** The person the request's session cookie signs in, read only for the web app's client. */
export interface SignedIn {
  sessionId: string;
  userId: string;
}

export interface AuthorizeContext extends RequestContext {
  signedIn: () => Promise<SignedIn | undefined>;
}

export interface AuthorizeParams {
  client_id?: string | undefined;
  redirect_uri?: string | undefined;
  state?: string | undefined;
  userid?: string | undefined;
  response_type?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
}

/**
 * GET /api/oauth2 (spec §2). Errors before the client and redirect URI are verified are thrown,
 * so they are answered directly (RFC 6749 §4.1.2.1: never redirect to an unverified URI); later
 * ones travel to the client in the redirect. Returns the Location to redirect to.
 */
export async function authorize(
  deps: OAuthDeps,
  params: AuthorizeParams,
  context: AuthorizeContext,
): Promise<string> {
  const isWeb = isWebClient(params.client_id);
  const client = isWeb ? webClientRecord(deps) : await checkClient(deps, params.client_id);
  const redirect = checkRedirectUri(client, params.redirect_uri);
  try {
    checkResponseType(params.response_type);
    const codeChallenge = checkCodeChallenge(params);
    const { userId, sessionId } = isWeb
      ? await checkWebRequest(params, codeChallenge, context)
      : { userId: await checkUser(deps, params.userid), sessionId: null };
    // One commit for the code and its audit record: the hot path's cost is in commits.
    const code = await issueAuthorizationCode(
      deps,
      { client, redirectUri: redirect.href, userId, codeChallenge, sessionId },
      context,
    );
    return withParameters(redirect.url, { code, state: params.state });
  } catch (error) {
    if (!(error instanceof OAuthError)) {
      throw error;
    }
    deps.metrics.oauthDenied(error.code);
    await recordAudit(deps.store, deps.clock, {
      event: 'authorization_denied',
      outcome: 'failure',
      clientId: client.id,
      userId: params.userid,
      ip: context.ip,
      reason: `${error.code}: ${error.description}`,
    });
    return withParameters(redirect.url, {
      error: error.code,
      error_description: error.description,
      state: params.state,
    });
  }
}

async function checkClient(deps: OAuthDeps, clientId: string | undefined): Promise<ClientRecord> {
  if (!clientId) {
    throw OAuthError.invalidRequest('Invalid client_id: the client_id query parameter is required');
  }
  const client = await findClient(deps, clientId);
  if (!client || client.disabledAt !== null) {
    throw OAuthError.invalidClient('Invalid client_id: no enabled client has this id');
  }
  return client;
}

/** The redirect URI as sent (what the code is bound to) and parsed (what is redirected to). */
interface Redirect {
  href: string;
  url: URL;
}

function checkRedirectUri(client: ClientRecord, redirectUri: string | undefined): Redirect {
  if (!redirectUri) {
    throw OAuthError.invalidRequest('The redirect_uri query parameter is required');
  }
  // A loopback URI's port is the request's own (RFC 8252 §7.3), so the matched URI must still
  // parse before anything is redirected to it: a bad one is a direct 400, never a 500.
  const url = parseUrl(redirectUri);
  // The web app's callback is on this server: exactly that URI, whatever the issuer's host.
  const isRegistered = isWebClient(client.id)
    ? client.redirectUris.includes(redirectUri)
    : matchesRegisteredRedirectUri(redirectUri, client.redirectUris);
  if (!isRegistered || !url) {
    throw OAuthError.invalidRequest(
      'redirect_uri is not registered for this client; it must match a registered URI exactly (a loopback IP may use any port from 1 to 65535)',
    );
  }
  return { href: redirectUri, url };
}

function checkResponseType(responseType: string | undefined): void {
  if (responseType !== undefined && responseType !== 'code') {
    throw OAuthError.unsupportedResponseType(responseType);
  }
}

function checkCodeChallenge(params: AuthorizeParams): string | null {
  const { code_challenge: challenge, code_challenge_method: method } = params;
  if (challenge === undefined) {
    if (method !== undefined) {
      throw OAuthError.invalidRequest('code_challenge_method was sent without code_challenge');
    }
    return null;
  }
  if (method !== 'S256') {
    throw OAuthError.invalidRequest('code_challenge_method must be S256');
  }
  if (!isValidCodeChallenge(challenge)) {
    throw OAuthError.invalidRequest(
      'code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]',
    );
  }
  return challenge;
}

/**
 * The web app's client (a public one) gets a code only with PKCE, and only for the person its
 * session cookie signs in: never for a userid of its choosing, whoever is signed in.
 */
async function checkWebRequest(
  params: AuthorizeParams,
  codeChallenge: string | null,
  context: AuthorizeContext,
): Promise<{ userId: string; sessionId: string }> {
  if (codeChallenge === null) {
    throw OAuthError.invalidRequest(
      'code_challenge is required: the web app is a public client and must use PKCE (S256)',
    );
  }
  if (params.userid !== undefined) {
    throw OAuthError.invalidRequest(
      'userid is not accepted: the web app acts for the signed-in person only',
    );
  }
  const signedIn = await context.signedIn();
  if (!signedIn) {
    throw OAuthError.loginRequired('Nobody is signed in: sign in to the web app first');
  }
  return signedIn;
}

async function checkUser({ store }: OAuthDeps, userId: string | undefined): Promise<string | null> {
  if (!userId) {
    return null;
  }
  const user = await store.users.findById(userId);
  if (!user) {
    throw OAuthError.accessDenied('userid does not name an existing user');
  }
  if (user.disabledAt !== null) {
    throw OAuthError.accessDenied('The user is disabled');
  }
  return userId;
}

interface CodeBinding {
  client: ClientRecord;
  redirectUri: string;
  userId: string | null;
  codeChallenge: string | null;
  sessionId: string | null;
}

/** A random single-use code; only its hash is stored, bound to everything the exchange must repeat. */
async function issueAuthorizationCode(
  { store, clock, settings, metrics }: OAuthDeps,
  binding: CodeBinding,
  context: AuthorizeContext,
): Promise<string> {
  const code = generateSecret();
  const now = clock.nowSeconds();
  await store.issueCode(
    {
      codeHash: hashSecret(code),
      clientId: binding.client.id,
      redirectUri: binding.redirectUri,
      userId: binding.userId,
      codeChallenge: binding.codeChallenge,
      sessionId: binding.sessionId,
      createdAt: now,
      expiresAt: now + settings.codeTtlSeconds,
    },
    auditRecord(clock, {
      event: 'code_issued',
      clientId: binding.client.id,
      userId: binding.userId,
      ip: context.ip,
      details: { pkce: binding.codeChallenge !== null },
    }),
  );
  metrics.codeIssued(binding.userId === null ? 'generic' : 'user');
  return code;
}

/** Adds parameters to the redirect URI, keeping the query it already has. */
function withParameters(redirect: URL, parameters: Record<string, string | undefined>): string {
  const url = new URL(redirect);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) {
      url.searchParams.append(name, value);
    }
  }
  return url.href;
}
