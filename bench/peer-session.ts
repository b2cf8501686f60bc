/**
 * What node-oidc-provider's authorization and userinfo endpoints need from a user, made through
 * its own models: a signed-in session (and the signed cookie that names it) holding the client's
 * grant, and an opaque access token of scope openid.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type Provider from 'oidc-provider';
import type { Client } from 'oidc-provider';
import type { PeerClient } from './peer.ts';

const SESSION_TTL_SECONDS = 3600;

/**
 * A session signed in as `accountId` that remembers the client's grant, as the provider keeps
 * one after a login and consent: with it, `loadExistingGrant` (the default) finds the grant and
 * the authorization endpoint answers with a code, no interaction. Returns the Cookie header
 * value: the session id and its signature, set through the provider's own Koa cookies (signed
 * with its `cookies.keys`), as its endpoints set it.
 */
export async function sessionCookie(
  provider: Provider,
  user: { accountId: string; client: PeerClient; grantId: string },
): Promise<string> {
  const session = new provider.Session();
  session.loginAccount({ accountId: user.accountId });
  session.grantIdFor(user.client.clientId, user.grantId);
  session.sidFor(user.client.clientId, session.uid);
  await session.save(SESSION_TTL_SECONDS);

  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  provider
    .createContext(request, response)
    .cookies.set(provider.cookieName('session'), session.jti, { signed: true });
  const setCookie = response.getHeader('set-cookie');
  const cookies = (Array.isArray(setCookie) ? setCookie : [String(setCookie)]).map(
    (cookie) => cookie.split(';')[0]!,
  );
  if (cookies.length !== 2) {
    throw new Error(`expected the session cookie and its signature, got ${cookies.join(', ')}`);
  }
  return cookies.join('; ');
}

/** An opaque access token of scope openid for the grant, as the code exchange would issue. */
export function userinfoToken(
  provider: Provider,
  user: { accountId: string; registered: Client; grantId: string },
): Promise<string> {
  return new provider.AccessToken({
    accountId: user.accountId,
    client: user.registered,
    grantId: user.grantId,
    scope: 'openid',
  }).save();
}
