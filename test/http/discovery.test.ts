import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { aClient, aUser, createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';

// RFC 8414 metadata, the JWK Set that verifies our tokens offline (spec §3), health, OpenAPI.

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('GET /.well-known/oauth-authorization-server', () => {
  it('describes this server under its issuer (RFC 8414 §2)', async () => {
    const response = await t.app.inject({ url: '/.well-known/oauth-authorization-server' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const metadata = response.json<Record<string, unknown>>();
    expect(metadata).toMatchObject({
      issuer: TEST_ISSUER,
      authorization_endpoint: `${TEST_ISSUER}/api/oauth2`,
      token_endpoint: `${TEST_ISSUER}/api/oauth2/Token`,
      jwks_uri: `${TEST_ISSUER}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
  });

  it('advertises endpoints that answer on this app', async () => {
    const metadata = (await t.app.inject({ url: '/.well-known/oauth-authorization-server' })).json<
      Record<string, string>
    >();
    const jwks = await t.app.inject({ url: new URL(metadata.jwks_uri as string).pathname });
    expect(jwks.statusCode).toBe(200);
    const authorize = await t.app.inject({
      url: new URL(metadata.authorization_endpoint as string).pathname,
    });
    // Reached, and refused for want of client_id: not a 404.
    expect(authorize.statusCode).toBe(400);
  });

  it('follows AIRISK_ISSUER, including a path', async () => {
    const other = await createTestApp({ AIRISK_ISSUER: 'https://auth.example.org/airisk/' });
    try {
      const metadata = (
        await other.app.inject({ url: '/.well-known/oauth-authorization-server' })
      ).json<Record<string, string>>();
      expect(metadata.issuer).toBe('https://auth.example.org/airisk');
      expect(metadata.token_endpoint).toBe('https://auth.example.org/airisk/api/oauth2/Token');
    } finally {
      await other.close();
    }
  });
});

describe('GET /.well-known/jwks.json', () => {
  async function jwks(): Promise<JSONWebKeySet> {
    const response = await t.app.inject({ url: '/.well-known/jwks.json' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<JSONWebKeySet>();
  }

  it('publishes public EC keys only', async () => {
    const { keys } = await jwks();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.kid).toBeTruthy();
      expect(key).not.toHaveProperty('d');
    }
  });

  it('verifies an issued user token offline, with the documented header and claims', async () => {
    const client = await aClient(t);
    const user = await aUser(t, { id: 'user_42' });
    const now = t.clock.nowSeconds();
    const token = await getToken(t, client, { userid: user.id });

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await jwks()), {
      issuer: TEST_ISSUER,
      audience: TEST_ISSUER,
      currentDate: new Date(now * 1000),
    });

    expect(protectedHeader).toEqual({ alg: 'ES256', kid: expect.any(String), typ: 'at+jwt' });
    expect((await jwks()).keys.map((key) => key.kid)).toContain(protectedHeader.kid);
    expect(payload).toEqual({
      iss: TEST_ISSUER,
      aud: TEST_ISSUER,
      sub: 'user_42',
      client_id: client.client.id,
      token_kind: 'user',
      userid: 'user_42',
      jti: expect.any(String),
      iat: now,
      exp: now + t.config.accessTokenTtlSeconds,
    });
  });

  it('verifies a generic token, whose subject is the client', async () => {
    const client = await aClient(t);
    const token = await getToken(t, client);
    const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), {
      issuer: TEST_ISSUER,
      audience: TEST_ISSUER,
      currentDate: new Date(t.clock.nowSeconds() * 1000),
    });
    expect(payload).toMatchObject({
      sub: client.client.id,
      client_id: client.client.id,
      token_kind: 'generic',
    });
    expect(payload).not.toHaveProperty('userid');
  });

  it('gives every token its own jti', async () => {
    const client = await aClient(t);
    const jtis = new Set<unknown>();
    for (let i = 0; i < 3; i += 1) {
      const token = await getToken(t, client);
      expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
      const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), {
        currentDate: new Date(t.clock.nowSeconds() * 1000),
      });
      jtis.add(payload.jti);
    }
    expect(jtis.size).toBe(3);
  });
});

describe('health', () => {
  it("answers /healthz and /readyz with 200, /healthz with package.json's version", async () => {
    const health = await t.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(health.json()).toEqual({ status: 'ok', version });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
  });

  it('answers /readyz with a 503 problem once the database is gone, /healthz still 200', async () => {
    const other = await createTestApp();
    try {
      await other.store.close();
      const ready = await other.app.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.json()).toMatchObject({
        type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
        title: 'Service Unavailable',
        status: 503,
        traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
      });
      expect((await other.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('API documentation', () => {
  interface OpenApiDocument {
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[] }>>;
    components: { securitySchemes: Record<string, unknown> };
  }

  it('serves OpenAPI 3.1 with bearerAuth on the protected routes only', async () => {
    const response = await t.app.inject({ url: '/openapi.json' });
    expect(response.statusCode, response.body).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const operation = (path: string, method: string) => doc.paths[path]?.[method];
    const bearerAuth = [{ bearerAuth: [] }];

    expect(operation('/api/oauth2', 'get')).toBeDefined();
    expect(operation('/api/oauth2', 'get')?.security).toBeUndefined();
    expect(operation('/api/oauth2/Token', 'post')).toBeDefined();
    expect(operation('/api/oauth2/Token', 'post')?.security).toBeUndefined();
    expect(operation('/api/Users/ListUsers', 'get')?.security).toEqual(bearerAuth);
    expect(operation('/api/Users/CreateUser', 'post')?.security).toEqual(bearerAuth);
    expect(operation('/api/Users/DeleteUser/{userId}', 'delete')?.security).toEqual(bearerAuth);
    expect(operation('/api/Users/DeleteUser', 'post')?.security).toEqual(bearerAuth);
    for (const [path, method] of [
      ['/api/Agents/CreateAgent', 'post'],
      ['/api/Chat/ListAgents', 'get'],
      ['/api/Chat/GetConversations', 'get'],
      ['/api/Chat/GetConversations/{agentId}', 'get'],
      ['/api/Chat/GetConversations/{agentId}/{results}/{skip}/{metadataSearch}', 'get'],
      ['/api/Chat/AskAgent', 'post'],
      ['/api/Chat/ChatWithAgent', 'post'],
      ['/api/Chat/AddFileToConversation/{conversationId}', 'post'],
      ['/api/Chat/SubmitFeedback', 'post'],
    ] as const) {
      expect(operation(path, method)?.security, `${method} ${path}`).toEqual(bearerAuth);
    }
  });

  it('serves the interactive docs as HTML', async () => {
    let response = await t.app.inject({ url: '/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      response = await t.app.inject({ url: response.headers.location as string });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
  });
});
