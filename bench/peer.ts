/**
 * The benchmark's peer: node-oidc-provider's token endpoint doing the exchange ours does
 * (authorization_code, client_secret_post, a distinct code per request), so our numbers sit next
 * to a mature implementation measured in the same run, on the same loopback.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

export interface PeerClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface Peer {
  /** Listens on 127.0.0.1:<ephemeral>; the token endpoint path, e.g. '/token'. */
  server: Server;
  tokenPath: string;
  client: PeerClient;
  /**
   * Stores `count` fresh authorization codes for the client (as its authorization endpoint
   * would after consent) and returns them; each is redeemable once at tokenPath.
   */
  mintCodes(count: number): Promise<string[]>;
  close(): Promise<void>;
}

const TOKEN_PATH = '/token';
const ACCOUNT_ID = 'bench-account';
const SCOPE = 'openid';
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
};

/** An ES256 key, so the peer signs its ID tokens as we sign our access tokens (no RSA). */
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

/** The provider and its registered client, as production would configure this one flow. */
async function createProvider(issuer: string, client: PeerClient) {
  const store = new LRU({ maxSize: STORE_CAPACITY });
  const provider = new Provider(issuer, {
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
    features: { devInteractions: { enabled: false } },
    findAccount: async (_context, accountId) => ({
      accountId,
      claims: async () => ({ sub: accountId }),
    }),
    jwks: { keys: [await signingKey()] },
    // Our benchmark's exchange sends no code_verifier.
    pkce: { required: () => false },
    routes: { token: TOKEN_PATH },
    ttl: TTL_SECONDS,
  });
  const registered = await provider.Client.find(client.clientId);
  if (!registered) {
    throw new Error(`the peer's client ${client.clientId} is not registered`);
  }
  return { provider, registered };
}

/** node-oidc-provider on 127.0.0.1:<ephemeral> with one confidential client and its own store. */
export async function startPeer(): Promise<Peer> {
  const client: PeerClient = {
    clientId: 'bench-peer-client',
    clientSecret: randomBytes(32).toString('base64url'),
    redirectUri: 'https://localhost/callback',
  };
  const server = createServer();
  // The issuer names the port, so the provider is built once the server listens.
  const port = await listen(server);
  const { provider, registered } = await createProvider(`http://127.0.0.1:${port}`, client).catch(
    (error: unknown) => {
      // A listening server would keep the process alive after the failure.
      server.close();
      throw error;
    },
  );
  server.on('request', provider.callback());

  /**
   * One grant per code, as distinct users' consents would give: the store rewrites a grant's
   * index of tokens on every save, so one grant for all codes would make minting quadratic.
   */
  const mintCode = async (): Promise<string> => {
    const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: client.clientId });
    grant.addOIDCScope(SCOPE);
    const grantId = await grant.save();
    return new provider.AuthorizationCode({
      accountId: ACCOUNT_ID,
      client: registered,
      grantId,
      redirectUri: client.redirectUri,
      scope: SCOPE,
    }).save();
  };

  return {
    server,
    tokenPath: TOKEN_PATH,
    client,
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
