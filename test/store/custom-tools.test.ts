import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import type { CustomApiRecord, CustomDatabaseRecord } from '../../src/store/tools-store.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import { openTestStore } from '../helpers/test-store.ts';
import { TestClock } from '../helpers/test-app.ts';

// The tool definitions' storage: names unique regardless of case, definitions read back whole,
// a tool an agent uses kept until the agent lets go of it, an agent's links gone with it.

let store: Store;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ store, close } = await openTestStore());
});
afterEach(() => close());

const NOW = 1_700_000_000;

function api(name: string): CustomApiRecord {
  return {
    id: `api-${name}`,
    name,
    description: 'Looks an order up',
    baseUrl: 'https://erp.example.com/v1',
    method: 'GET',
    path: '/orders/{orderId}',
    parameters: [
      {
        name: 'orderId',
        in: 'path',
        type: 'string',
        description: 'The order number',
        required: true,
        default: null,
        fixed: false,
      },
    ],
    auth: { kind: 'bearer', secret: 'ERP_TOKEN' },
    responsePath: '$.order',
    maxResponseBytes: 65_536,
    timeoutMs: 10_000,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function database(name: string): CustomDatabaseRecord {
  return {
    id: `db-${name}`,
    name,
    description: 'The CRM',
    engine: 'postgres',
    connectionSecret: 'CRM_URL',
    queries: [{ name: 'customer', description: 'A customer', sql: 'select 1', parameters: [] }],
    allowModelSql: true,
    maxRows: 100,
    statementTimeoutMs: 5000,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

async function agentNamed(name: string): Promise<string> {
  const deps = { store, clock: new TestClock(NOW), masterKey: randomBytes(32) };
  return (await createAgent(deps, { name, engine: 'demo', model: 'demo' })).id;
}

it('reads a definition back whole, finds it by name in any case, and refuses a second of that name', async () => {
  await store.customApis.insert(api('get_order'));
  await store.customDatabases.insert(database('crm'));
  expect(await store.customApis.findById('api-get_order')).toEqual(api('get_order'));
  expect(await store.customApis.findByName('GET_ORDER')).toEqual(api('get_order'));
  expect(await store.customDatabases.findByName('CRM')).toEqual(database('crm'));
  await expect(store.customApis.insert({ ...api('Get_Order'), id: 'other' })).rejects.toThrow(
    ConflictError,
  );
  await expect(store.customDatabases.insert({ ...database('Crm'), id: 'other' })).rejects.toThrow(
    ConflictError,
  );
  expect(await store.customApis.update({ ...api('get_order'), timeoutMs: 500 })).toBe(true);
  expect((await store.customApis.findById('api-get_order'))?.timeoutMs).toBe(500);
  expect(await store.customApis.update({ ...api('gone'), id: 'nope' })).toBe(false);
});

it("keeps a tool while an agent uses it, and drops the agent's links with the agent", async () => {
  await store.customApis.insert(api('get_order'));
  await store.customDatabases.insert(database('crm'));
  const agentId = await agentNamed('Sales helper');
  await store.agentTools.set(agentId, {
    customApiIds: ['api-get_order'],
    customDatabaseIds: ['db-crm'],
  });
  expect(await store.agentTools.find(agentId)).toEqual({
    customApiIds: ['api-get_order'],
    customDatabaseIds: ['db-crm'],
  });
  expect(await store.customApis.usedBy('api-get_order')).toEqual([
    { id: agentId, name: 'Sales helper' },
  ]);
  await expect(store.customApis.remove('api-get_order')).rejects.toThrow(ConflictError);
  await expect(store.customDatabases.remove('db-crm')).rejects.toThrow(ConflictError);

  await store.agents.remove(agentId);
  expect(await store.agentTools.find(agentId)).toEqual({
    customApiIds: [],
    customDatabaseIds: [],
  });
  expect(await store.customApis.remove('api-get_order')).toBe(true);
  expect(await store.customDatabases.remove('db-crm')).toBe(true);
  expect(await store.customApis.remove('api-get_order')).toBe(false);
});

it("replaces an agent's tools as one change", async () => {
  await store.customApis.insert(api('a'));
  await store.customApis.insert(api('b'));
  const agentId = await agentNamed('Helper');
  await store.agentTools.set(agentId, { customApiIds: ['api-a', 'api-b'], customDatabaseIds: [] });
  await store.agentTools.set(agentId, { customApiIds: ['api-b'], customDatabaseIds: [] });
  expect((await store.agentTools.find(agentId)).customApiIds).toEqual(['api-b']);
  // An unknown id fails the whole replacement: the agent keeps what it had.
  await expect(
    store.agentTools.set(agentId, { customApiIds: ['api-a', 'missing'], customDatabaseIds: [] }),
  ).rejects.toThrow();
  expect((await store.agentTools.find(agentId)).customApiIds).toEqual(['api-b']);
});
