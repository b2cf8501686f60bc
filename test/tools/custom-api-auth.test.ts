import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import {
  aSecret,
  aServer,
  anApi,
  aWorld,
  call,
  json,
  type SeenRequest,
  type TestServer,
  type World,
} from './custom-api-fixture.ts';
import { setUserToken } from '../../src/users/user-credentials.ts';

let world: World;
let server: TestServer;
/** Tokens the test's token endpoint issued, in order; the API accepts only those not revoked. */
let issued: string[];
let revoked: Set<string>;

function answer(request: SeenRequest, response: ServerResponse): void {
  if (request.url === '/token') {
    tokenEndpoint(request, response);
    return;
  }
  const bearer = /^Bearer (tok-\d+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && (!issued.includes(bearer) || revoked.has(bearer))) {
    json(response, 401, { error: 'invalid_token' });
    return;
  }
  if (request.url.startsWith('/echo-url')) {
    const key = new URL(request.url, 'http://x').searchParams.get('key');
    json(response, 200, { url: request.url, raw: key });
    return;
  }
  json(response, 200, { echo: request.headers.authorization ?? null });
}

function tokenEndpoint(request: SeenRequest, response: ServerResponse): void {
  const form = new URLSearchParams(request.body);
  if (
    basicCredentials(request) !== 'reporting-client:client-secret-1' ||
    form.get('grant_type') !== 'client_credentials'
  ) {
    json(response, 401, { error: 'invalid_client', error_description: 'unknown client' });
    return;
  }
  const token = `tok-${issued.length + 1}`;
  issued.push(token);
  json(response, 200, {
    access_token: token,
    token_type: 'Bearer',
    expires_in: 120,
    scope: form.get('scope'),
  });
}

/** RFC 6749 §2.3.1: each part form-encoded, then base64 as RFC 7617 says. */
function basicCredentials(request: SeenRequest): string {
  const encoded = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const [id = '', secret = ''] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
  return `${decode(id)}:${decode(secret)}`;
}

const tokenRequests = () => server.seen.filter((request) => request.url === '/token');

beforeEach(async () => {
  issued = [];
  revoked = new Set();
  world = await aWorld();
  server = await aServer(answer);
});

afterEach(async () => {
  await server.close();
  await world.t.close();
});

describe('custom API auth', () => {
  it('none sends no credentials', async () => {
    const api = await anApi(world, { baseUrl: server.url });

    expect(await call(world, api)).toEqual({ ok: true, text: '{"echo":null}' });
  });

  it('apiKey puts the secret in the named header, or the query, and audits its use', async () => {
    await aSecret(world, 'REPORTS_KEY', 'k-123456');
    const inHeader = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'apiKey', in: 'header', name: 'X-Api-Key', secret: 'REPORTS_KEY' },
    });
    const inQuery = await anApi(world, {
      name: 'q',
      baseUrl: server.url,
      auth: { kind: 'apiKey', in: 'query', name: 'key', secret: 'REPORTS_KEY' },
    });

    await call(world, inHeader);
    world.t.clock.advance(1);
    await call(world, inQuery);

    expect(server.seen[0]?.headers['x-api-key']).toBe('k-123456');
    expect(server.seen[1]?.url).toBe('/?key=k-123456');
    const used = await world.t.store.audit.list({ event: 'secret_used', limit: 10, offset: 0 });
    expect(used.map((event) => event.details)).toEqual([
      { name: 'REPORTS_KEY', tool: 'q' },
      { name: 'REPORTS_KEY', tool: 'lookup' },
    ]);
    expect(used.map((event) => event.userId)).toEqual([world.userId, world.userId]);
  });

  it('basic sends the username and the secret as the password; an echo of them is hidden', async () => {
    await aSecret(world, 'REPORTS_PASSWORD', 'pa:ss-word');
    const api = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'basic', username: 'svc', secret: 'REPORTS_PASSWORD' },
    });

    const output = await call(world, api);

    expect(server.seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('svc:pa:ss-word').toString('base64')}`,
    );
    expect(output).toEqual({ ok: true, text: '{"echo":"Basic [secret]"}' });
  });

  it('hides a key echoed back encoded: in a URL, or escaped in JSON', async () => {
    await aSecret(world, 'B64_KEY', 'ab+cd/ef=="x');
    const api = await anApi(world, {
      baseUrl: server.url,
      path: '/echo-url',
      auth: { kind: 'apiKey', in: 'query', name: 'key', secret: 'B64_KEY' },
    });

    const output = await call(world, api);

    expect(server.seen[0]?.url).toBe('/echo-url?key=ab%2Bcd%2Fef%3D%3D%22x');
    expect(output).toEqual({
      ok: true,
      text: '{"url":"/echo-url?key=[secret]","raw":"[secret]"}',
    });
  });

  it('bearer sends the secret as a bearer token', async () => {
    await aSecret(world, 'REPORTS_TOKEN', 'static-token-1');
    const api = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'bearer', secret: 'REPORTS_TOKEN' },
    });

    await call(world, api);

    expect(server.seen[0]?.headers.authorization).toBe('Bearer static-token-1');
  });

  it('says which secret is gone when one was deleted after the API was defined', async () => {
    await aSecret(world, 'REPORTS_TOKEN', 'static-token-1');
    const api = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'bearer', secret: 'REPORTS_TOKEN' },
    });
    await world.t.store.customSecrets.remove('REPORTS_TOKEN');

    expect(await call(world, api)).toEqual({
      ok: false,
      error:
        'The custom secret "REPORTS_TOKEN" that the tool "lookup" uses is gone: an admin must set it again (POST /api/Secrets/SetSecret)',
    });
  });
});

describe('OAuth2 client credentials', () => {
  async function anOAuthApi() {
    await aSecret(world, 'REPORTS_CLIENT', 'client-secret-1');
    return anApi(world, {
      baseUrl: server.url,
      auth: {
        kind: 'oauth2ClientCredentials',
        tokenUrl: `${server.url}/token`,
        clientId: 'reporting-client',
        secret: 'REPORTS_CLIENT',
        scope: 'reports:read',
      },
    });
  }

  it('fetches a token once, sends it until it nearly expires, then fetches another', async () => {
    const api = await anOAuthApi();

    await call(world, api);
    await Promise.all([call(world, api), call(world, api)]);
    world.t.clock.advance(60);
    await call(world, api);

    expect(tokenRequests()).toHaveLength(1);
    expect(new URLSearchParams(tokenRequests()[0]?.body).get('scope')).toBe('reports:read');
    expect(server.seen.filter((r) => r.url === '/').map((r) => r.headers.authorization)).toEqual(
      Array(4).fill('Bearer tok-1'),
    );

    // expires_in 120, renewed 30 seconds early.
    world.t.clock.advance(31);
    expect(await call(world, api)).toEqual({ ok: true, text: '{"echo":"Bearer [secret]"}' });
    expect(tokenRequests()).toHaveLength(2);
    expect(server.seen.at(-1)?.headers.authorization).toBe('Bearer tok-2');
  });

  it('drops a token the API answers 401 to, and retries once with a new one', async () => {
    const api = await anOAuthApi();
    await call(world, api);
    revoked.add('tok-1');

    expect(await call(world, api)).toEqual({ ok: true, text: '{"echo":"Bearer [secret]"}' });
    expect(tokenRequests()).toHaveLength(2);
    expect(server.seen.at(-1)?.headers.authorization).toBe('Bearer tok-2');
  });

  it('tells the admin when the token endpoint refuses the client', async () => {
    await aSecret(world, 'WRONG_CLIENT', 'not-the-secret');
    const api = await anApi(world, {
      baseUrl: server.url,
      auth: {
        kind: 'oauth2ClientCredentials',
        tokenUrl: `${server.url}/token`,
        clientId: 'reporting-client',
        secret: 'WRONG_CLIENT',
      },
    });

    const output = await call(world, api);

    expect(output).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^The token endpoint 127\.0\.0\.1:\d+ refused the client credentials \(401/,
      ) as string,
    });
    expect(JSON.stringify(output)).not.toContain('not-the-secret');
  });

  it('puts the token endpoint under the outbound policy too', async () => {
    const closed = await aWorld({});
    try {
      await aSecret(closed, 'REPORTS_CLIENT', 'client-secret-1');
      const api = await anApi(closed, {
        baseUrl: 'https://api.example.com',
        auth: {
          kind: 'oauth2ClientCredentials',
          tokenUrl: `${server.url}/token`,
          clientId: 'reporting-client',
          secret: 'REPORTS_CLIENT',
        },
      });

      expect(await call(closed, api)).toEqual({
        ok: false,
        error: expect.stringMatching(
          /^Getting an OAuth2 token failed: Calls to 127\.0\.0\.1:\d+ are refused/,
        ) as string,
      });
      expect(tokenRequests()).toEqual([]);
    } finally {
      await closed.t.close();
    }
  });
});

describe("the user's own token", () => {
  it('is sent as a bearer token by default, or in the header the admin named', async () => {
    await setUserToken(
      world.t,
      { userId: world.userId, roles: [] },
      { userId: world.userId, provider: 'Reports', token: 'users-own-token' },
    );
    const bearer = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'userToken', provider: 'reports' },
    });
    const custom = await anApi(world, {
      name: 'custom',
      baseUrl: server.url,
      auth: { kind: 'userToken', provider: 'reports', header: 'X-User-Token' },
    });

    await call(world, bearer);
    await call(world, custom);

    expect(server.seen[0]?.headers.authorization).toBe('Bearer users-own-token');
    expect(server.seen[1]?.headers['x-user-token']).toBe('users-own-token');
  });

  it('missing, tells the user how to set it and calls nothing', async () => {
    const api = await anApi(world, {
      baseUrl: server.url,
      auth: { kind: 'userToken', provider: 'reports' },
    });

    expect(await call(world, api)).toEqual({
      ok: false,
      error: `This API acts as the user, with the user's own "reports" token, and the user has none: ask them to set it (POST /api/Users/SetUserToken {"userId":"${world.userId}","provider":"reports","token":"…"}) and ask again`,
    });
    expect(server.seen).toEqual([]);
  });
});
