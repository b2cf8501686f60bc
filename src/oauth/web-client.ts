import type { ClientRecord } from '../store/store.ts';
import { WEB_CLIENT_ID, webClientRedirectUri } from '../vocabulary/web-client.ts';
import type { OAuthDeps } from './oauth-deps.ts';
import { OAuthError } from './oauth-error.ts';
import type { PresentedClient } from './client-auth.ts';

/**
 * The web app's built-in client as the endpoints see a client. It has no secret (an empty hash
 * matches none), is never disabled or locked, and is not stored: it cannot be changed.
 */
export function webClientRecord({ settings }: Pick<OAuthDeps, 'settings'>): ClientRecord {
  return {
    id: WEB_CLIENT_ID,
    name: 'AIRisk web app',
    secretHash: '',
    redirectUris: [webClientRedirectUri(settings.issuer)],
    createdAt: 0,
    disabledAt: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    lockedUntil: null,
  };
}

/**
 * A public client identifies itself with client_id alone (RFC 6749 §2.1, auth method `none`):
 * credentials sent for it are refused, as they would be for a client that does not have them.
 */
export function identifyWebClient(
  deps: Pick<OAuthDeps, 'settings'>,
  presented: PresentedClient,
): ClientRecord {
  if (presented.clientSecret !== undefined || presented.usedBasicAuth) {
    throw OAuthError.invalidClient(
      `${WEB_CLIENT_ID} is a public client: send client_id alone, without a client secret`,
      presented.usedBasicAuth,
    );
  }
  return webClientRecord(deps);
}
