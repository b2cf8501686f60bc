import { afterEach, describe, expect, it } from 'vitest';
import { appWithRawRows } from '../helpers/raw-database.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';
import { answerWith, anAgent, ask, assign, openAiAgent } from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import type { TestApp } from '../helpers/test-app.ts';

// Server Admin → Custom Secrets: write-only through the API, sealed at rest, used by agents by
// name (apiKeySecret), each use in the audit log.

const FIRST = 'sk-custom-first-0123456789abcdefABCDEF';
const SECOND = 'sk-custom-second-9876543210fedcbaFEDCBA';

let t: TestApp;
let rows: (table: string) => Promise<Record<string, unknown>[]>;
let fake: FakeProvider;
let admin: Caller;

async function start(): Promise<void> {
  ({ t, rows } = await appWithRawRows());
  fake = await startFakeProvider();
  admin = await asUser(t, ['CompanyAdmin']);
}
afterEach(async () => {
  await fake.close();
  await t.close();
});

const setSecret = (body: Record<string, unknown>, token = admin.token) =>
  post(t, token, '/api/Secrets/SetSecret', body);

describe('POST /api/Secrets/SetSecret and GET /api/Secrets/ListSecrets', () => {
  it('creates (201), replaces (200), keeps the description, and never shows the value', async () => {
    await start();
    const created = await setSecret({ name: 'OPENAI_PROD', value: FIRST, description: 'Prod' });
    expect(created.statusCode, created.body).toBe(201);
    t.clock.advance(5);
    const replaced = await setSecret({ name: 'OPENAI_PROD', value: SECOND });
    expect(replaced.statusCode, replaced.body).toBe(200);

    const listed = await get(t, admin.token, '/api/Secrets/ListSecrets');
    expect(listed.json()).toEqual([
      {
        name: 'OPENAI_PROD',
        description: 'Prod',
        createdAt: iso(t.clock.nowSeconds() - 5),
        updatedAt: iso(t.clock.nowSeconds()),
        usedBy: [],
      },
    ]);
    for (const body of [created.body, replaced.body, listed.body]) {
      expect(body).not.toContain('sk-custom');
    }
    // Sealed at rest: the database holds neither value.
    expect(JSON.stringify(await rows('custom_secrets'))).not.toContain('sk-custom');
  });

  it('refuses a bad name or an empty value (400), and non-admins (403)', async () => {
    await start();
    expectProblem(await setSecret({ name: '1 bad name', value: FIRST }), 400, /Secret names are/);
    expectProblem(await setSecret({ name: 'OK', value: '' }), 400);
    const user = await asUser(t, ['User', 'Monitor', 'Compliance']);
    expectRoleDenied(await setSecret({ name: 'OK', value: FIRST }, user.token));
    expectRoleDenied(await get(t, user.token, '/api/Secrets/ListSecrets'));
    expectRoleDenied(await del(t, user.token, '/api/Secrets/DeleteSecret/OK'));
    expect((await get(t, admin.token, '/api/Secrets/ListSecrets')).json()).toEqual([]);
  });
});

describe('an agent whose key is a custom secret', () => {
  it('calls the provider with the secret’s current value, and each use is audited', async () => {
    await start();
    await setSecret({ name: 'OPENAI_PROD', value: FIRST });
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKeySecret: 'OPENAI_PROD' }));
    expect(agent).toMatchObject({ apiKeySecret: 'OPENAI_PROD', hasApiKey: false });
    const user = await asUser(t);
    await assign(t, admin.token, agent.id, { userid: user.user.id });
    answerWith(fake, ['Fine.']);

    await ask(t, user.token, { agentid: agent.id, question: 'Hello?' });
    await setSecret({ name: 'OPENAI_PROD', value: SECOND });
    await ask(t, user.token, { agentid: agent.id, question: 'Again?' });

    expect(fake.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${FIRST}`,
      `Bearer ${SECOND}`,
    ]);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=secret_used');
    expect(logs.json()).toEqual([
      expect.objectContaining({
        event: 'secret_used',
        userId: user.user.id,
        details: { name: 'OPENAI_PROD', agentId: agent.id },
      }),
      expect.objectContaining({ event: 'secret_used', userId: user.user.id }),
    ]);
    const listed = await get(t, admin.token, '/api/Secrets/ListSecrets');
    expect(listed.json()).toEqual([
      expect.objectContaining({ usedBy: [{ id: agent.id, name: agent.name }] }),
    ]);
  });

  it('names an existing secret only, not with an apiKey too; a key of its own replaces it', async () => {
    await start();
    await setSecret({ name: 'OPENAI_PROD', value: FIRST });
    const base = { name: 'Keyed', ...openAiAgent(fake) };
    expectProblem(
      await post(t, admin.token, '/api/Agents/CreateAgent', { ...base, apiKeySecret: 'NOPE' }),
      404,
      /No custom secret named "NOPE": create it first/,
    );
    expectProblem(
      await post(t, admin.token, '/api/Agents/CreateAgent', {
        ...base,
        apiKey: FIRST,
        apiKeySecret: 'OPENAI_PROD',
      }),
      400,
      'Give apiKey or apiKeySecret, not both: they are two ways to one key',
    );
    const agent = await anAgent(t, admin.token, { ...base, apiKeySecret: 'OPENAI_PROD' });
    expectProblem(
      await post(t, admin.token, '/api/Agents/UpdateAgent', {
        agentId: agent.id,
        useUserKey: true,
      }),
      400,
      /apiKeySecret and useUserKey are two different keys for every user/,
    );

    const ownKey = await post(t, admin.token, '/api/Agents/UpdateAgent', {
      agentId: agent.id,
      apiKey: SECOND,
    });

    expect(ownKey.json()).toMatchObject({
      apiKeySecret: null,
      hasApiKey: true,
      apiKeyLast4: 'DCBA',
    });
  });
});

describe('DELETE /api/Secrets/DeleteSecret/{name}', () => {
  it('is refused (409) while an agent uses the secret, then deletes it (204); 404 after', async () => {
    await start();
    await setSecret({ name: 'OPENAI_PROD', value: FIRST });
    const agent = await anAgent(t, admin.token, openAiAgent(fake, { apiKeySecret: 'OPENAI_PROD' }));

    expectProblem(
      await del(t, admin.token, '/api/Secrets/DeleteSecret/OPENAI_PROD'),
      409,
      `Secret "OPENAI_PROD" is the API key of "${agent.name}": give those agents another key (apiKey or apiKeySecret) first`,
    );
    await post(t, admin.token, '/api/Agents/UpdateAgent', { agentId: agent.id, apiKey: SECOND });
    const deleted = await del(t, admin.token, '/api/Secrets/DeleteSecret/OPENAI_PROD');
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await del(t, admin.token, '/api/Secrets/DeleteSecret/OPENAI_PROD'), 404);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=secret_deleted');
    expect(logs.json()).toEqual([expect.objectContaining({ details: { name: 'OPENAI_PROD' } })]);
  });

  it('is refused (409) while a custom API or database uses it as its credential', async () => {
    await start();
    await setSecret({ name: 'ERP_TOKEN', value: FIRST });
    await post(t, admin.token, '/api/CustomApis/CreateApi', {
      name: 'get_order',
      description: 'Looks an order up',
      baseUrl: 'https://erp.example.com',
      auth: { kind: 'bearer', secret: 'ERP_TOKEN' },
    });
    await post(t, admin.token, '/api/CustomDatabases/CreateDatabase', {
      name: 'crm',
      description: 'The CRM',
      connectionSecret: 'ERP_TOKEN',
    });
    expectProblem(
      await del(t, admin.token, '/api/Secrets/DeleteSecret/ERP_TOKEN'),
      409,
      'Secret "ERP_TOKEN" is the credential of custom database "crm", custom API "get_order": give those another secret first',
    );
  });
});
