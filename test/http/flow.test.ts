import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getToken } from '../helpers/oauth-flow.ts';

describe('the flow end to end', () => {
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

  // Spec §0: clients send Content-Type: application/json even without a body.
  it('takes a JSON content type without a body on GET and DELETE', async () => {
    const client = await aClient(t);
    const admin = await aUser(t, { roles: ['CompanyAdmin'] });
    const doomed = await aUser(t);
    const token = await getToken(t, client, { userid: admin.id });
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const list = await t.app.inject({ url: '/api/Users/ListUsers', headers });
    expect(list.statusCode, list.body).toBe(200);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/Users/DeleteUser/${doomed.id}`,
      headers,
    });
    expect(removed.statusCode, removed.body).toBe(204);
  });
});
