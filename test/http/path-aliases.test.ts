import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getCode, threeFieldExchange } from '../helpers/oauth-flow.ts';
import { asUser, genericToken, get } from '../helpers/api-requests.ts';
import { anAgent, assign, createConversation } from '../helpers/chat.ts';

// The AIRisk documentation's path variants answer as their canonical routes (spec §0), and
// stay out of the OpenAPI document.

describe('the documented path variants', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('GET /api/ListUsers is ListUsers, in any case, its query kept', async () => {
    await aUser(t);
    await aUser(t);
    const token = await genericToken(t);
    const canonical = await get(t, token, '/api/Users/ListUsers?results=1&skip=1');
    expect(canonical.statusCode, canonical.body).toBe(200);
    for (const path of ['/api/ListUsers', '/API/listusers/']) {
      const response = await get(t, token, `${path}?results=1&skip=1`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual(canonical.json());
      expect(response.json()).toHaveLength(1);
    }
  });

  it('GET /api/GetConversations is GetConversations, with its access rule', async () => {
    const admin = await asUser(t, ['CompanyAdmin']);
    const user = await asUser(t);
    const agent = await anAgent(t, admin.token);
    await assign(t, admin.token, agent.id, { userid: user.user.id });
    await createConversation(t, user.token, agent.id);
    await createConversation(t, user.token, agent.id);

    const canonical = await get(t, user.token, '/api/Chat/GetConversations?results=1');
    expect(canonical.statusCode, canonical.body).toBe(200);
    const response = await get(t, user.token, '/api/getconversations?results=1');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual(canonical.json());
    expect(response.json()).toHaveLength(1);
    // A generic token is refused there as on the route itself.
    expect((await get(t, await genericToken(t), '/api/GetConversations')).statusCode).toBe(403);
  });

  it.each(['/api/api/oauth2/Token', '/API/API/OAUTH2/TOKEN/'])(
    'POST %s is the token endpoint',
    async (path) => {
      const credentials = await aClient(t);
      const code = await getCode(t, credentials);
      const response = await threeFieldExchange(t, credentials, code, { url: path });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const { access_token: token } = response.json<{ access_token: string }>();
      expect(decodeJwt(token).client_id).toBe(credentials.client.id);
    },
  );

  it('answers an OAuth2 error on the variant as on the token endpoint', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/api/oauth2/Token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'client_secret=x&code=y',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('Invalid client_id');
  });

  it('keeps the variants out of the OpenAPI document', async () => {
    const token = await genericToken(t);
    expect((await get(t, token, '/api/ListUsers')).statusCode).toBe(200);
    const document = await t.app.inject({ url: '/openapi.json' });
    const paths = Object.keys(document.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/Users/ListUsers', '/api/oauth2/Token']));
    const variants = ['/api/listusers', '/api/getconversations', '/api/api/oauth2/token'];
    expect(paths.filter((path) => variants.includes(path.toLowerCase()))).toEqual([]);
  });
});
