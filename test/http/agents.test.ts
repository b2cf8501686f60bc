import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptWithMasterKey } from '../../src/lib/encryption.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  post,
  type Caller,
  iso,
} from '../helpers/api-requests.ts';
import { anAgent, assign, type AgentResponse } from '../helpers/chat.ts';

// The agents admin API (CompanyAdmin): CreateAgent, ListAllAgents, UpdateAgent, DeleteAgent, and
// who may call it at all.

let t: TestApp;
let rows: (table: string) => Promise<Record<string, unknown>[]>;
let admin: Caller;

beforeEach(async () => {
  ({ t, rows } = await appWithRawRows());
  admin = await asUser(t, ['CompanyAdmin']);
});
afterEach(() => t.close());

const create = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/Agents/CreateAgent', body);
const update = (body: Record<string, unknown>) =>
  post(t, admin.token, '/api/Agents/UpdateAgent', body);

async function listAll(): Promise<(AgentResponse & Record<string, unknown>)[]> {
  const response = await get(t, admin.token, '/api/Agents/ListAllAgents');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const ALL_FIELDS = {
  name: 'Policy helper',
  description: 'Answers policy questions',
  engine: 'azure-openai',
  model: 'gpt-4o-deployment',
  endpoint: 'https://contoso.openai.azure.com/openai',
  region: 'eu-west-1',
  apiKey: 'azure-key-0000wxyz',
  useUserKey: true,
  systemPrompt: 'Answer from the policy only.',
  temperature: 0.3,
  maxMessages: 7,
  maxOutputTokens: 512,
  archiveAfterDays: 90,
  maxToolSteps: 3,
};

describe('POST /api/Agents/CreateAgent', () => {
  it('fills every default: empty description, standard system prompt, 20 messages, no key', async () => {
    const response = await create({ name: 'Helper', engine: 'demo', model: 'demo' });
    expect(response.statusCode, response.body).toBe(201);
    const now = t.clock.nowSeconds();
    expect(response.json()).toEqual({
      id: expect.any(String),
      name: 'Helper',
      description: '',
      engine: 'demo',
      model: 'demo',
      endpoint: null,
      region: null,
      apiKeySecret: null,
      useUserKey: false,
      systemPrompt: 'You are a helpful assistant.',
      temperature: null,
      maxMessages: 20,
      maxOutputTokens: null,
      archiveAfterDays: null,
      maxToolSteps: null,
      customApis: [],
      customDatabases: [],
      scanners: {},
      hasApiKey: false,
      apiKeyLast4: null,
      createdAt: iso(now),
      updatedAt: iso(now),
    });
    expect(await listAll()).toEqual([{ ...response.json(), userIds: [], groupIds: [] }]);
  });

  it('keeps every field given, the key only as hasApiKey and its last 4 characters', async () => {
    const response = await create({ ...ALL_FIELDS, endpoint: `${ALL_FIELDS.endpoint}/` });
    expect(response.statusCode, response.body).toBe(201);
    const { apiKey: _, ...visible } = ALL_FIELDS;
    expect(response.json()).toEqual({
      ...visible,
      id: expect.any(String),
      apiKeySecret: null,
      customApis: [],
      customDatabases: [],
      scanners: {},
      hasApiKey: true,
      apiKeyLast4: 'wxyz',
      createdAt: iso(t.clock.nowSeconds()),
      updatedAt: iso(t.clock.nowSeconds()),
    });
    expect(response.body).not.toContain(ALL_FIELDS.apiKey);
  });

  it.each([
    [
      'an unknown engine, listing the engines',
      { engine: 'gpt' },
      'Unknown engine "gpt": engines are demo, openai, azure-openai, mistral, google, llama, bedrock',
    ],
    ['azure-openai without endpoint', { engine: 'azure-openai', apiKey: 'k' }, /needs an endpoint/],
    ['llama without endpoint', { engine: 'llama' }, /llama engine needs an endpoint/],
    ['openai without key', { engine: 'openai' }, /openai engine needs an API key/],
    ['mistral without key', { engine: 'mistral' }, /mistral engine needs an API key/],
    ['google without key', { engine: 'google' }, /google engine needs an API key/],
    [
      'azure-openai without key',
      { engine: 'azure-openai', endpoint: 'https://x.openai.azure.com/openai' },
      /azure-openai engine needs an API key/,
    ],
    ['an endpoint that is no URL', { engine: 'llama', endpoint: 'localhost' }, /not an absolute/],
    ['a non-http endpoint', { engine: 'llama', endpoint: 'ftp://h/v1' }, /http\(s\) URL/],
    [
      'an endpoint with credentials',
      { engine: 'llama', endpoint: 'https://ann:secret@h/v1' },
      /without user or password/,
    ],
    ['temperature 3', { temperature: 3 }, /^temperature /],
    ['maxMessages 0', { maxMessages: 0 }, /^maxMessages /],
    ['a bad region', { engine: 'bedrock', region: 'mars' }, /region "mars" is not an AWS region/],
  ])('refuses %s with a 400 problem and creates nothing', async (_case, fields, detail) => {
    expectProblem(
      await create({ name: 'Bad', engine: 'demo', model: 'm', ...fields }),
      400,
      detail,
    );
    expect(await listAll()).toEqual([]);
  });

  it.each(['openai', 'mistral', 'google'])(
    'accepts %s with useUserKey instead of a key',
    async (engine) => {
      const response = await create({ name: 'Own keys', engine, model: 'm', useUserKey: true });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ engine, useUserKey: true, hasApiKey: false });
    },
  );

  it('refuses a name taken in another case with 409', async () => {
    await anAgent(t, admin.token, { name: 'Policy Helper' });
    expectProblem(
      await create({ name: 'POLICY helper', engine: 'demo', model: 'demo' }),
      409,
      'An agent named "POLICY helper" already exists',
    );
    expect((await listAll()).map((agent) => agent.name)).toEqual(['Policy Helper']);
  });
});

describe('the API key', () => {
  const key = 'sk-proj-Secret-Value-7f3a';

  it('is never answered by create, update or list, and is stored only encrypted', async () => {
    const created = await create({ name: 'Keyed', engine: 'openai', model: 'gpt', apiKey: key });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const updated = await update({ agentid: id, description: 'Now described' });
    const listed = await get(t, admin.token, '/api/Agents/ListAllAgents');
    for (const response of [created, updated, listed]) {
      expect(response.body).not.toContain(key);
      expect(response.body).not.toContain('Secret-Value');
    }
    expect(listed.json()).toEqual([
      expect.objectContaining({ id, hasApiKey: true, apiKeyLast4: '7f3a' }),
    ]);
    expect(listed.json<object[]>()[0]).not.toHaveProperty('apiKey');
    expect(listed.json<object[]>()[0]).not.toHaveProperty('apiKeyEncrypted');

    const [row] = await rows('agents');
    expect(row).toMatchObject({ id, api_key_last4: '7f3a', description: 'Now described' });
    expect(JSON.stringify(row)).not.toContain('Secret-Value');
    const sealed = String(row?.api_key_encrypted);
    expect(sealed).toMatch(/^v1\./);
    // It is the key, sealed with the server's master key (so the engine can still use it).
    expect(decryptWithMasterKey(t.masterKey, sealed)).toBe(key);
  });
});

describe('POST /api/Agents/UpdateAgent', () => {
  it('changes only the fields given and moves updatedAt', async () => {
    const created = (await create(ALL_FIELDS)).json<Record<string, unknown>>();
    t.clock.advance(60);
    const response = await update({ agentid: created.id, temperature: 1.5, maxMessages: 3 });
    expect(response.statusCode, response.body).toBe(200);
    const expected = {
      ...created,
      temperature: 1.5,
      maxMessages: 3,
      updatedAt: iso(t.clock.nowSeconds()),
    };
    expect(response.json()).toEqual(expected);
    expect(await listAll()).toEqual([{ ...expected, userIds: [], groupIds: [] }]);
  });

  it('replaces the key, and null clears it', async () => {
    const agent = await anAgent(t, admin.token, { apiKey: 'first-key-1111' });
    const replaced = await update({ agentid: agent.id, apiKey: 'second-key-2222' });
    expect(replaced.json()).toMatchObject({ hasApiKey: true, apiKeyLast4: '2222' });
    expect(replaced.body).not.toContain('second-key');

    const cleared = await update({ agentid: agent.id, apiKey: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ hasApiKey: false, apiKeyLast4: null });
    expect((await listAll())[0]).toMatchObject({ hasApiKey: false, apiKeyLast4: null });
  });

  it('refuses to clear the key an engine needs, leaving the agent as it was', async () => {
    const agent = await anAgent(t, admin.token, { engine: 'openai', apiKey: 'sk-kept-9876' });
    expectProblem(await update({ agentid: agent.id, apiKey: null }), 400, /needs an API key/);
    expect((await listAll())[0]).toMatchObject({ hasApiKey: true, apiKeyLast4: '9876' });
  });

  it('refuses an invalid value with 400 and changes nothing', async () => {
    const agent = await anAgent(t, admin.token, { maxMessages: 4 });
    expectProblem(await update({ agentid: agent.id, maxMessages: 0, name: 'New' }), 400);
    expectProblem(await update({ agentid: agent.id, region: 'Europe' }), 400, /region/);
    expect((await listAll())[0]).toMatchObject({ name: agent.name, maxMessages: 4, region: null });
  });

  it("refuses renaming onto another agent's name (any case) with 409", async () => {
    await anAgent(t, admin.token, { name: 'Legal' });
    const agent = await anAgent(t, admin.token, { name: 'Finance' });
    expectProblem(await update({ agentid: agent.id, name: 'LEGAL' }), 409, /already exists/);
    expect((await listAll()).map((a) => a.name)).toEqual(['Finance', 'Legal']);

    // Its own name in another case is no conflict.
    const renamed = await update({ agentid: agent.id, name: 'FINANCE' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'FINANCE' });
  });

  it('answers 404 for an unknown agentid', async () => {
    expectProblem(await update({ agentid: 'nope', name: 'X' }), 404, 'No agent with id "nope"');
  });
});

describe('DELETE /api/Agents/DeleteAgent/{agentid}', () => {
  it('deletes the agent; its conversations stay without an agent; users no longer see it', async () => {
    const user = await asUser(t);
    const agent = await anAgent(t, admin.token);
    const kept = await anAgent(t, admin.token);
    await assign(t, admin.token, agent.id, { userid: user.user.id });
    await assign(t, admin.token, kept.id, { userid: user.user.id });
    const started = await post(t, user.token, '/api/Chat/CreateConversation', {
      agentid: agent.id,
      title: 'Before the deletion',
    });
    expect(started.statusCode, started.body).toBe(201);
    const conversationId = started.json<{ id: string }>().id;

    const deleted = await del(t, admin.token, `/api/Agents/DeleteAgent/${agent.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(deleted.body).toBe('');

    expectProblem(await del(t, admin.token, `/api/Agents/DeleteAgent/${agent.id}`), 404);
    expectProblem(await update({ agentid: agent.id, name: 'Back' }), 404);
    expect((await listAll()).map((a) => a.id)).toEqual([kept.id]);

    const usable = await get(t, user.token, '/api/Chat/ListAgents');
    expect(usable.json<{ id: string }[]>().map((a) => a.id)).toEqual([kept.id]);
    const conversation = await get(t, user.token, `/api/Chat/GetConversation/${conversationId}`);
    expect(conversation.statusCode, conversation.body).toBe(200);
    expect(conversation.json()).toMatchObject({ agentId: null, title: 'Before the deletion' });
  });
});

describe('who may manage agents', () => {
  const endpoints: [string, string, Record<string, unknown>?][] = [
    ['POST', '/api/Agents/CreateAgent', { name: 'X', engine: 'demo', model: 'demo' }],
    ['GET', '/api/Agents/ListAllAgents'],
    ['POST', '/api/Agents/UpdateAgent', { agentid: 'AGENT', name: 'X' }],
    ['DELETE', '/api/Agents/DeleteAgent/AGENT'],
    ['POST', '/api/Agents/AssignAgent', { agentid: 'AGENT', userid: 'USER' }],
    ['POST', '/api/Agents/UnassignAgent', { agentid: 'AGENT', userid: 'USER' }],
  ];

  async function call(
    token: string | undefined,
    method: string,
    url: string,
    body: Record<string, unknown> | undefined,
    ids: { agent: string; user: string },
  ) {
    const fill = (text: string) => text.replace('AGENT', ids.agent).replace('USER', ids.user);
    return t.app.inject({
      method: method as 'GET' | 'POST' | 'DELETE',
      url: fill(url),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body && { payload: JSON.parse(fill(JSON.stringify(body))) as Record<string, unknown> }),
    });
  }

  it.each(endpoints)(
    '%s %s: 403 naming CompanyAdmin, 403 insufficient_scope, 401',
    async (method, url, body) => {
      const user = await asUser(t, ['User', 'Monitor', 'Compliance']);
      const agent = await anAgent(t, admin.token, { name: 'Untouched' });
      const ids = { agent: agent.id, user: user.user.id };

      expectRoleDenied(await call(user.token, method, url, body, ids), 'CompanyAdmin');
      expectInsufficientScope(await call(await genericToken(t), method, url, body, ids));
      expectInvalidToken(await call(undefined, method, url, body, ids));

      // None of the refused calls changed anything.
      expect(await listAll()).toEqual([
        expect.objectContaining({ id: agent.id, name: 'Untouched', userIds: [], groupIds: [] }),
      ]);
    },
  );

  it('SetDefaultAgent takes no generic token and no missing token', async () => {
    const body = { userid: admin.user.id, agentid: null };
    expectInsufficientScope(
      await post(t, await genericToken(t), '/api/Users/SetDefaultAgent', body),
    );
    expectInvalidToken(
      await t.app.inject({ method: 'POST', url: '/api/Users/SetDefaultAgent', payload: body }),
    );
  });
});

describe('GET /api/Agents/ListAgentNames', () => {
  it('names every agent, by name, to a CompanyAdmin, a Monitor and a Compliance officer', async () => {
    const zulu = await anAgent(t, admin.token, { name: 'Zulu helper' });
    const alpha = await anAgent(t, admin.token, { name: 'Alpha helper' });
    for (const role of ['CompanyAdmin', 'Monitor', 'Compliance'] as const) {
      const caller = role === 'CompanyAdmin' ? admin : await asUser(t, [role]);
      const response = await get(t, caller.token, '/api/Agents/ListAgentNames');
      expect(response.statusCode, response.body).toBe(200);
      // Nothing but the id and the name: no settings, keys or assignments.
      expect(response.json()).toEqual([
        { id: alpha.id, name: 'Alpha helper' },
        { id: zulu.id, name: 'Zulu helper' },
      ]);
    }
  });

  it('is refused to a plain User (403), a generic token and no token', async () => {
    const url = '/api/Agents/ListAgentNames';
    const user = await asUser(t, ['User']);
    expectRoleDenied(await get(t, user.token, url), 'Monitor');
    expectInsufficientScope(await get(t, await genericToken(t), url));
    expectInvalidToken(await t.app.inject({ method: 'GET', url }));
  });
});
