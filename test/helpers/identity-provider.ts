/**
 * A company identity provider for the SSO tests: node-oidc-provider on 127.0.0.1:<ephemeral>
 * with one confidential client (AIRisk) and accounts the test defines. Its login page is
 * replaced by a minimal interaction that signs in whichever account the test chose, so a flow
 * is only redirects, which the tests follow by hand.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import OidcProvider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

export interface IdpAccount {
  email?: string;
  /** Omitted: the IdP does not send the claim (as Entra ID does not). */
  emailVerified?: boolean;
  name?: string;
}

export interface IdentityProvider {
  /** `http://127.0.0.1:<port>`, what AIRISK_OIDC_ISSUER names. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts the IdP knows, by subject. */
  accounts: Map<string, IdpAccount>;
  /**
   * A browser at `authorizationUrl` logging in as `subject`: follows the IdP's redirects, with
   * its cookies, and returns the first URL outside the IdP (AIRisk's callback, with the code).
   */
  logIn(authorizationUrl: URL, subject: string): Promise<URL>;
  close(): Promise<void>;
}

/** The part of oidc-provider's configuration this IdP sets (the package ships no types). */
interface ProviderConfiguration {
  adapter: (model: string) => unknown;
  clients: Record<string, unknown>[];
  cookies: { keys: string[] };
  features: Record<string, { enabled: boolean }>;
  claims: Record<string, string[]>;
  findAccount: (
    context: unknown,
    accountId: string,
  ) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
  loadExistingGrant: (context: {
    oidc: { client?: { clientId: string }; session?: { accountId?: string } };
  }) => Promise<unknown>;
  jwks: { keys: object[] };
  ttl: Record<string, number>;
}

interface Provider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  readonly Grant: new (input: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: { login: { accountId: string } },
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
}

const Provider = OidcProvider as unknown as new (
  issuer: string,
  configuration: ProviderConfiguration,
) => Provider;

const SCOPES = 'openid email profile';
// The defaults, set only to silence the provider's "you SHOULD change it" notices.
const TTL_SECONDS = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  Grant: 3600,
  Interaction: 600,
  Session: 3600,
};

async function signingKey(): Promise<object> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'test-idp' };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the IdP with a client whose only redirect URI is `redirectUri` (AIRisk's callback), on
 * `port` (default: any free one).
 */
export async function startIdentityProvider(
  redirectUri: string,
  { port: wantedPort = 0 }: { port?: number } = {},
): Promise<IdentityProvider> {
  const clientId = 'airisk';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map<string, IdpAccount>();
  let nextSubject: string | undefined;

  const keys = [await signingKey()];
  const server = createServer();
  // The issuer names the port, so the provider is built once the server listens.
  const port = await listen(server, wantedPort);
  const issuer = `http://127.0.0.1:${port}`;
  // The default store, named: the provider then does not warn that it is the default.
  const store = new LRU({ maxSize: 1000 });
  const provider: Provider = new Provider(issuer, {
    adapter: (model) => new MemoryAdapter(model, store),
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_context, accountId) => {
      const account = accounts.get(accountId);
      return {
        accountId,
        claims: async () => ({
          sub: accountId,
          ...(account?.email !== undefined && { email: account.email }),
          ...(account?.emailVerified !== undefined && { email_verified: account.emailVerified }),
          ...(account?.name !== undefined && { name: account.name }),
        }),
      };
    },
    // Consent is not what these tests are about: the signed-in account has granted the scopes.
    loadExistingGrant: async (context): Promise<unknown> => {
      const accountId = context.oidc.session?.accountId;
      const client = context.oidc.client;
      if (!accountId || !client) {
        return undefined;
      }
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    jwks: { keys },
    ttl: TTL_SECONDS,
  });
  const handle = provider.callback();

  // The login page: signs in the chosen account and returns to the authorization endpoint.
  const logIn = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (nextSubject === undefined) {
      response.writeHead(400).end('the test chose no account (logIn)');
      return;
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: nextSubject } },
      { mergeWithLastSubmission: false },
    );
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith('/interaction/')) {
      logIn(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    } else {
      handle(request, response);
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    async logIn(authorizationUrl, subject) {
      nextSubject = subject;
      const jar = new Map<string, string>();
      let url = authorizationUrl;
      while (url.origin === issuer) {
        const response = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        for (const header of response.headers.getSetCookie()) {
          const [pair = ''] = header.split(';');
          jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        const location = response.headers.get('location');
        if (!location) {
          throw new Error(`the IdP answered ${response.status}: ${await response.text()}`);
        }
        url = new URL(location, url);
      }
      return url;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
