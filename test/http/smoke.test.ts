import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';

describe('smoke', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('generic then user token lists users', async () => {
    const client = await aClient(t);
    const user = await aUser(t, { id: 'user_42', roles: ['CompanyAdmin'] });
    const generic = await getToken(t, client);
    const list = await t.app.inject({
      url: '/api/Users/ListUsers',
      headers: { authorization: `Bearer ${generic}` },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toHaveLength(1);
    const userToken = await getToken(t, client, { userid: user.id });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users/createuser',
      headers: { authorization: `Bearer ${userToken}` },
      payload: { email: 'b@example.com', name: 'B' },
    });
    expect(created.statusCode, created.body).toBe(201);
  });
});
