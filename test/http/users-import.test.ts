import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aUser, createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import {
  allUsers,
  asUser,
  expectInsufficientScope,
  expectInvalidToken,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  type Caller,
  type Response,
} from '../helpers/api-requests.ts';

// POST /api/Users/ImportUsers: a CSV file as the body (text/csv), as `airisk users import` reads
// it; a bad row fails alone, and with invite=true each imported user gets an invitation.

interface ImportAnswer {
  imported: number;
  failed: { line: number; email: string | null; error: string }[];
  groupsCreated: string[];
  invitations: {
    line: number;
    email: string;
    userId: string;
    emailed: boolean;
    link: string | null;
    expiresAt: string | null;
    error: string | null;
  }[];
}

const HEADER = 'email,name,roles,groups';

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin'], { email: 'admin@example.com', name: 'Admin' });
});
afterEach(() => t.close());

interface ImportRequest {
  query?: string;
  token?: string;
  /** null: no Content-Type header at all. */
  contentType?: string | null;
}

function importCsv(
  csv: string,
  { query = '', token = admin.token, contentType = 'text/csv' }: ImportRequest = {},
): Promise<Response> {
  return t.app.inject({
    method: 'POST',
    url: `/api/Users/ImportUsers${query}`,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(contentType === null ? {} : { 'content-type': contentType }),
    },
    payload: csv,
  });
}

function answerOf(response: Response): ImportAnswer {
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ImportAnswer>();
}

const lines = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

async function groupNames(): Promise<Map<string, string>> {
  const response = await get(t, admin.token, '/api/Groups/ListGroups?results=100');
  return new Map(response.json<{ id: string; name: string }[]>().map((g) => [g.id, g.name]));
}

describe('POST /api/Users/ImportUsers', () => {
  it('imports every good row with its roles, creating the groups named', async () => {
    const response = await importCsv(
      lines(
        'ada@example.com,Ada Lovelace,User;Compliance,Finance;Research',
        'grace@example.com,Grace Hopper,,finance',
        'alan@example.com,"Turing, Alan",CompanyAdmin|User,',
      ),
    );

    expect(answerOf(response)).toEqual({
      imported: 3,
      failed: [],
      groupsCreated: ['Finance', 'Research'],
      invitations: [],
    });
    const names = await groupNames();
    const users = new Map((await allUsers(t, admin.token)).map((user) => [user.email, user]));
    expect(users.get('ada@example.com')).toMatchObject({
      name: 'Ada Lovelace',
      roles: expect.arrayContaining(['User', 'Compliance']),
    });
    expect(
      users
        .get('ada@example.com')
        ?.groups.map((id) => names.get(id))
        .sort(),
    ).toEqual(['Finance', 'Research']);
    expect(users.get('grace@example.com')).toMatchObject({ roles: ['User'] });
    expect(users.get('grace@example.com')?.groups.map((id) => names.get(id))).toEqual(['Finance']);
    expect(users.get('alan@example.com')).toMatchObject({ name: 'Turing, Alan', groups: [] });
  });

  it('joins groups that exist already instead of creating them again', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/Groups/CreateGroup',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { name: 'Legal' },
    });
    expect(created.statusCode, created.body).toBe(201);

    const answer = answerOf(await importCsv(lines('lee@example.com,Lee,,LEGAL')));

    expect(answer.groupsCreated).toEqual([]);
    const lee = (await allUsers(t, admin.token)).find((user) => user.email === 'lee@example.com');
    expect(lee?.groups).toEqual([created.json<{ id: string }>().id]);
  });

  it('reports each bad row by line and imports the others', async () => {
    await aUser(t, { email: 'taken@example.com' });

    const answer = answerOf(
      await importCsv(
        lines(
          'one@example.com,One,,',
          'not-an-email,Bad Email,,',
          'two@example.com,Two,Wizard,',
          'one@example.com,One Again,,',
          'taken@example.com,Taken,,',
          'three@example.com,Three,,',
        ),
      ),
    );

    expect(answer.imported).toBe(2);
    expect(answer.failed).toEqual([
      { line: 3, email: 'not-an-email', error: expect.stringMatching(/email/i) },
      { line: 4, email: 'two@example.com', error: expect.stringMatching(/Wizard/) },
      { line: 5, email: 'one@example.com', error: 'Duplicate email: line 2 has it too' },
      { line: 6, email: 'taken@example.com', error: 'A user with this email already exists' },
    ]);
    const emails = (await allUsers(t, admin.token)).map((user) => user.email);
    expect(emails).toEqual(expect.arrayContaining(['one@example.com', 'three@example.com']));
    expect(emails).not.toContain('two@example.com');
    const one = (await allUsers(t, admin.token)).find((user) => user.email === 'one@example.com');
    expect(one?.name).toBe('One');
  });

  it('reports a row without an email with email null', async () => {
    const answer = answerOf(await importCsv(lines(',Nobody,,', 'ok@example.com,Ok,,')));
    expect(answer.imported).toBe(1);
    expect(answer.failed).toEqual([{ line: 2, email: null, error: expect.any(String) }]);
  });

  it('takes files over the 1 MB other requests may send', async () => {
    const longName = 'n'.repeat(500_000);
    const csv = lines(
      ...Array.from({ length: 3 }, (_, i) => `long${i}@example.com,${longName},,`),
      'short@example.com,Short,,',
    );
    expect(csv.length).toBeGreaterThan(1024 * 1024);

    const answer = answerOf(await importCsv(csv));

    expect(answer.imported).toBe(1);
    expect(answer.failed.map((row) => row.line)).toEqual([2, 3, 4]);
  });

  it('takes text/csv with a charset', async () => {
    const response = await importCsv(lines('ada@example.com,Ada,,'), {
      contentType: 'text/csv; charset=utf-8',
    });
    expect(answerOf(response).imported).toBe(1);
  });
});

describe('POST /api/Users/ImportUsers?invite=true', () => {
  it('invites each imported user; without a mail server the links are in the answer', async () => {
    const answer = answerOf(
      await importCsv(lines('ada@example.com,Ada,,', 'bad,Bad,,', 'grace@example.com,Grace,,'), {
        query: '?invite=true',
      }),
    );

    expect(answer.imported).toBe(2);
    expect(answer.failed).toHaveLength(1);
    const users = new Map((await allUsers(t, admin.token)).map((user) => [user.email, user.id]));
    expect(answer.invitations).toEqual([
      {
        line: 2,
        email: 'ada@example.com',
        userId: users.get('ada@example.com'),
        emailed: false,
        link: expect.stringMatching(new RegExp(`^${TEST_ISSUER}/.*#token=.+`)),
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        error: null,
      },
      expect.objectContaining({ line: 4, email: 'grace@example.com', emailed: false, error: null }),
    ]);
    expect(answer.invitations[0]?.link).not.toEqual(answer.invitations[1]?.link);
    // A first invitation each, as the audit log tells it.
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=user_invited');
    expect(
      logs.json<{ details: { reinvited: boolean } }[]>().map((event) => event.details.reinvited),
    ).toEqual([false, false]);
  });

  it('invites nobody with invite=false', async () => {
    const answer = answerOf(
      await importCsv(lines('ada@example.com,Ada,,'), { query: '?invite=false' }),
    );
    expect(answer).toMatchObject({ imported: 1, invitations: [] });
  });
});

describe('POST /api/Users/ImportUsers: what it refuses', () => {
  const headerExpected = /The first line must be the header "email,name,roles,groups"/;

  it('answers 400 naming the header for an empty file', async () => {
    expectProblem(await importCsv(''), 400, headerExpected);
  });

  it('answers 400 naming the header for a file with another header, and imports nothing', async () => {
    expectProblem(await importCsv('mail,fullname\nada@example.com,Ada\n'), 400, headerExpected);
    expect((await allUsers(t, admin.token)).map((user) => user.email)).toEqual([
      'admin@example.com',
    ]);
  });

  it.each([
    ['JSON', 'application/json', '{"email":"ada@example.com"}', '"application/json"'],
    ['plain text', 'text/plain', lines('ada@example.com,Ada,,'), '"text/plain"'],
    ['no Content-Type', null, lines('ada@example.com,Ada,,'), 'none'],
  ])(
    'answers 400 naming Content-Type: text/csv for %s',
    async (_case, contentType, body, found) => {
      const response = await importCsv(body, { contentType });
      const problem = expectProblem(response, 400, /Content-Type: text\/csv/);
      expect(problem.detail).toContain(`found ${found}`);
      expect(await allUsers(t, admin.token)).toHaveLength(1);
    },
  );

  it('answers 413 for a file over 5 MB, and imports nothing', async () => {
    const row = 'someone@example.com,Someone,,\n';
    const csv = HEADER + '\n' + row.repeat(Math.ceil((5 * 1024 * 1024) / row.length));

    expectProblem(await importCsv(csv), 413, /larger than 5 MB/);
    expect(await allUsers(t, admin.token)).toHaveLength(1);
  });

  it('answers 413 for a file over 5 MB sent without Content-Length', async () => {
    const chunk = 'x'.repeat(1024 * 1024);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/Users/ImportUsers',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
      payload: Readable.from([HEADER + '\n', ...Array.from({ length: 6 }, () => chunk)]),
    });

    expectProblem(response, 413);
    expect(await allUsers(t, admin.token)).toHaveLength(1);
  });

  it('is for CompanyAdmins only', async () => {
    const user = await asUser(t);
    const csv = lines('ada@example.com,Ada,,');
    expectRoleDenied(await importCsv(csv, { token: user.token }));
    expectInsufficientScope(await importCsv(csv, { token: await genericToken(t) }));
    expectInvalidToken(await importCsv(csv, { token: 'not-a-token' }));
    expect(await allUsers(t, admin.token)).toHaveLength(2);
  });
});
