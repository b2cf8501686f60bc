import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { asUser, expectProblem, get, post, type Caller } from '../helpers/api-requests.ts';
import { anAgent } from '../helpers/chat.ts';

// Spec §0 (decision, turn 2): names bind in any case, as ASP.NET binds them; values never change.
// The property test (test/property/request-names.test.ts) covers every route; these are the rules.

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { email: 'admin@example.com' });
});
afterEach(() => t.close());

const tokenForm = (body: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/oauth2/Token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    payload: body,
  });

describe('two spellings of one name', () => {
  it('with different values in a JSON body: 400 naming both, and nothing is done', async () => {
    const response = await post(t, admin.token, '/api/Users/CreateUser', {
      email: 'one@example.com',
      EMAIL: 'two@example.com',
      name: 'Twice',
    });
    expectProblem(response, 400, /email twice \("email" and "EMAIL"\)/);
    const users = await get(t, admin.token, '/api/Users/ListUsers?search=example.com');
    expect(users.json<{ email: string }[]>().map((user) => user.email)).toEqual([
      'admin@example.com',
    ]);
  });

  it('with different values in a form body: 400', async () => {
    const response = await tokenForm('client_id=a&CLIENT_ID=b&client_secret=s&code=c');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/client_id twice/),
    });
  });

  it('with different values in a query string: 400', async () => {
    const response = await get(t, admin.token, '/api/Users/ListUsers?results=1&Results=2');
    expectProblem(response, 400, /results twice/);
  });

  it('with the same value: taken once', async () => {
    const response = await post(t, admin.token, '/api/Users/CreateUser', {
      email: 'same@example.com',
      Email: 'same@example.com',
      name: 'Same',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ email: 'same@example.com' });
  });
});

describe('values and unknown names', () => {
  it('keeps metadata keys exactly as sent, even when they look like parameter names', async () => {
    const agent = await anAgent(t, admin.token);
    await post(t, admin.token, '/api/Agents/AssignAgent', {
      agentId: agent.id,
      userId: admin.user.id,
    });
    const response = await post(t, admin.token, '/api/Chat/CreateConversation', {
      AGENTID: agent.id,
      Title: 'Kept',
      Metadata: { AgentId: 'x', project: 'Apollo', PROJECT: 'Zeus' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      agentId: agent.id,
      title: 'Kept',
      metadata: { AgentId: 'x', project: 'Apollo', PROJECT: 'Zeus' },
    });
  });

  it('ignores names that match nothing, as before', async () => {
    const response = await post(t, admin.token, '/api/Groups/CreateGroup', {
      NAME: 'Finance',
      colour: 'blue',
      __proto__: { polluted: true },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(String), name: 'Finance', description: '' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('paging links', () => {
  it('replace the page parameters in whatever case the request sent them', async () => {
    for (const name of ['Bea', 'Cy', 'Di']) {
      await asUser(t, ['User'], { email: `${name.toLowerCase()}@example.com`, name });
    }
    const response = await get(t, admin.token, '/api/Users/ListUsers?Results=2&Skip=0');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toHaveLength(2);
    const link = response.headers.link as string;
    expect(link).toMatch(
      /^<\/api\/Users\/ListUsers\?Results=2&after=bea%40example\.com>; rel="next"$/,
    );
  });
});
