/**
 * The benchmark's second peer: @node-oauth/oauth2-server's token endpoint doing the exchange ours
 * does (authorization_code, client_secret_post, a distinct code per request), behind a bare
 * node:http server, over an in-memory model: what the library asks of a model, and nothing more.
 * Its access tokens are opaque (random), and it issues a refresh token with each.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import type { PeerClient } from './peer.ts';

export interface OAuth2ServerPeer {
  server: Server;
  tokenPath: string;
  client: PeerClient;
  /** Stores `count` fresh authorization codes for the client; each is redeemable once. */
  mintCodes(count: number): string[];
  close(): Promise<void>;
}

const TOKEN_PATH = '/token';
const CODE_TTL_MS = 10 * 60_000;
const USER = { id: 'bench-account' };

/** Its in-memory model: one client, codes by value, tokens kept as a store would keep them. */
function memoryModel(client: PeerClient) {
  const registered: OAuth2Server.Client = {
    id: client.clientId,
    redirectUris: [client.redirectUri],
    grants: ['authorization_code'],
  };
  const secret = Buffer.from(client.clientSecret);
  const codes = new Map<string, OAuth2Server.AuthorizationCode>();
  const tokens = new Map<string, OAuth2Server.Token>();
  const model: OAuth2Server.AuthorizationCodeModel = {
    getClient: async (clientId, clientSecret) => {
      const given = Buffer.from(clientSecret ?? '');
      return clientId === registered.id &&
        given.length === secret.length &&
        timingSafeEqual(given, secret)
        ? registered
        : undefined;
    },
    getAuthorizationCode: async (code) => codes.get(code),
    saveAuthorizationCode: async (code, _client, user) => {
      const saved = { ...code, client: registered, user };
      codes.set(code.authorizationCode, saved);
      return saved;
    },
    revokeAuthorizationCode: async (code) => codes.delete(code.authorizationCode),
    saveToken: async (token, _client, user) => {
      const saved = { ...token, client: registered, user };
      tokens.set(token.accessToken, saved);
      return saved;
    },
    getAccessToken: async (accessToken) => tokens.get(accessToken),
  };
  const mint = (): string => {
    const authorizationCode = randomBytes(32).toString('base64url');
    codes.set(authorizationCode, {
      authorizationCode,
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
      redirectUri: client.redirectUri,
      scope: ['openid'],
      client: registered,
      user: USER,
    });
    return authorizationCode;
  };
  return { model, mint };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

/** POST /token through the library's own Request, Response and token handler. */
function tokenRoute(oauth: OAuth2Server) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== TOKEN_PATH) {
      response.writeHead(404).end();
      return;
    }
    const body = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const oauthRequest = new OAuth2Server.Request({
      headers: request.headers as Record<string, string>,
      method: request.method ?? 'GET',
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const oauthResponse = new OAuth2Server.Response();
    try {
      await oauth.token(oauthRequest, oauthResponse);
    } catch {
      // The response carries the error's status and body.
    }
    response.writeHead(oauthResponse.status ?? 500, {
      ...oauthResponse.headers,
      'content-type': 'application/json',
    });
    response.end(JSON.stringify(oauthResponse.body));
  };
}

export async function startOAuth2ServerPeer(): Promise<OAuth2ServerPeer> {
  const client: PeerClient = {
    clientId: 'bench-peer2-client',
    clientSecret: randomBytes(32).toString('base64url'),
    redirectUri: 'https://localhost/callback',
  };
  const { model, mint } = memoryModel(client);
  const route = tokenRoute(new OAuth2Server({ model }));
  const server = createServer((request, response) => {
    route(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    server,
    tokenPath: TOKEN_PATH,
    client,
    mintCodes: (count) => Array.from({ length: count }, mint),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
