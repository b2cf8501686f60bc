/**
 * The web app's built-in OAuth2 client: public (PKCE S256, no secret, RFC 6749 §2.1), acting
 * only for the person its session cookie signs in. It is part of the server, never a row of the
 * clients table, so no administrator can create, rotate, disable or delete it.
 */
export const WEB_CLIENT_ID = 'airisk-web';

/** Its only redirect URI: the web app's callback page on this server. */
export function webClientRedirectUri(issuer: string): string {
  return `${issuer}/auth/callback`;
}

export function isWebClient(clientId: string | undefined): boolean {
  return clientId === WEB_CLIENT_ID;
}
