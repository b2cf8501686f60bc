/**
 * The benchmark's node-oidc-provider peers: its token endpoint doing the exchange ours does
 * (authorization_code, client_secret_post, a distinct code per request), with opaque access
 * tokens or, through its resource indicators, ES256-signed JWT access tokens as ours are; and,
 * on the opaque one, its authorization endpoint (a signed-in session with a grant, so it answers
 * with a code, no interaction) and its userinfo endpoint. Our numbers sit next to a mature
 * implementation measured in the same run, on the same loopback.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import { sessionCookie, userinfoToken } from './peer-session.ts';

/** `opaque`: its default access tokens, kept in its store; `jwt`: ES256 JWTs for one resource. */
export type PeerFormat = 'opaque' | 'jwt';

export interface PeerClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface Peer {
  /** Listens on 127.0.0.1:<ephemeral>. */
  server: Server;
  tokenPath: string;
  client: PeerClient;
  /** Opaque peer only: where to ask for a code, with the Cookie header of a signed-in user. */
  authorize: { path: string; cookie: string } | undefined;
  /** Opaque peer only: the userinfo endpoint and an access token (scope openid) for it. */
  userinfo: { path: string; token: string } | undefined;
  /**
   * Stores `count` fresh authorization codes for the client (as its authorization endpoint
   * would after consent) and returns them; each is redeemable once at tokenPath.
   */
  mintCodes(count: number): Promise<string[]>;
  close(): Promise<void>;
}

const ROUTES = { authorization: '/auth', token: '/token', userinfo: '/me' };
const ACCOUNT_ID = 'bench-account';
const OPENID = 'openid';
/** The JWT peer's resource server and its one scope: the token's audience, as ours has one. */
const RESOURCE = 'https://api.bench.example';
const RESOURCE_SCOPE = 'api';
/**
 * The default store forgets all but the last ~1,000 entries; pre-minted codes would be gone
 * before the load reached them. This many entries are never reached in a run.
 */
const STORE_CAPACITY = 10_000_000;
/**
 * Codes are minted before the load and must outlive its rounds: the 10-minute maximum RFC 6749
 * §4.1.2 recommends, where the default is 60 s. The other lifetimes are the defaults, set only
 * to silence the provider's "you SHOULD change it" notices.
 */
const TTL_SECONDS = {
  AuthorizationCode: 600,
  AccessToken: 3600,
  IdToken: 3600,
  Grant: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
};

/** An ES256 key, so the peer signs as we sign our access tokens (no RSA). */
async function signingKey(): Promise<object> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'bench-peer' };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * JWT access tokens need an audience: every code is for RESOURCE, whose tokens are ES256 JWTs
 * (`at+jwt`). Without `openid` in the scope the exchange signs that token and nothing else (no
 * ID token), as ours does.
 */
const JWT_RESOURCE_INDICATORS = {
  enabled: true,
  defaultResource: () => RESOURCE,
  useGrantedResource: () => true,
  getResourceServerInfo: () => ({
    scope: RESOURCE_SCOPE,
    audience: RESOURCE,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  }),
};

/** The provider and its registered client, as production would configure this one flow. */
async function createProvider(issuer: string, client: PeerClient, format: PeerFormat) {
  const store = new LRU({ maxSize: STORE_CAPACITY });
  const configuration: Configuration = {
    adapter: (model) => new MemoryAdapter(model, store),
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      ...(format === 'jwt' && { resourceIndicators: JWT_RESOURCE_INDICATORS }),
    },
    findAccount: async (_context, accountId) => ({
      accountId,
      claims: async () => ({ sub: accountId }),
    }),
    jwks: { keys: [await signingKey()] },
    // Our benchmark's exchange sends no code_verifier.
    pkce: { required: () => false },
    routes: ROUTES,
    ttl: TTL_SECONDS,
  };
  const provider = new Provider(issuer, configuration);
  const registered = await provider.Client.find(client.clientId);
  if (!registered) {
    throw new Error(`the peer's client ${client.clientId} is not registered`);
  }
  return { provider, registered };
}

/** node-oidc-provider on 127.0.0.1:<ephemeral> with one confidential client and its own store. */
export async function startPeer(format: PeerFormat): Promise<Peer> {
  const client: PeerClient = {
    clientId: 'bench-peer-client',
    clientSecret: randomBytes(32).toString('base64url'),
    redirectUri: 'https://localhost/callback',
  };
  const server = createServer();
  // The issuer names the port, so the provider is built once the server listens.
  const port = await listen(server);
  const { provider, registered } = await createProvider(
    `http://127.0.0.1:${port}`,
    client,
    format,
  ).catch((error: unknown) => {
    // A listening server would keep the process alive after the failure.
    server.close();
    throw error;
  });
  server.on('request', provider.callback());

  const scope = format === 'jwt' ? RESOURCE_SCOPE : OPENID;
  /** A grant of the scope to the client, as the user's consent would give. */
  const grant = async (): Promise<string> => {
    const granted = new provider.Grant({ accountId: ACCOUNT_ID, clientId: client.clientId });
    if (format === 'jwt') {
      granted.addResourceScope(RESOURCE, RESOURCE_SCOPE);
    } else {
      granted.addOIDCScope(OPENID);
    }
    return granted.save();
  };
  /**
   * One grant per code, as distinct users' consents would give: the store rewrites a grant's
   * index of tokens on every save, so one grant for all codes would make minting quadratic.
   */
  const mintCode = async (): Promise<string> =>
    new provider.AuthorizationCode({
      accountId: ACCOUNT_ID,
      client: registered,
      grantId: await grant(),
      redirectUri: client.redirectUri,
      scope,
      ...(format === 'jwt' && { resource: RESOURCE }),
    }).save();

  let signedIn: Pick<Peer, 'authorize' | 'userinfo'> = {
    authorize: undefined,
    userinfo: undefined,
  };
  if (format === 'opaque') {
    const grantId = await grant();
    const cookie = await sessionCookie(provider, { accountId: ACCOUNT_ID, client, grantId });
    const token = await userinfoToken(provider, { accountId: ACCOUNT_ID, registered, grantId });
    signedIn = {
      authorize: { path: ROUTES.authorization, cookie },
      userinfo: { path: ROUTES.userinfo, token },
    };
  }

  return {
    server,
    tokenPath: ROUTES.token,
    client,
    ...signedIn,
    async mintCodes(count) {
      const codes: string[] = [];
      for (let index = 0; index < count; index += 1) {
        codes.push(await mintCode());
      }
      return codes;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
