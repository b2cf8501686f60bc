import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { demoAgent, withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { signedInPage } from './helpers/console.ts';
import { signedInAsker } from './helpers/api-token.ts';

// Admin › Custom APIs in Debian's chromium against the real server, whose outbound policy lets
// it reach the loopback (AIRISK_OUTBOUND_ALLOWED_NETWORKS, as a server admin would allow an
// internal network): an admin describes an orders API on a loopback server the test runs, with
// a bearer token kept as a custom secret made from the form; tries it with the Test call panel;
// gives it to a demo agent on its Tools tab; cannot delete it while the agent uses it; imports
// one operation of an OpenAPI document. A user's `call get_order {...}` in the chat then shows
// the call, its arguments and its result; a failing call is marked as failed. Custom databases
// get a page too (a connection that fails says why). Pages at phone width fit the screen.

const FLOW_TIMEOUT_MS = 180_000;
const TOKEN = 'orders-token-4711';
const AGENT = 'Order desk';
const ASKER = { name: 'Una User', email: 'una@example.com' };
/** How long the orders API takes to say it does not know an order. */
const SLOW_MS = 1500;

const real = withRealServer({ AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1/32' });

// The company's orders API, on the loopback: GET /orders/{id} with the bearer token.
let orders: Server;
let ordersUrl = '';
const seen: { path: string; authorization: string | undefined }[] = [];

function answerOrders(request: IncomingMessage, response: ServerResponse): void {
  seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.headers.authorization !== `Bearer ${TOKEN}`) {
    send(401, { error: 'unauthorized' });
    return;
  }
  const match = /^\/orders\/([\w-]+)$/.exec(request.url ?? '');
  if (match?.[1] === 'A-17') {
    send(200, { order: { id: 'A-17', status: 'shipped', items: 3 }, servedBy: 'orders-1' });
  } else {
    // Slowly: the chat shows the call running meanwhile.
    setTimeout(() => send(404, { error: `no order ${match?.[1] ?? ''}` }), SLOW_MS);
  }
}

beforeAll(async () => {
  orders = createServer(answerOrders);
  await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve));
  ordersUrl = `http://127.0.0.1:${(orders.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => orders.close(resolve));
});

const OPENAPI = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Stock', version: '1' },
  paths: {
    '/stock/{sku}': {
      get: {
        operationId: 'get_stock',
        summary: 'How many of an item are in stock',
        parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }],
      },
    },
    '/stock': {
      post: { operationId: 'add_stock', summary: 'Adds stock' },
    },
  },
});

describe('Admin › Custom APIs in a real browser', () => {
  test(
    'describe an API → test call → give it to an agent → the chat shows the call',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-custom-apis');
      const agent = await demoAgent(real.airisk, AGENT);
      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/custom-apis');

      // None yet: the page says what to do.
      await page.getByRole('heading', { name: 'Custom APIs', level: 1 }).waitFor();
      await page.getByText('No custom API yet').waitFor();
      await journal.visit(page, 'custom apis, none yet');

      // A new API: Create with nothing filled in marks the fields and focuses the first.
      await page.getByRole('link', { name: 'New custom API' }).click();
      const form = page.getByRole('form', { name: 'New custom API' });
      await form.getByRole('button', { name: 'Create API' }).click();
      await page.getByText('fields need your attention').waitFor();
      expect(await form.getByLabel('Name', { exact: true }).evaluate(isFocused)).toBe(true);
      await journal.visit(page, 'new api, marked fields');

      await form.getByLabel('Name', { exact: true }).fill('get_order');
      await form
        .getByLabel('Description for the model')
        .fill('Finds a customer order by its number: its status and item count.');
      await form.getByLabel('Base URL', { exact: true }).fill(ordersUrl);
      await form.getByLabel('Path', { exact: true }).fill('/orders/{orderId}');
      await form.getByRole('button', { name: 'Add a parameter' }).click();
      await form.getByLabel('Name of parameter 1').fill('orderId');
      await form.getByLabel('Location of parameter 1').selectOption('path');
      await form.getByLabel('Required: of parameter 1').check();
      await form.getByLabel('Description of parameter 1').fill('The order number, such as A-17');
      // Authentication: a bearer token, kept as a new custom secret made right here.
      await form.getByLabel('Kind', { exact: true }).selectOption('bearer');
      await form.locator('summary', { hasText: 'Add a secret' }).click();
      await form.getByLabel('Secret name').fill('ORDERS_TOKEN');
      await form.getByLabel('Secret value').fill(TOKEN);
      await form.getByRole('button', { name: 'Save secret' }).click();
      await expect
        .poll(() => form.getByLabel('Token', { exact: true }).inputValue())
        .toBe('ORDERS_TOKEN');
      await form.getByLabel('JSONPath (optional)').fill('$.order');
      await journal.visit(page, 'new api, filled in');
      await form.getByRole('button', { name: 'Create API' }).click();

      // Its page: created, then a real call through the Test call panel.
      await page.getByRole('heading', { name: 'get_order', level: 1 }).waitFor();
      await page.getByText('The API is created').waitFor();
      const apiUrl = page.url();
      const test = page.getByRole('form', { name: 'Test call' });
      expect(JSON.parse(await test.getByLabel('Arguments (JSON)').inputValue())).toEqual({
        orderId: '',
      });
      await test.getByLabel('Arguments (JSON)').fill('{"orderId": "A-17"}');
      await test.getByRole('button', { name: 'Test call' }).click();
      const answered = page.locator('.test-call-result').getByText('The API answered');
      await answered.waitFor();
      const shown = (await page.locator('.test-call-result pre').textContent()) ?? '';
      expect(JSON.parse(shown)).toEqual({ id: 'A-17', status: 'shipped', items: 3 });
      expect(seen.at(-1)).toEqual({ path: '/orders/A-17', authorization: `Bearer ${TOKEN}` });
      await journal.visit(page, 'api page, test call answered');
      // Arguments that are not JSON are refused before any call.
      await test.getByLabel('Arguments (JSON)').fill('{orderId: A-17}');
      await test.getByRole('button', { name: 'Test call' }).click();
      await test.getByText('This is not JSON').waitFor();
      // A call the API answers 404: the error says so.
      await test.getByLabel('Arguments (JSON)').fill('{"orderId": "Z-1"}');
      await test.getByRole('button', { name: 'Test call' }).click();
      await page.locator('.test-call-result').getByText('The call failed').waitFor();
      expect(await page.locator('.test-call-result pre').textContent()).toContain('404');
      await journal.visit(page, 'api page, test call failed');

      // The agent's Tools tab: the API by name, and at most 3 steps.
      await page.goto(`${real.airisk.url}/admin/agents/${agent.id}`);
      await page.getByRole('tab', { name: 'Tools' }).click();
      const tools = page.getByRole('form', { name: 'Tools' });
      await tools.getByRole('checkbox', { name: /get_order/ }).check();
      await tools.getByLabel('Steps per answer at most').fill('3');
      await tools.getByRole('button', { name: 'Save tools' }).click();
      await tools.getByText('Saved.').waitFor();
      await journal.visit(page, 'agent tools tab');

      // The list shows who uses it; deleting it is refused while the agent does.
      await page.goto(`${real.airisk.url}/admin/custom-apis`);
      const row = page.getByRole('row', { name: /get_order/ });
      await row.getByRole('link', { name: AGENT }).waitFor();
      expect(await row.textContent()).toContain('Bearer token');
      await journal.visit(page, 'custom apis list');
      await page.goto(apiUrl);
      await page.getByRole('button', { name: 'Delete API' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete “get_order”?' });
      await dialog.getByText(`${AGENT} still uses it`).waitFor();
      await dialog.getByRole('button', { name: 'Delete API' }).click();
      await dialog.getByRole('alert').getByText(AGENT).waitFor();
      await journal.visit(page, 'delete refused while used');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // The API's page on a phone: every field in reach, nothing wider than the screen.
      await page.setViewportSize(PHONE);
      await page.getByRole('heading', { name: 'get_order', level: 1 }).waitFor();
      await journal.visit(page, 'api page on a phone', { dark: true });
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });

      // Import from OpenAPI: a dry run lists the operations; only the one picked is created.
      await page.goto(`${real.airisk.url}/admin/custom-apis/import`);
      await page.getByLabel('OpenAPI document (JSON or YAML)').fill(OPENAPI);
      await page.getByLabel('Base URL (optional)').fill(ordersUrl);
      await page.getByRole('button', { name: 'List operations' }).click();
      const picker = page.getByRole('group', { name: 'Pick the operations to import' });
      await picker.getByRole('checkbox', { name: /get_stock/ }).waitFor();
      await picker.getByRole('checkbox', { name: /add_stock/ }).uncheck();
      await journal.visit(page, 'import, operations listed');
      await page.getByRole('button', { name: 'Import one API' }).click();
      await page.getByText('Imported one API: get_stock').waitFor();
      await page.getByRole('row', { name: /get_stock/ }).waitFor();
      expect(await page.getByRole('row', { name: /add_stock/ }).count()).toBe(0);
      await journal.visit(page, 'custom apis after the import');

      // Custom databases: one whose connection fails says why on Test connection.
      await page.getByRole('link', { name: 'Custom databases', exact: true }).click();
      await page.getByText('No custom database yet').waitFor();
      await page.getByRole('link', { name: 'New custom database' }).click();
      const database = page.getByRole('form', { name: 'New custom database' });
      await database.getByLabel('Name', { exact: true }).first().fill('warehouse');
      await database.locator('summary', { hasText: 'Add a secret' }).click();
      await database.getByLabel('Secret name').fill('WAREHOUSE_URL');
      // Port 9 (discard) on the loopback: nothing listens there.
      await database.getByLabel('Secret value').fill('postgres://reader:pw@127.0.0.1:9/stock');
      await database.getByRole('button', { name: 'Save secret' }).click();
      await expect
        .poll(() => database.getByLabel('Connection string', { exact: true }).inputValue())
        .toBe('WAREHOUSE_URL');
      await database.getByRole('button', { name: 'Add a query' }).click();
      const query = database.getByRole('group', { name: 'Query 1' });
      await query.getByLabel('Name', { exact: true }).fill('stock');
      await query.getByLabel('SQL', { exact: true }).fill('SELECT qty FROM stock WHERE sku = $1');
      await query.getByRole('button', { name: 'Add $1 to query 1' }).click();
      await query.getByLabel('Name of $1 of query 1').fill('sku');
      await database.getByLabel('Let the model write its own SQL').check();
      await journal.visit(page, 'new database, filled in');
      await database.getByRole('button', { name: 'Create database' }).click();
      await page.getByRole('heading', { name: 'warehouse', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText('The test failed').waitFor({ timeout: 30_000 });
      expect(await page.locator('.test-call-result').textContent()).not.toContain('pw@');
      await journal.visit(page, 'database page, test failed');
      await page.setViewportSize(PHONE);
      await journal.visit(page, 'database page on a phone');
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);
      await page.context().close();

      // A user of the agent: the demo engine calls the tool, and the chat shows the call.
      const asker = await signedInAsker(real, journal, agent.id, ASKER);
      const composer = asker.page.getByRole('textbox', { name: `Message to ${AGENT}` });
      await composer.fill('call get_order {"orderId": "A-17"}');
      await composer.press('Enter');
      const log = asker.page.getByRole('log', { name: 'Messages' });
      await log.getByText('get_order answered').waitFor({ timeout: 30_000 });
      const call = log.locator('details.tool-call').first();
      expect(await call.locator('summary').textContent()).toMatch(/Called get_order.*answered/);
      await journal.visit(asker.page, 'chat, the tool call closed');
      await call.locator('summary').click();
      expect(await call.locator('pre').first().textContent()).toContain('"orderId": "A-17"');
      expect(await call.locator('pre').nth(1).textContent()).toContain('"status": "shipped"');
      await journal.visit(asker.page, 'chat, the tool call opened');

      // An order the API does not know: the call shows as running while it is made (streamed),
      // then is marked failed, in words.
      await composer.fill('call get_order {"orderId": "Z-9"}');
      await composer.press('Enter');
      const running = asker.page.locator('.message-pending details.tool-call-running');
      await running.waitFor();
      expect(await running.locator('summary').textContent()).toContain('running');
      const failed = log.locator('details.tool-call-error');
      await failed.waitFor({ timeout: 30_000 });
      expect(await failed.locator('summary').textContent()).toContain('failed');
      await failed.locator('summary').click();
      expect(await failed.textContent()).toContain('404');
      await journal.visit(asker.page, 'chat, a failed call');
      await asker.page.setViewportSize(PHONE);
      await journal.visit(asker.page, 'chat on a phone', { dark: true });
      expect(await overflow(asker.page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);

      await asker.page.context().close();
      journal.expectNoProblems();
    },
  );
});

/** How much wider than the window the page is (0 or less: it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** In the page: whether the element has the focus (no DOM types in this Node project). */
function isFocused(element: unknown): boolean {
  return (
    element ===
    (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement
  );
}
