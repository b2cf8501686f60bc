import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import * as oauth from 'oauth4webapi';
import type { ToolDeps } from '../tool-deps.ts';
import type { ApiAuth, CustomApiRecord } from '../../store/tools-store.ts';
import { useSecret } from '../../secrets/custom-secrets.ts';
import { ValidationError } from '../../lib/errors.ts';
import { outboundFetch } from '../outbound/outbound-fetch.ts';
import { OutboundError } from '../outbound/outbound-error.ts';

type ClientCredentials = Extract<ApiAuth, { kind: 'oauth2ClientCredentials' }>;

interface CachedToken {
  accessToken: string;
  /** Clock seconds after which it is fetched again. */
  renewAt: number;
}

/**
 * Tokens by what obtained them: the API, its token URL, client, scope and sealed secret, so an
 * edited definition or a re-set secret gets a new token. A pending fetch is shared: calls that
 * start together ask the token endpoint once.
 */
export type OAuthTokenCache = LRUCache<string, Promise<CachedToken>>;

export function createOAuthTokenCache(): OAuthTokenCache {
  return new LRUCache({ max: 1000 });
}

// Renew a little before expiry, so a token does not lapse between the check and the API's.
const MARGIN_SECONDS = 30;
// RFC 6749 §5.1: expires_in is only RECOMMENDED; without it, ask again after this.
const UNSTATED_LIFETIME_SECONDS = 300;
// A token response is a small JSON document.
const TOKEN_RESPONSE_BYTES = 64 * 1024;

export interface TokenRequest {
  api: CustomApiRecord;
  auth: ClientCredentials;
  userId: string;
  signal: AbortSignal;
}

/** The cached token, or a new one from the token endpoint (RFC 6749 §4.4). */
export async function clientCredentialsToken(
  deps: ToolDeps,
  request: TokenRequest,
): Promise<string> {
  const key = await cacheKey(deps, request);
  const cached = deps.oauthTokens.get(key);
  if (cached !== undefined) {
    const token = await cached.catch(() => undefined);
    if (token !== undefined && token.renewAt > deps.clock.nowSeconds()) {
      return token.accessToken;
    }
  }
  const pending = requestToken(deps, request);
  deps.oauthTokens.set(key, pending);
  // A failure is not kept: the next call asks again (unless another fetch replaced this one).
  pending.catch(() => {
    if (deps.oauthTokens.get(key) === pending) {
      deps.oauthTokens.delete(key);
    }
  });
  return (await pending).accessToken;
}

/** Forgets the token: the API answered 401 to it. */
export async function dropClientCredentialsToken(
  deps: ToolDeps,
  request: TokenRequest,
): Promise<void> {
  deps.oauthTokens.delete(await cacheKey(deps, request));
}

async function cacheKey(deps: ToolDeps, { api, auth }: TokenRequest): Promise<string> {
  // The sealed value changes whenever the secret is set: no need to unseal (and audit) it here.
  const secret = await deps.store.customSecrets.find(auth.secret);
  if (secret === undefined) {
    throw new ValidationError(
      `The custom secret "${auth.secret}" that the tool "${api.name}" uses is gone: an admin must set it again (POST /api/Secrets/SetSecret)`,
    );
  }
  return createHash('sha256')
    .update(
      [api.id, auth.tokenUrl, auth.clientId, auth.scope ?? '', secret.valueEncrypted].join('\n'),
    )
    .digest('base64url');
}

async function requestToken(
  deps: ToolDeps,
  { api, auth, userId, signal }: TokenRequest,
): Promise<CachedToken> {
  const tokenUrl = new URL(auth.tokenUrl);
  const as: oauth.AuthorizationServer = { issuer: tokenUrl.origin, token_endpoint: auth.tokenUrl };
  const client: oauth.Client = { client_id: auth.clientId };
  const secret = await useSecret(deps, auth.secret, { userId, tool: api.name });
  const parameters = new URLSearchParams(auth.scope ? { scope: auth.scope } : {});
  try {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(secret),
      parameters,
      {
        [oauth.customFetch]: outboundFetch(deps.outbound, {
          timeoutMs: api.timeoutMs,
          maxResponseBytes: TOKEN_RESPONSE_BYTES,
          signal,
        }),
        // The admin chose an http token URL (an intranet's); oauth4webapi refuses those otherwise.
        [oauth.allowInsecureRequests]: tokenUrl.protocol === 'http:',
      },
    );
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    const lifetime = token.expires_in ?? UNSTATED_LIFETIME_SECONDS;
    const margin = Math.min(MARGIN_SECONDS, Math.floor(lifetime / 2));
    return {
      accessToken: token.access_token,
      renewAt: deps.clock.nowSeconds() + lifetime - margin,
    };
  } catch (error) {
    throw tokenError(error, tokenUrl.host);
  }
}

function tokenError(error: unknown, host: string): unknown {
  if (error instanceof OutboundError) {
    return new OutboundError(`Getting an OAuth2 token failed: ${error.message}`);
  }
  if (error instanceof oauth.ResponseBodyError) {
    const reason = error.error_description
      ? `${error.error}: ${error.error_description}`
      : error.error;
    return new OutboundError(
      `The token endpoint ${host} refused the client credentials (${error.status} ${reason}): an admin must check this API's clientId, secret and scope`,
    );
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new OutboundError(
      `The token endpoint ${host} refused the client credentials (${error.status}): an admin must check this API's clientId and secret`,
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof TypeError) {
    return new OutboundError(
      `The token endpoint ${host} did not answer with a usable OAuth2 token: ${error.message}`,
    );
  }
  return error;
}
