import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  post,
  type Caller,
  type UserResponse,
} from '../helpers/api-requests.ts';
import { changeSettings, defaultAgentOf } from '../helpers/company-requests.ts';
import { anAgent } from '../helpers/chat.ts';
import { importUsersFromCsv } from '../../src/users/import-users.ts';

// What the company settings give people as they arrive: the default agent (whichever way the
// user is created), and the sign-in domains an invitation must be in.

let t: TestApp;
let admin: Caller;

async function start(env: Record<string, string> = {}): Promise<void> {
  t = await createTestApp(env);
  admin = await asUser(t, ['CompanyAdmin']);
}

afterEach(() => t.close());

const invite = (email: string) => post(t, admin.token, '/api/Users/InviteUser', { email });

async function createdUserId(response: Awaited<ReturnType<typeof invite>>): Promise<string> {
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ user?: UserResponse } & Partial<UserResponse>>();
  return (body.user?.id ?? body.id) as string;
}

describe('the default agent', () => {
  it('is given to a user created by CreateUser, an invitation or a CSV import', async () => {
    await start();
    const agent = await anAgent(t, admin.token);
    await changeSettings(t, admin.token, { defaultAgentId: agent.id });

    const created = await createdUserId(
      await post(t, admin.token, '/api/Users/CreateUser', {
        email: 'created@example.com',
        name: 'Created',
      }),
    );
    const invited = await createdUserId(await invite('invited@example.com'));
    await importUsersFromCsv(t, Readable.from(['email,name\nimported@example.com,Imported\n']));
    const imported = (await t.store.users.findByEmail('imported@example.com'))!.id;

    for (const userId of [created, invited, imported]) {
      expect(await defaultAgentOf(t, userId), userId).toBe(agent.id);
    }
    // Users who were there before keep what they had.
    expect(await defaultAgentOf(t, admin.user.id)).toBeNull();
  });

  it('is not given once cleared, nor when its agent has been deleted since', async () => {
    await start();
    const agent = await anAgent(t, admin.token);
    await changeSettings(t, admin.token, { defaultAgentId: agent.id });
    expect((await del(t, admin.token, `/api/Agents/DeleteAgent/${agent.id}`)).statusCode).toBe(204);

    const afterDeletion = await createdUserId(await invite('late@example.com'));
    expect(await defaultAgentOf(t, afterDeletion)).toBeNull();

    const other = await anAgent(t, admin.token);
    await changeSettings(t, admin.token, { defaultAgentId: other.id });
    await changeSettings(t, admin.token, { defaultAgentId: null });
    const afterClearing = await createdUserId(await invite('later@example.com'));
    expect(await defaultAgentOf(t, afterClearing)).toBeNull();
  });
});

describe('the allowed sign-in domains, for invitations', () => {
  it('refuse an invitation outside them with a 400 naming the allowed domains', async () => {
    await start();
    await changeSettings(t, admin.token, { allowedSignInDomains: ['example.com', 'example.org'] });

    expectProblem(
      await invite('eve@elsewhere.test'),
      400,
      /^email: elsewhere\.test is not an allowed sign-in domain; allowed: example\.com, example\.org/,
    );
    expect(await t.store.users.findByEmail('eve@elsewhere.test')).toBeUndefined();
    expect((await invite('ada@Example.ORG')).statusCode).toBe(201);
  });

  it('follow AIRISK_OIDC_ALLOWED_DOMAINS until the settings name their own ([] allows any)', async () => {
    await start({
      AIRISK_OIDC_ISSUER: 'https://login.example.com',
      AIRISK_OIDC_CLIENT_ID: 'airisk',
      AIRISK_OIDC_ALLOWED_DOMAINS: 'example.com',
    });

    expectProblem(await invite('eve@elsewhere.test'), 400, /allowed: example\.com/);

    await changeSettings(t, admin.token, { allowedSignInDomains: [] });
    expect((await invite('eve@elsewhere.test')).statusCode).toBe(201);
  });
});
