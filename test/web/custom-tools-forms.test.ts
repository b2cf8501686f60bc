import { describe, expect, it } from 'vitest';
import {
  apiDraftErrors,
  apiInputOf,
  draftOfApi,
  exampleArguments,
  NEW_API,
  NEW_PARAMETER,
  parseDefault,
  type ApiDraft,
  type ApiInput,
} from '../../web/src/features/tools/api-draft.ts';
import {
  databaseDraftErrors,
  databaseInputOf,
  draftOfDatabase,
  NEW_DATABASE,
  placeholderNumbers,
  type DatabaseDraft,
} from '../../web/src/features/tools/database-draft.ts';
import { parseArguments } from '../../web/src/features/tools/json-text.ts';
import { operationKey, pickableKeys } from '../../web/src/features/tools/openapi-import.ts';
import { toolCallStatusText, withToolEvent } from '../../web/src/features/chat/tool-calls.ts';

// The console's Custom APIs and Custom databases forms check what the admin typed before the
// server is asked, and send what the API takes; the chat folds streamed tool events into calls.

const ORDERS: ApiInput = {
  name: 'get_order',
  description: 'Finds an order by its number.',
  baseUrl: 'https://orders.example.com/api',
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
    {
      name: 'tenant',
      in: 'header',
      type: 'integer',
      description: '',
      required: false,
      default: 42,
      fixed: true,
    },
  ],
  auth: { kind: 'apiKey', in: 'header', name: 'X-API-Key', secret: 'ORDERS_KEY' },
  responsePath: '$.order',
  maxResponseBytes: 65_536,
  timeoutMs: 2500,
};

const draft = (changes: Partial<ApiDraft>): ApiDraft => ({
  ...NEW_API,
  name: 'lookup',
  baseUrl: 'https://api.example.com',
  ...changes,
});

describe('the custom API form', () => {
  it('shows a saved API and sends it back unchanged', () => {
    const shown = draftOfApi(ORDERS);
    expect(shown.parameters[1]?.default).toBe('42');
    expect(shown.timeoutSeconds).toBe('2.5');
    expect(shown.maxResponseKb).toBe('64');
    expect(apiDraftErrors(shown)).toEqual({});
    expect(apiInputOf(shown)).toEqual(ORDERS);
  });

  it('keeps every auth kind’s fields while the kind changes, and sends only the chosen', () => {
    const shown = draftOfApi(ORDERS);
    const basic = { ...shown, auth: { ...shown.auth, kind: 'basic' as const, username: 'ada' } };
    expect(apiInputOf(basic).auth).toEqual({
      kind: 'basic',
      username: 'ada',
      secret: 'ORDERS_KEY',
    });
    const back = { ...basic, auth: { ...basic.auth, kind: 'apiKey' as const } };
    expect(apiInputOf(back).auth).toEqual(ORDERS.auth);
  });

  it('reads a default by its type', () => {
    expect(parseDefault('string', '')).toEqual({ value: null });
    expect(parseDefault('string', '42')).toEqual({ value: '42' });
    expect(parseDefault('integer', '42')).toEqual({ value: 42 });
    expect(parseDefault('integer', '4.5')).toHaveProperty('error');
    expect(parseDefault('boolean', 'true')).toEqual({ value: true });
    expect(parseDefault('array', '[1, 2]')).toEqual({ value: [1, 2] });
    expect(parseDefault('object', '[1]')).toHaveProperty('error');
  });

  it('names the fields in fault', () => {
    const errors = apiDraftErrors(
      draft({
        name: '2fast',
        baseUrl: 'ftp://x',
        path: '/items/{id}',
        parameters: [{ ...NEW_PARAMETER, name: 'q', fixed: true }],
        auth: { ...NEW_API.auth, kind: 'bearer' },
        timeoutSeconds: '120',
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'auth.secret',
      'baseUrl',
      'name',
      'parameters.0.default',
      'path',
      'timeoutSeconds',
    ]);
    expect(errors.path).toContain('{id}');
  });

  it('offers the parameters the model fills in as the test call’s arguments', () => {
    expect(JSON.parse(exampleArguments(ORDERS.parameters))).toEqual({ orderId: '' });
  });

  it('reads the test call’s arguments as a JSON object', () => {
    expect(parseArguments('')).toEqual({ value: {} });
    expect(parseArguments('{"a": 1}')).toEqual({ value: { a: 1 } });
    expect(parseArguments('[1]')).toHaveProperty('error');
    expect(parseArguments('{a: 1}')).toHaveProperty('error');
  });

  it('picks OpenAPI operations as "METHOD /path"', () => {
    expect(operationKey({ method: 'GET', path: '/orders/{id}' })).toBe('GET /orders/{id}');
  });

  it('never picks an OpenAPI operation whose name is taken', () => {
    const operations = [
      { method: 'GET', path: '/orders/{id}', nameTaken: true },
      { method: 'GET', path: '/orders', nameTaken: false },
      { method: 'POST', path: '/orders', nameTaken: false },
    ];
    expect([...pickableKeys(operations)]).toEqual(['GET /orders', 'POST /orders']);
    expect(pickableKeys(operations.slice(0, 1)).size).toBe(0);
  });
});

const WAREHOUSE: DatabaseDraft = {
  ...NEW_DATABASE,
  name: 'warehouse',
  connectionSecret: 'WAREHOUSE_URL',
  queries: [
    {
      name: 'stock',
      description: 'Stock of one item',
      sql: "SELECT qty FROM stock WHERE sku = $1 AND note <> '$2'",
      parameters: [{ name: 'sku', type: 'string', description: '', required: true }],
    },
  ],
};

describe('the custom database form', () => {
  it('counts the placeholders of code only, not of quoted text', () => {
    expect(placeholderNumbers(WAREHOUSE.queries[0]?.sql ?? '')).toEqual([1]);
    expect(placeholderNumbers('SELECT $2, $1 -- $3')).toEqual([1, 2]);
  });

  it('sends a valid draft as the API takes it', () => {
    expect(databaseDraftErrors(WAREHOUSE)).toEqual({});
    const input = databaseInputOf(WAREHOUSE);
    expect(input).toMatchObject({ engine: 'postgres', maxRows: 100, statementTimeoutMs: 5000 });
    expect(draftOfDatabase(input)).toEqual(WAREHOUSE);
  });

  it('names the fields in fault', () => {
    const errors = databaseDraftErrors({
      ...WAREHOUSE,
      connectionSecret: '',
      maxRows: '0',
      queries: [
        { ...WAREHOUSE.queries[0]!, parameters: [] },
        { name: 'sql', description: '', sql: 'SELECT 1', parameters: [] },
        {
          name: 'by_id',
          description: '',
          sql: 'SELECT * FROM t WHERE id = $1',
          parameters: [{ name: '1st', type: 'integer', description: '', required: true }],
        },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual([
      'connectionSecret',
      'maxRows',
      'queries.0.sql',
      'queries.1.name',
      'queries.2.parameters.0.name',
    ]);
  });
});

describe('the tool calls of a streamed answer', () => {
  it('run from their call to their result', () => {
    const running = withToolEvent([], { call: { id: 'c1', tool: 'get_order', arguments: {} } });
    expect(running[0]?.status).toBe('running');
    const done = withToolEvent(running, {
      result: { id: 'c1', tool: 'get_order', status: 'blocked', result: null, error: 'Withheld' },
    });
    expect(done).toHaveLength(1);
    expect(toolCallStatusText(done[0]!)).toBe('blocked by the scanners');
  });
});
