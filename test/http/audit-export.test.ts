import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';
import {
  asUser,
  expectInsufficientScope,
  expectProblem,
  genericToken,
  get,
  iso,
  post,
  type Caller,
} from '../helpers/api-requests.ts';

// GET /api/Logs/ExportLogs: the audit log as a CSV download, with ListLogs' filters and no
// paging, for CompanyAdmin and Compliance. A cell a spreadsheet would run as a formula is
// prefixed with an apostrophe (OWASP CSV injection).

interface AuditEvent {
  id: string;
  at: string;
  event: string;
  outcome: string;
  clientId: string | null;
  userId: string | null;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

const HEADER = 'at,event,outcome,userId,clientId,ip,reason,details,id';
// User ids may start with - or @: both start a formula in a spreadsheet.
const FORMULA_IDS = ['-2-3', '@SUM'];

let t: TestApp;
let admin: Caller;
let credentials: ClientWithSecret;

beforeEach(async () => {
  t = await createTestApp({ AIRISK_LOCKOUT_THRESHOLD: '0' });
  admin = await asUser(t, ['CompanyAdmin']);
  credentials = await aClient(t);
  t.clock.advance(10);
  for (const id of FORMULA_IDS) {
    const created = await post(t, admin.token, '/api/Users/CreateUser', {
      id,
      email: `${id.slice(1)}@example.com`,
      name: 'Formula',
    });
    expect(created.statusCode, created.body).toBe(201);
    t.clock.advance(1);
  }
  const code = await getCode(t, credentials, { userid: admin.user.id });
  expect((await exchangeCode(t, credentials, code, { userid: admin.user.id })).statusCode).toBe(
    200,
  );
  t.clock.advance(1);
  expect((await exchangeCode(t, credentials, 'guessed-code-0123456789')).statusCode).toBe(400);
});
afterEach(() => t.close());

function exportLogs(query = '', token = admin.token) {
  return get(t, token, `/api/Logs/ExportLogs${query}`);
}

async function listLogs(query = ''): Promise<AuditEvent[]> {
  const response = await get(t, admin.token, `/api/Logs/ListLogs?results=1000${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<AuditEvent[]>();
}

/** The export's rows (header included) as cells, read by a stock CSV parser. */
function rowsOf(body: string): string[][] {
  return parse(body);
}

/** What the export holds for an event ListLogs answers. */
function expectedRow(event: AuditEvent): string[] {
  const guard = (cell: string | null) =>
    cell === null ? '' : /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return [
    event.at,
    event.event,
    event.outcome,
    guard(event.userId),
    guard(event.clientId),
    guard(event.ip),
    guard(event.reason),
    JSON.stringify(event.details),
    event.id,
  ];
}

describe('GET /api/Logs/ExportLogs', () => {
  it('answers a CSV download: the header, then every event newest first as ListLogs has it', async () => {
    const response = await exportLogs();

    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="airisk-audit-log.csv"',
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(response.body.endsWith('\r\n')).toBe(true);

    const [header, ...rows] = rowsOf(response.body);
    expect(header).toEqual(HEADER.split(','));
    const events = await listLogs();
    expect(events.length).toBeGreaterThan(5);
    expect(rows).toEqual(events.map(expectedRow));
  });

  it('quotes cells with quotes, commas or line breaks, and guards formula starts', async () => {
    const { body } = await exportLogs();

    // details is JSON: quoted, its quotes doubled (RFC 4180 §2).
    expect(body).toContain('"{""roles"":[""User""]}"');
    // An id starting with - or @ would run as a formula: it is prefixed with an apostrophe.
    for (const id of FORMULA_IDS) {
      expect(body).toContain(`,user_created,success,'${id},`);
      expect(body).not.toContain(`,${id},`);
    }
    const created = rowsOf(body).filter((row) => row[1] === 'user_created');
    expect(created.map((row) => row[3])).toEqual(
      expect.arrayContaining(FORMULA_IDS.map((id) => `'${id}`)),
    );
  });

  it('filters by userId, clientId, event, since and until as ListLogs does', async () => {
    const since = iso(t.clock.nowSeconds() - 1);
    const queries = [
      `userId=${encodeURIComponent(admin.user.id)}`,
      `clientId=${encodeURIComponent(credentials.client.id)}`,
      `userId=${encodeURIComponent(FORMULA_IDS[0]!)}`,
      `clientId=${encodeURIComponent(credentials.client.id)}&event=token_denied`,
      `since=${since}`,
      `until=${since}&event=user_created`,
    ];
    for (const query of queries) {
      const response = await exportLogs(`?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const ids = rowsOf(response.body)
        .slice(1)
        .map((row) => row[8]);
      const listed = await listLogs(`&${query}`);
      expect(listed.length, query).toBeGreaterThan(0);
      expect(ids, query).toEqual(listed.map((event) => event.id));
    }
    const none = await exportLogs('?userId=nobody');
    expect(none.statusCode).toBe(200);
    expect(none.body).toBe(`${HEADER}\r\n`);
  });

  it('reads past its page size without repeating or losing an event logged in the same second', async () => {
    const second = t.clock.nowSeconds() + 100;
    await t.store.transaction(async (tx) => {
      for (let i = 0; i < 2500; i += 1) {
        await tx.audit.insert({
          id: `bulk-${String(i).padStart(5, '0')}`,
          at: second,
          event: 'test_mail_sent',
          outcome: 'success',
          clientId: null,
          userId: null,
          ip: null,
          reason: null,
          details: {},
        });
      }
    });

    const response = await exportLogs('?event=test_mail_sent');
    expect(response.statusCode).toBe(200);
    const ids = rowsOf(response.body)
      .slice(1)
      .map((row) => row[8]);
    expect(ids).toHaveLength(2500);
    expect(ids).toEqual(
      Array.from({ length: 2500 }, (_, i) => `bulk-${String(2499 - i).padStart(5, '0')}`),
    );
  });

  it('is open to Compliance; a plain user gets 403, a generic token 403, no token 401', async () => {
    const compliance = await asUser(t, ['Compliance']);
    const allowed = await exportLogs('', compliance.token);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body.startsWith(`${HEADER}\r\n`)).toBe(true);

    const user = await asUser(t, ['User']);
    const denied = expectProblem(await exportLogs('', user.token), 403);
    expect(denied.detail).toContain('CompanyAdmin');
    expect(denied.detail).toContain('Compliance');
    expectInsufficientScope(await exportLogs('', await genericToken(t)));
    expectProblem(await t.app.inject({ url: '/api/Logs/ExportLogs' }), 401);
  });

  it('answers 400 naming a bad filter', async () => {
    expectProblem(await exportLogs('?since=yesterday'), 400, 'since must be a valid date-time');
    expectProblem(
      await exportLogs(`?userId=${'u'.repeat(129)}`),
      400,
      'userId must be at most 128 characters long',
    );
  });
});
