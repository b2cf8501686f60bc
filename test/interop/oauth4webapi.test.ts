import * as oauth from 'oauth4webapi';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, REDIRECT_URI } from '../helpers/test-app.ts';
import {
  createListeningApp,
  followAuthorization,
  listUsersOverHttp,
  type ListeningApp,
} from '../helpers/listening-app.ts';

// A stock RFC 6749 client library, unaware of this server, completes the flow from the
// RFC 8414 discovery document alone over real HTTP.

type AuthMethod = 'client_secret_basic' | 'client_secret_post';

interface Recorded {
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch for oauth4webapi that records what the library actually sent. */
function recordingFetch(log: Recorded[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    log.push({
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
    });
    return fetch(request);
  };
}

function clientAuth(method: AuthMethod, secret: string): oauth.ClientAuth {
  return method === 'client_secret_basic'
    ? oauth.ClientSecretBasic(secret)
    : oauth.ClientSecretPost(secret);
}

async function discover(t: ListeningApp): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(t.issuer);
  const response = await oauth.discoveryRequest(issuer, {
    algorithm: 'oauth2',
    [oauth.allowInsecureRequests]: true,
  });
  return oauth.processDiscoveryResponse(issuer, response);
}

interface FlowOptions {
  method: AuthMethod;
  pkce: boolean;
  userid?: string;
  /** The secret the client presents at the token endpoint (default: its real one). */
  secret?: string;
  /** A verifier other than the one the challenge was made from. */
  wrongVerifier?: boolean;
}

/** Discovery, authorization request (302 read by hand), callback validation, token request. */
async function runFlow(t: ListeningApp, options: FlowOptions) {
  const { client, clientSecret } = await aClient(t);
  const as = await discover(t);
  const oauthClient: oauth.Client = { client_id: client.id };
  const state = oauth.generateRandomState();
  const verifier = oauth.generateRandomCodeVerifier();

  const authorizationUrl = new URL(as.authorization_endpoint as string);
  authorizationUrl.searchParams.set('client_id', client.id);
  authorizationUrl.searchParams.set('redirect_uri', REDIRECT_URI);
  authorizationUrl.searchParams.set('response_type', 'code');
  authorizationUrl.searchParams.set('state', state);
  if (options.pkce) {
    authorizationUrl.searchParams.set(
      'code_challenge',
      await oauth.calculatePKCECodeChallenge(verifier),
    );
    authorizationUrl.searchParams.set('code_challenge_method', 'S256');
  }
  if (options.userid !== undefined) {
    authorizationUrl.searchParams.set('userid', options.userid);
  }
  const callback = await followAuthorization(authorizationUrl);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  const params = oauth.validateAuthResponse(as, oauthClient, callback, state);

  const sent: Recorded[] = [];
  const codeVerifier = options.pkce
    ? options.wrongVerifier
      ? oauth.generateRandomCodeVerifier()
      : verifier
    : oauth.nopkce;
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    oauthClient,
    clientAuth(options.method, options.secret ?? clientSecret),
    params,
    REDIRECT_URI,
    codeVerifier,
    {
      [oauth.allowInsecureRequests]: true,
      [oauth.customFetch]: recordingFetch(sent),
      ...(options.userid === undefined ? {} : { additionalParameters: { userid: options.userid } }),
    },
  );
  return { client, as, sent, response };
}

describe('oauth4webapi (stock RFC 6749 client) against the listening server', () => {
  let t: ListeningApp;
  beforeEach(async () => {
    t = await createListeningApp();
  });
  afterEach(() => t.close());

  it('discovers the endpoints from the RFC 8414 document at the issuer', async () => {
    const as = await discover(t);
    expect(as.issuer).toBe(t.issuer);
    expect(as.authorization_endpoint).toBe(`${t.issuer}/api/oauth2`);
    expect(as.token_endpoint).toBe(`${t.issuer}/api/oauth2/Token`);
    expect(as.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
    expect(as.code_challenge_methods_supported).toContain('S256');
  });

  describe.each<AuthMethod>(['client_secret_basic', 'client_secret_post'])('%s', (method) => {
    it.each([
      { pkce: true, kind: 'generic' },
      { pkce: false, kind: 'generic' },
      { pkce: true, kind: 'user' },
      { pkce: false, kind: 'user' },
    ] as const)('completes the flow: PKCE $pkce, $kind token', async ({ pkce, kind }) => {
      const admin = await aUser(t, { id: 'user_42', roles: ['CompanyAdmin'] });
      const userid = kind === 'user' ? admin.id : undefined;

      const { client, as, sent, response } = await runFlow(t, {
        method,
        pkce,
        ...(userid === undefined ? {} : { userid }),
      });
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        { client_id: client.id },
        response,
      );

      // The library really used the method under test, and PKCE only when asked.
      expect(sent).toHaveLength(1);
      const body = new URLSearchParams(sent[0]!.body);
      const authorization = sent[0]!.headers.get('authorization');
      if (method === 'client_secret_basic') {
        expect(authorization).toMatch(/^Basic /);
        expect(body.has('client_secret')).toBe(false);
      } else {
        expect(authorization).toBeNull();
        expect(body.get('client_secret')).toBeTruthy();
      }
      expect(body.has('code_verifier')).toBe(pkce);
      expect(body.get('userid')).toBe(userid ?? null);

      expect(tokens.token_type).toBe('bearer'); // oauth4webapi normalises the case
      expect(tokens.expires_in).toBe(t.config.accessTokenTtlSeconds);
      const claims = decodeJwt(tokens.access_token);
      expect(claims).toMatchObject({ client_id: client.id, token_kind: kind, iss: t.issuer });
      expect(claims.userid).toBe(userid);

      const list = await listUsersOverHttp(t.issuer, tokens.access_token);
      expect(list.status, await list.clone().text()).toBe(200);
      expect(await list.json()).toEqual([expect.objectContaining({ id: 'user_42' })]);
    });
  });

  // RFC 6749 §5.2: error responses are JSON objects with `error` that the library hands back.
  it.each([
    {
      failure: 'wrong secret, client_secret_post',
      flow: { method: 'client_secret_post', pkce: true, secret: 'not-the-secret' },
      expected: { error: 'invalid_client', status: 401 },
    },
    {
      failure: 'PKCE verifier not matching the challenge',
      flow: { method: 'client_secret_basic', pkce: true, wrongVerifier: true },
      expected: { error: 'invalid_grant', error_description: 'Invalid Code', status: 400 },
    },
  ] satisfies { failure: string; flow: FlowOptions; expected: object }[])(
    'reports $expected.error to the library for a $failure',
    async ({ flow, expected }) => {
      const { client, as, response } = await runFlow(t, flow);
      const failure = await oauth
        .processAuthorizationCodeResponse(as, { client_id: client.id }, response)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure, String(failure)).toBeInstanceOf(oauth.ResponseBodyError);
      expect(failure).toMatchObject(expected);
    },
  );

  it('answers a wrong secret sent with HTTP Basic with a Basic challenge (RFC 6749 §5.2)', async () => {
    const { client, as, response } = await runFlow(t, {
      method: 'client_secret_basic',
      pkce: false,
      secret: 'not-the-secret',
    });
    const failure = await oauth
      .processAuthorizationCodeResponse(as, { client_id: client.id }, response)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(failure).toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ scheme: 'basic' })],
    });
  });
});
