import type { FastifyInstance } from 'fastify';
import type { OAuthTarget } from './protocol.ts';

/**
 * An access token obtained as a client would: authorize, then exchange. A generic token for the
 * bearer workloads; with `userid`, that user's token.
 */
export async function accessToken(
  app: FastifyInstance,
  oauth: OAuthTarget,
  userid?: string,
): Promise<string> {
  const query = new URLSearchParams({
    client_id: oauth.clientId,
    redirect_uri: oauth.redirectUri,
    ...(userid !== undefined && { userid }),
  });
  const authorize = await app.inject({
    method: 'GET',
    url: `${oauth.authorizePath}?${query.toString()}`,
  });
  const location = authorize.headers.location;
  const code = typeof location === 'string' ? new URL(location).searchParams.get('code') : null;
  if (authorize.statusCode !== 302 || !code) {
    throw new Error(`authorize answered ${authorize.statusCode}: ${authorize.body}`);
  }
  const token = await app.inject({
    method: 'POST',
    url: oauth.tokenPath,
    payload: {
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      redirect_uri: oauth.redirectUri,
      code,
    },
  });
  if (token.statusCode !== 200) {
    throw new Error(`the token endpoint answered ${token.statusCode}: ${token.body}`);
  }
  return token.json<{ access_token: string }>().access_token;
}
