import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { eachCliDatabase, parseJson, runCli } from '../helpers/run-cli.ts';

// `airisk apis …` and `airisk agents update --custom-apis/--max-tool-steps`, in-process on a
// fresh database; what they did is checked through the real app opened on the same database.

describe('airisk apis', () => {
  const world = eachCliDatabase();
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'airisk-apis-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, {
      AIRISK_DATABASE_URL: world.db.url,
      AIRISK_MASTER_KEY: world.db.masterKey,
      ...env,
    });
  const file = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const CREATE = [
    'apis',
    'create',
    '--name',
    'get_order',
    '--description',
    'Looks an order up',
    '--base-url',
    'https://orders.example.com/api',
    '--path',
    '/orders/{orderId}',
    '--param',
    'orderId:path:integer:required',
  ];

  it('create from options, list, show, update; every error a one-line message with exit 1', async () => {
    const created = await cli(['--json', ...CREATE, '--auth', 'none']);
    expect(created.code, created.stderr).toBe(0);
    expect(parseJson(created)).toMatchObject({
      name: 'get_order',
      method: 'GET',
      parameters: [{ name: 'orderId', in: 'path', type: 'integer', required: true }],
      auth: { kind: 'none' },
      usedBy: [],
    });

    const [listed, shown, updated] = await Promise.all([
      cli(['apis', 'list']),
      cli(['apis', 'show', 'GET_ORDER']),
      cli(['apis', 'update', 'get_order', '--timeout-ms', '2000', '--response-path', '$.order']),
    ]);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+METHOD\s+URL\s+AUTH\s+USED BY\n/);
    expect(listed.stdout).toContain(
      'get_order  GET     https://orders.example.com/api/orders/{orderId}  none',
    );
    expect(shown.stdout).toContain('orderId (path, integer, required)');
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout.trim()).toBe(
      'Updated custom API get_order: GET https://orders.example.com/api/orders/{orderId}.',
    );
    const api = await world.opened.store.customApis.findByName('get_order');
    expect(api).toMatchObject({ timeoutMs: 2000, responsePath: '$.order' });

    const errors = await Promise.all([
      cli([...CREATE]),
      cli(['apis', 'update', 'get_order']),
      cli(['apis', 'show', 'nope']),
      cli([...CREATE, '--name', 'other', '--auth-secret', 'KEY']),
      cli([...CREATE, '--name', 'other', '--param', 'orderId']),
      cli([...CREATE, '--name', 'other', '--method', 'trace']),
      cli(['apis', 'create', '--file', join(folder, 'missing.json')]),
    ]);
    expect(errors.map((result) => [result.code, result.stderr.trim()])).toEqual([
      [1, expect.stringMatching(/^Error: .*get_order/)],
      [1, 'Error: Nothing to change: give --file or an option such as --path'],
      [1, 'Error: No custom API with id or name "nope": see them with airisk apis list'],
      [1, expect.stringMatching(/^Error: --auth-… options describe an auth: give its kind too/)],
      [1, expect.stringMatching(/^Error: --param "orderId" is not NAME:IN\[:TYPE\]\[:required\]/)],
      [1, 'Error: The options: method must be one of: GET, POST, PUT, PATCH, DELETE'],
      [1, `Error: No file ${join(folder, 'missing.json')}`],
    ]);
  });

  it('create from a definition file, the options winning; the file is checked as a request body', async () => {
    await setSecret(world.opened, { name: 'ORDERS_KEY', value: 'sk-orders' });
    const definition = {
      name: 'from_file',
      description: 'Lists orders',
      baseUrl: 'https://orders.example.com/api',
      path: '/orders',
      parameters: [{ name: 'limit', in: 'query', type: 'integer', description: 'How many' }],
      auth: { kind: 'apiKey', in: 'header', name: 'X-API-Key', secret: 'ORDERS_KEY' },
    };
    const path = file('def.json', JSON.stringify(definition));
    const created = await cli([
      '--json',
      'apis',
      'create',
      '--file',
      path,
      '--name',
      'list_orders',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(parseJson(created)).toMatchObject({ ...definition, name: 'list_orders' });
    // What show --json prints is a definition file: edited, it goes back through update.
    const shown = await cli(['--json', 'apis', 'show', 'list_orders']);
    const edited = file('shown.json', shown.stdout.replace('"How many"', '"At most this many"'));
    const updated = await cli(['--json', 'apis', 'update', 'list_orders', '--file', edited]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(parseJson(updated)).toMatchObject({
      parameters: [expect.objectContaining({ description: 'At most this many' })],
    });

    const wrong = file(
      'wrong.yaml',
      'name: x\ndescription: y\nbaseUrl: https://a.example\ntimeoutMs: soon\n',
    );
    const refused = await cli(['apis', 'create', '--file', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `Error: ${wrong} with the options: timeoutMs must be integer`,
    );
  });

  it('agents update takes --custom-apis and --max-tool-steps; delete is refused while used', async () => {
    expect((await cli(CREATE)).code).toBe(0);
    const agent = await cli([
      '--json',
      'agents',
      'create',
      '--name',
      'Desk',
      '--engine',
      'demo',
      '--model',
      'demo',
    ]);
    expect(agent.code, agent.stderr).toBe(0);

    const updated = await cli([
      'agents',
      'update',
      'desk',
      '--custom-apis',
      'get_order',
      '--max-tool-steps',
      '3',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/^Updated agent Desk \(\S+\)\. Tools from: get_order\.\n$/);
    const refused = await cli(['apis', 'delete', 'get_order']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: Custom API "get_order" is a tool of "Desk"/);
    const unknown = await cli(['agents', 'update', 'Desk', '--custom-apis', 'nope']);
    expect(unknown.stderr).toMatch(/^Error: No custom API named "nope": create it first/);

    const cleared = await cli([
      '--json',
      'agents',
      'update',
      'Desk',
      '--custom-apis',
      '',
      '--max-tool-steps',
      'default',
    ]);
    expect(parseJson(cleared)).toMatchObject({ customApis: [], maxToolSteps: null });
    const deleted = await cli(['apis', 'delete', 'get_order']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout.trim()).toBe('Custom API get_order deleted.');
  });

  it('import picks operations from an OpenAPI file; --dry-run creates nothing', async () => {
    const openapi = file(
      'openapi.yaml',
      [
        'openapi: 3.0.3',
        'info: {title: Orders, version: "1"}',
        'servers: [{url: "https://orders.example.com/api"}]',
        'paths:',
        '  /orders/{orderId}:',
        '    get:',
        '      operationId: getOrder',
        '      parameters: [{name: orderId, in: path, required: true, schema: {type: integer}}]',
        '  /orders:',
        '    get: {operationId: listOrders}',
        '    post: {operationId: createOrder}',
      ].join('\n'),
    );
    const args = ['apis', 'import', '--file', openapi, '--operations', 'getOrder,listOrders'];
    const dry = await cli([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      'Would create 2 custom API(s) (dry run, nothing created):\n' +
        '  getOrder: GET https://orders.example.com/api/orders/{orderId}\n' +
        '  listOrders: GET https://orders.example.com/api/orders\n',
    );
    expect(await world.opened.store.customApis.list()).toEqual([]);

    const imported = await cli(['--json', ...args]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(parseJson<{ name: string }[]>(imported).map((api) => api.name)).toEqual([
      'getOrder',
      'listOrders',
    ]);
    const unknown = await cli(['apis', 'import', '--file', openapi, '--operations', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: The document has no operation "nope"/);
  });

  it('test calls the API once: the answer, or the failure with exit 1', async () => {
    const server = createServer((request, response) => {
      const found = request.url === '/api/orders/42';
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(found ? { id: 42, status: 'shipped' } : { error: 'none' }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const allowed = { AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32' };
      const base = `http://127.0.0.1:${port}/api`;
      expect((await cli([...CREATE, '--base-url', base])).code).toBe(0);

      const found = await cli(['apis', 'test', 'get_order', '--args', '{"orderId": 42}'], allowed);
      expect(found.code, found.stderr).toBe(0);
      expect(found.stdout).toMatch(/^get_order answered in \d+ ms:\n.*"shipped"/);
      const missing = await cli(
        ['--json', 'apis', 'test', 'get_order', '--args', '{"orderId": 7}'],
        allowed,
      );
      expect(missing.code).toBe(1);
      expect(parseJson(missing)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^The API answered 404/),
      });
      const badArgs = await cli(['apis', 'test', 'get_order', '--args', '42']);
      expect(badArgs.stderr.trim()).toBe(
        'Error: --args must be a JSON object, e.g. \'{"orderId": 42}\'',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
