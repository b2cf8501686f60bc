import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { endSession, endUserSessions, startSession } from '../../src/accounts/sessions.ts';
import { listClients, rotateClientSecret } from '../../src/clients/clients.ts';
import { updateUser } from '../../src/users/users.ts';
import type { UserRecord } from '../../src/store/store.ts';
import {
  aClient,
  aUser,
  createTestApp,
  REDIRECT_URI,
  TEST_ISSUER,
  type TestApp,
} from '../helpers/test-app.ts';
import {
  ACCEPT_JSON,
  authorizeRequest,
  basicAuthorization,
  expectOAuthProblem,
  listUsersStatus,
  pkcePair,
  redirectOf,
  tokenRequest,
  type Response,
} from '../helpers/oauth-requests.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';
import { createListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { cliDatabase, runCli, type CliDatabase } from '../helpers/run-cli.ts';

// The web app's built-in public client, airisk-web (issue 14): PKCE S256 and no secret; codes
// only for the person the session cookie signs in, bound to that session; its tokens end with
// the session. API clients keep their rules.

const WEB = 'airisk-web';
const CALLBACK = `${TEST_ISSUER}/auth/callback`;
const IDLE_SECONDS = 1800;
const MAX_SECONDS = 7200;

interface SignedIn {
  user: UserRecord;
  cookie: string;
  sessionId: string;
}

async function signIn(t: TestApp, user?: UserRecord): Promise<SignedIn> {
  const person = user ?? (await aUser(t));
  const { cookieValue, session } = await startSession(t, {
    userId: person.id,
    method: 'password',
    ip: '127.0.0.1',
    userAgent: 'vitest',
  });
  return { user: person, cookie: `airisk_session=${cookieValue}`, sessionId: session.id };
}

function webAuthorize(
  t: TestApp,
  cookie: string | undefined,
  params: Record<string, string> = {},
): Promise<Response> {
  return authorizeRequest(
    t,
    { client_id: WEB, redirect_uri: CALLBACK, state: 's-1', ...params },
    // JSON errors for the direct answers (without Accept, a 400 is the original's bare text).
    { headers: cookie === undefined ? ACCEPT_JSON : { ...ACCEPT_JSON, cookie } },
  );
}

/** The authorization redirect's code, for a PKCE pair of its own. */
async function webCode(t: TestApp, cookie: string): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const response = await webAuthorize(t, cookie, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const location = redirectOf(response);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('state')).toBe('s-1');
  const code = location.searchParams.get('code');
  expect(code, location.href).toBeTruthy();
  return { code: code as string, verifier };
}

function webExchange(t: TestApp, form: Record<string, string>): Promise<Response> {
  return tokenRequest(t, { form: { client_id: WEB, ...form } });
}

async function webToken(t: TestApp, cookie: string): Promise<string> {
  const { code, verifier } = await webCode(t, cookie);
  const response = await webExchange(t, { code, code_verifier: verifier, redirect_uri: CALLBACK });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string }>().access_token;
}

function revoke(t: TestApp, form: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/oauth2/Revoke',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    payload: new URLSearchParams(form).toString(),
  });
}

/** An error redirect to the web app's callback: error, description and state, no code. */
function expectWebError(response: Response, error: string, description?: RegExp): void {
  const location = redirectOf(response);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('error_description')).toMatch(description ?? /./);
  expect(location.searchParams.get('state')).toBe('s-1');
  expect(location.searchParams.has('code')).toBe(false);
}

describe('the web app’s built-in client (airisk-web)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      AIRISK_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
      AIRISK_SESSION_MAX_SECONDS: String(MAX_SECONDS),
    });
  });
  afterEach(() => t.close());

  describe('authorization', () => {
    it('gives the signed-in person a code bound to the session, and a token that acts for them', async () => {
      const { user, cookie, sessionId } = await signIn(t);
      const token = await webToken(t, cookie);

      const claims = decodeJwt(token);
      expect(claims).toMatchObject({
        client_id: WEB,
        token_kind: 'user',
        userid: user.id,
        sub: user.id,
        sid: sessionId,
      });
      expect(await listUsersStatus(t, token)).toBe(200);
      const row = await t.store.tokens.findStanding(claims.jti as string);
      expect(row?.session).toMatchObject({ revokedAt: null });
    });

    it('requires PKCE with S256', async () => {
      const { cookie } = await signIn(t);
      expectWebError(await webAuthorize(t, cookie), 'invalid_request', /code_challenge/);
      const { challenge } = pkcePair();
      expectWebError(
        await webAuthorize(t, cookie, {
          code_challenge: challenge,
          code_challenge_method: 'plain',
        }),
        'invalid_request',
        /S256/,
      );
    });

    it('refuses a userid in the query, even an admin’s session acting for someone else', async () => {
      const admin = await aUser(t, { roles: ['CompanyAdmin'] });
      const other = await aUser(t);
      const { cookie } = await signIn(t, admin);
      const { challenge } = pkcePair();
      for (const userid of [other.id, admin.id]) {
        expectWebError(
          await webAuthorize(t, cookie, {
            code_challenge: challenge,
            code_challenge_method: 'S256',
            userid,
          }),
          'invalid_request',
          /signed-in person only/,
        );
      }
    });

    it('answers login_required without a live session', async () => {
      const { challenge } = pkcePair();
      const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
      expectWebError(await webAuthorize(t, undefined, pkce), 'login_required');
      expectWebError(await webAuthorize(t, 'airisk_session=forged', pkce), 'login_required');

      const ended = await signIn(t);
      await endSession(t, ended.sessionId);
      expectWebError(await webAuthorize(t, ended.cookie, pkce), 'login_required');

      const disabled = await signIn(t);
      await updateUser(t, disabled.user.id, { disabled: true });
      expectWebError(await webAuthorize(t, disabled.cookie, pkce), 'login_required');

      const idle = await signIn(t);
      t.clock.advance(IDLE_SECONDS + 1);
      expectWebError(await webAuthorize(t, idle.cookie, pkce), 'login_required');
    });

    it('redirects only to this server’s /auth/callback, answering other URIs directly', async () => {
      const { cookie } = await signIn(t);
      const { challenge } = pkcePair();
      for (const redirectUri of [REDIRECT_URI, `${CALLBACK}/`, 'http://evil.test/auth/callback']) {
        const response = await webAuthorize(t, cookie, {
          redirect_uri: redirectUri,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        });
        expectOAuthProblem(response, 400, 'invalid_request');
        expect(response.headers.location).toBeUndefined();
      }
    });
  });

  describe('token endpoint', () => {
    it('requires the code_verifier, and spends the code on a wrong one', async () => {
      const { cookie } = await signIn(t);
      const { code, verifier } = await webCode(t, cookie);
      expectOAuthProblem(await webExchange(t, { code }), 400, 'invalid_request', /code_verifier/);

      const wrong = pkcePair().verifier;
      expectOAuthProblem(
        await webExchange(t, { code, code_verifier: wrong }),
        400,
        'invalid_grant',
      );
      expectOAuthProblem(
        await webExchange(t, { code, code_verifier: verifier }),
        400,
        'invalid_grant',
      );
    });

    it('refuses a client secret sent for it, in the body or with HTTP Basic', async () => {
      const { cookie } = await signIn(t);
      const { code, verifier } = await webCode(t, cookie);
      expectOAuthProblem(
        await webExchange(t, { code, code_verifier: verifier, client_secret: 'guess' }),
        401,
        'invalid_client',
      );
      const basic = await tokenRequest(t, {
        form: { code, code_verifier: verifier },
        headers: { authorization: basicAuthorization(WEB, 'guess') },
      });
      expectOAuthProblem(basic, 401, 'invalid_client');
      // The code was not spent on either.
      const good = await webExchange(t, { code, code_verifier: verifier });
      expect(good.statusCode, good.body).toBe(200);
    });

    it('gives an API client’s code nothing: codes are bound to their client', async () => {
      const credentials = await aClient(t);
      const user = await aUser(t);
      const { verifier, challenge } = pkcePair();
      const code = await getCode(t, credentials, { userid: user.id, codeChallenge: challenge });
      expectOAuthProblem(
        await webExchange(t, { code, code_verifier: verifier }),
        400,
        'invalid_grant',
      );
    });
  });

  describe('its tokens end with the session', () => {
    it.each([
      ['signed out (session ended)', (t: TestApp, s: SignedIn) => endSession(t, s.sessionId)],
      [
        'every session of the user ended',
        (t: TestApp, s: SignedIn) => endUserSessions(t, s.user.id, {}),
      ],
      [
        'the user disabled',
        (t: TestApp, s: SignedIn) => updateUser(t, s.user.id, { disabled: true }),
      ],
      ['the session idle too long', (t: TestApp) => t.clock.advance(IDLE_SECONDS + 1)],
    ])('%s: refused at once, cached or not', async (_case, end) => {
      const signedIn = await signIn(t);
      const token = await webToken(t, signedIn.cookie);
      // Twice: the second answer comes from this process's caches.
      expect(await listUsersStatus(t, token)).toBe(200);
      expect(await listUsersStatus(t, token)).toBe(200);

      await end(t, signedIn);

      expect(await listUsersStatus(t, token)).toBe(401);
    });

    it('at the session’s absolute end, however active it was', async () => {
      const { cookie } = await signIn(t);
      // Keep the session active by renewing the token, as the web app does.
      let token = await webToken(t, cookie);
      for (let elapsed = 0; elapsed + 1200 < MAX_SECONDS; elapsed += 1200) {
        t.clock.advance(1200);
        token = await webToken(t, cookie);
      }
      expect(await listUsersStatus(t, token)).toBe(200);
      t.clock.advance(1200);
      expect(await listUsersStatus(t, token)).toBe(401);
      expectWebError(
        await webAuthorize(t, cookie, {
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        }),
        'login_required',
      );
    });

    it('leaves the person’s other sessions and their tokens alone', async () => {
      const user = await aUser(t);
      const first = await signIn(t, user);
      const second = await signIn(t, user);
      const firstToken = await webToken(t, first.cookie);
      const secondToken = await webToken(t, second.cookie);
      await endSession(t, first.sessionId);
      expect(await listUsersStatus(t, firstToken)).toBe(401);
      expect(await listUsersStatus(t, secondToken)).toBe(200);
    });
  });

  describe('revocation (RFC 7009 §2.1, public client)', () => {
    it('revokes its own token by client_id alone', async () => {
      const { cookie } = await signIn(t);
      const token = await webToken(t, cookie);
      const other = await webToken(t, cookie);
      expect(await listUsersStatus(t, token)).toBe(200);

      const response = await revoke(t, { client_id: WEB, token });

      expect(response.statusCode, response.body).toBe(200);
      expect(await listUsersStatus(t, token)).toBe(401);
      expect(await listUsersStatus(t, other)).toBe(200);
    });

    it('only its own tokens, never with a secret, and an API client cannot revoke its tokens', async () => {
      const credentials = await aClient(t);
      const user = await aUser(t);
      const apiToken = await getToken(t, credentials, { userid: user.id });
      const { cookie } = await signIn(t);
      const webTokenValue = await webToken(t, cookie);

      expectOAuthProblem(
        await revoke(t, { client_id: WEB, token: apiToken }),
        400,
        'unauthorized_client',
      );
      expectOAuthProblem(
        await revoke(t, { client_id: WEB, client_secret: 'x', token: webTokenValue }),
        401,
        'invalid_client',
      );
      expectOAuthProblem(
        await revoke(
          t,
          { token: webTokenValue },
          {
            authorization: basicAuthorization(credentials.client.id, credentials.clientSecret),
          },
        ),
        400,
        'unauthorized_client',
      );
      expect(await listUsersStatus(t, apiToken)).toBe(200);
      expect(await listUsersStatus(t, webTokenValue)).toBe(200);
    });

    it('cannot introspect: that stays for confidential clients', async () => {
      const { cookie } = await signIn(t);
      const token = await webToken(t, cookie);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oauth2/Introspect',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        payload: new URLSearchParams({ client_id: WEB, token }).toString(),
      });
      expectOAuthProblem(response, 401, 'invalid_client');
    });
  });

  describe('API clients are unchanged', () => {
    it('a session cookie gives an API client nothing: without userid its code is generic', async () => {
      const credentials = await aClient(t);
      const { cookie } = await signIn(t);
      const response = await authorizeRequest(
        t,
        { client_id: credentials.client.id, redirect_uri: REDIRECT_URI },
        { headers: { cookie } },
      );
      const code = redirectOf(response).searchParams.get('code') as string;
      const token = await tokenRequest(t, {
        form: {
          client_id: credentials.client.id,
          client_secret: credentials.clientSecret,
          code,
        },
      });
      expect(token.statusCode, token.body).toBe(200);
      const claims = decodeJwt(token.json<{ access_token: string }>().access_token);
      expect(claims).toMatchObject({ token_kind: 'generic' });
      expect(claims.userid).toBeUndefined();
      expect(claims.sid).toBeUndefined();
    });

    it('an API client cannot use /auth/callback unless it registered it', async () => {
      const unregistered = await aClient(t);
      const user = await aUser(t);
      const refused = await authorizeRequest(
        t,
        { client_id: unregistered.client.id, redirect_uri: CALLBACK, userid: user.id },
        { headers: ACCEPT_JSON },
      );
      expectOAuthProblem(refused, 400, 'invalid_request');
      expect(refused.headers.location).toBeUndefined();

      const registered = await aClient(t, [CALLBACK]);
      const code = await getCode(t, registered, { userid: user.id, redirectUri: CALLBACK });
      expect(code).toBeTruthy();
    });

    it('the built-in client is not stored, listed or changeable as an API client', async () => {
      expect(await t.store.clients.findById(WEB)).toBeUndefined();
      expect((await listClients(t)).map((c) => c.id)).not.toContain(WEB);
      await expect(rotateClientSecret(t, WEB)).rejects.toThrow(/built-in public client/);
    });

    it('discovery advertises the public client authentication method (none)', async () => {
      const metadata = (
        await t.app.inject({ url: '/.well-known/oauth-authorization-server' })
      ).json<Record<string, unknown>>();
      expect(metadata.token_endpoint_auth_methods_supported).toEqual(
        expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
      );
      expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    });
  });
});

describe('strict token requests and the built-in client', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ AIRISK_STRICT_TOKEN_REQUEST: 'true' });
  });
  afterEach(() => t.close());

  it('requires its redirect_uri, but no userid: the web app never names a user', async () => {
    const { cookie } = await signIn(t);
    const { code, verifier } = await webCode(t, cookie);
    expectOAuthProblem(
      await webExchange(t, { code, code_verifier: verifier }),
      400,
      'invalid_request',
      /redirect_uri/,
    );
    const response = await webExchange(t, {
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('rate limits and the built-in client', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ AIRISK_RATE_LIMIT_PER_CLIENT: '3', AIRISK_RATE_LIMIT_PER_IP: '0' });
  });
  afterEach(() => t.close());

  it('has no per-client budget: its users share its id, so one would let anyone lock all out', async () => {
    const { cookie } = await signIn(t);
    // Two requests each (authorization and token): past an API client's budget of 3 a minute.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await webToken(t, cookie);
    }
    const credentials = await aClient(t);
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await authorizeRequest(t, {
        client_id: credentials.client.id,
        redirect_uri: REDIRECT_URI,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([302, 302, 302, 429]);
  });
});

describe('`airisk clients` and the built-in client', () => {
  let db: CliDatabase;
  beforeEach(async () => {
    db = await cliDatabase();
  });
  afterEach(() => db.drop());

  it('refuses to rotate, disable, unlock or delete airisk-web, and does not list it', async () => {
    const env = { AIRISK_DATABASE_URL: db.url };
    for (const command of ['rotate-secret', 'disable', 'enable', 'unlock', 'delete']) {
      const result = await runCli(['clients', command, WEB], env);
      expect(result.code, `${command}: ${result.stdout}`).toBe(1);
      expect(result.stderr).toMatch(/built-in public client/);
    }
    const listed = await runCli(['--json', 'clients', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(WEB);
  });
});

describe('the web app’s silent renewal over real HTTP', () => {
  let t: ListeningApp;
  beforeEach(async () => {
    t = await createListeningApp();
  });
  afterEach(() => t.close());

  it('fetch follows the redirect to /auth/callback, whose URL carries the code', async () => {
    const { cookie } = await signIn(t);
    const { verifier, challenge } = pkcePair();
    const authorizeUrl = new URL('/api/oauth2', t.issuer);
    authorizeUrl.search = new URLSearchParams({
      client_id: WEB,
      redirect_uri: `${t.issuer}/auth/callback`,
      response_type: 'code',
      state: 'silent',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();

    // What the SPA does with credentials: 'same-origin': the browser sends the cookie.
    const response = await fetch(authorizeUrl, { headers: { cookie } });

    expect(response.redirected).toBe(true);
    const landed = new URL(response.url);
    expect(`${landed.origin}${landed.pathname}`).toBe(`${t.issuer}/auth/callback`);
    expect(landed.searchParams.get('state')).toBe('silent');
    const code = landed.searchParams.get('code') as string;
    expect(code).toBeTruthy();

    const token = await fetch(`${t.issuer}/api/oauth2/Token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: WEB, code, code_verifier: verifier }),
    });
    expect(token.status, await token.clone().text()).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const users = await fetch(`${t.issuer}/api/Users/ListUsers`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    expect(users.status).toBe(200);
  });

  it('without a session, lands on /auth/callback with error=login_required', async () => {
    const authorizeUrl = new URL('/api/oauth2', t.issuer);
    authorizeUrl.search = new URLSearchParams({
      client_id: WEB,
      redirect_uri: `${t.issuer}/auth/callback`,
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(authorizeUrl);
    const landed = new URL(response.url);
    expect(landed.pathname).toBe('/auth/callback');
    expect(landed.searchParams.get('error')).toBe('login_required');
  });
});
