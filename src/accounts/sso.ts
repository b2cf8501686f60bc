import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { LRUCache } from 'lru-cache';
import type { OidcConfig } from '../config/config.ts';
import type { Clock } from '../lib/clock.ts';
import type { Store, UserRecord } from '../store/store.ts';
import { constantTimeEqual } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import { SsoError, ssoUserFor, type SsoIdentity } from './sso-users.ts';

export { SsoError, type SsoErrorCode } from './sso-users.ts';

/** The identity provider's settings, and its metadata and keys, discovered once per settings. */
export interface SsoProvider {
  readonly settings: OidcConfig;
  configuration(): Promise<oidc.Configuration>;
}

export interface SsoDeps {
  store: Store;
  clock: Clock;
  provider: SsoProvider;
  /** `${AIRISK_ISSUER}/api/Account/Sso/Callback`, as registered at the identity provider. */
  redirectUri: string;
}

/** What the browser keeps between the redirect to the IdP and its way back (sealed, 10 min). */
export interface PendingSsoSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const SCOPE = 'openid email profile';
const DISCOVERY_TIMEOUT_SECONDS = 10;
const DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * Discovers the IdP on first use and keeps the result for the life of the process. A failed
 * discovery is tried once more at once and, failing again, is not kept: the next sign-in tries
 * anew, so an IdP that was down when AIRisk started is picked up when it is back.
 */
export function createSsoProvider(settings: OidcConfig): SsoProvider {
  let discovered: Promise<oidc.Configuration> | undefined;
  return {
    settings,
    configuration() {
      discovered ??= discover(settings)
        .catch(() => discover(settings))
        .catch((error: unknown) => {
          discovered = undefined;
          throw error;
        });
      return discovered;
    },
  };
}

/** At most this many discovered IdPs are kept: settings change rarely, and only the newest matter. */
const MAX_PROVIDERS = 4;

/**
 * The provider for the settings of the moment: discovery is kept per issuer, client id and
 * secret, so a change of any of them (an admin's, in this process or another) is discovered
 * anew at the next sign-in, and a change of anything else (domains, new users, the button)
 * applies at once without a discovery.
 */
export function createSsoProviders(): (settings: OidcConfig) => SsoProvider {
  const discovered = new LRUCache<string, SsoProvider>({ max: MAX_PROVIDERS });
  return (settings) => {
    const key = discoveryKey(settings);
    const provider = discovered.get(key) ?? createSsoProvider(settings);
    discovered.set(key, provider);
    return { settings, configuration: () => provider.configuration() };
  };
}

// The secret is hashed: the key says whether it changed without keeping it in the clear twice.
function discoveryKey({ issuer, clientId, clientSecret }: OidcConfig): string {
  const secret = createHash('sha256')
    .update(clientSecret ?? '')
    .digest('base64url');
  return JSON.stringify([issuer, clientId, clientSecret === undefined ? null : secret]);
}

function discover(settings: OidcConfig): Promise<oidc.Configuration> {
  // Given the discovery document's URL, use its issuer: openid-client then checks that the
  // document names that issuer (OpenID Connect Discovery §4.3).
  const issuer = new URL(
    settings.issuer.endsWith(DISCOVERY_PATH)
      ? settings.issuer.slice(0, -DISCOVERY_PATH.length)
      : settings.issuer,
  );
  return oidc.discovery(
    issuer,
    settings.clientId,
    undefined,
    // RFC 8414 §2: client_secret_basic is what every IdP supports when it says nothing.
    settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
    {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
    },
  );
}

/**
 * openid-client refuses plain http, as it should for any real IdP. The one exception is an IdP
 * on this very machine over http (the tests' oidc-provider, a developer's local Keycloak): no
 * network sits between the two, so TLS would protect nothing.
 */
function isLoopbackHttp(issuer: URL): boolean {
  return (
    issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
  );
}

/**
 * Step 1: the URL to send the browser to, and what to keep until it comes back. An IdP that
 * cannot be discovered is an SsoError (`sso_failed`).
 */
export async function beginSsoSignIn(
  deps: SsoDeps,
): Promise<{ url: URL; pending: PendingSsoSignIn }> {
  const configuration = await deps.provider.configuration().catch((error: unknown) => {
    throw new SsoError('sso_failed', 'the identity provider could not be discovered', {
      cause: error,
    });
  });
  const pending: PendingSsoSignIn = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: deps.redirectUri,
    scope: SCOPE,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, pending };
}

/**
 * Step 2: the IdP sent the browser back to `callbackUrl`. Checks state, exchanges the code
 * (PKCE, nonce and the ID token's signature, issuer and audience are checked by openid-client),
 * then the email and its domain, and finds, links or creates the user. Every outcome is
 * audited; a refusal is an SsoError whose code the browser is shown.
 */
export async function completeSsoSignIn(
  deps: SsoDeps,
  /** `pending` is undefined when the browser's cookie was missing, expired or altered. */
  input: { callbackUrl: URL; pending: PendingSsoSignIn | undefined; ip: string },
): Promise<UserRecord> {
  try {
    const identity = await identityFromCallback(deps, input.callbackUrl, input.pending);
    const { user, outcome } = await ssoUserFor(deps, identity);
    await recordAudit(deps.store, deps.clock, {
      event: 'sso_signed_in',
      userId: user.id,
      ip: input.ip,
      details: { issuer: identity.issuer, outcome },
    });
    return user;
  } catch (error) {
    const refusal = error instanceof SsoError ? error : ssoFailure(error);
    await recordAudit(deps.store, deps.clock, {
      event: 'sso_denied',
      outcome: 'failure',
      userId: refusal.userId,
      ip: input.ip,
      reason: `${refusal.code}: ${refusal.message}`,
    });
    throw refusal;
  }
}

async function identityFromCallback(
  deps: SsoDeps,
  callbackUrl: URL,
  pending: PendingSsoSignIn | undefined,
): Promise<SsoIdentity> {
  // RFC 6749 §10.12: the answer must belong to the request this browser started.
  const state = callbackUrl.searchParams.get('state') ?? '';
  if (!pending || !constantTimeEqual(state, pending.state)) {
    throw new SsoError('sso_state', 'the state does not match the sign-in this browser started');
  }
  const configuration = await deps.provider.configuration();
  const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
  });
  const idToken = tokens.claims();
  if (!idToken) {
    throw new SsoError('sso_failed', 'the identity provider sent no ID token');
  }
  // Many IdPs keep email out of the ID token of a code flow (OpenID Connect Core §5.4).
  const claims =
    typeof idToken.email === 'string'
      ? idToken
      : await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
  return {
    issuer: idToken.iss,
    subject: idToken.sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
    name: typeof claims.name === 'string' ? claims.name : undefined,
  };
}

/** Whatever else went wrong; a nonce that is not ours is a replayed or injected answer. */
function ssoFailure(error: unknown): SsoError {
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof oidc.ClientError &&
    (error.cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim === 'nonce'
  ) {
    return new SsoError('sso_state', 'the ID token nonce does not match this browser’s sign-in', {
      cause: error,
    });
  }
  return new SsoError('sso_failed', message, { cause: error });
}
