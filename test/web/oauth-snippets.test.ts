import { execFile, execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import type { UserRecord } from '../../src/store/store.ts';
import { aClient, aUser, REDIRECT_URI } from '../helpers/test-app.ts';
import {
  createListeningApp,
  followAuthorization,
  type ListeningApp,
} from '../helpers/listening-app.ts';
import {
  curlSnippet,
  oauthFlow,
  pythonSnippet,
  SECRET_PLACEHOLDER,
  type SnippetInput,
} from '../../web/src/features/clients/snippets.ts';

// The admin console's copy-paste samples (/admin/clients) must work as pasted: the requests they
// describe are sent to a real listening server, and the curl and Python scripts are run as they
// are with bash and python3.

const hasPythonRequests = (() => {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} failed: ${error.message}\n${stdout}\n${stderr}`));
      } else {
        resolve(stdout);
      }
    });
    child.stdin?.end(input);
  });
}

/** The flow's three requests as the samples describe them, with Node's fetch. */
async function runFlow(input: SnippetInput) {
  const flow = oauthFlow(input);
  const location = await followAuthorization(flow.authorizationUrl);
  expect(`${location.origin}${location.pathname}`).toBe(input.redirectUri);
  const code = location.searchParams.get('code') ?? '';
  const token = await fetch(flow.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams(flow.tokenForm(code)),
  });
  const body = await token.text();
  if (token.status !== 200) {
    return { tokenStatus: token.status, body };
  }
  const accessToken = (JSON.parse(body) as { access_token: string }).access_token;
  const users = await fetch(flow.listUsersUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  return { tokenStatus: token.status, accessToken, users };
}

describe('the OAuth2 samples of the API clients page', () => {
  let t: ListeningApp;
  let client: ClientWithSecret;
  let user: UserRecord;
  let input: SnippetInput;

  beforeEach(async () => {
    t = await createListeningApp();
    client = await aClient(t);
    user = await aUser(t, { roles: ['User'] });
    input = {
      server: `${t.issuer}/`,
      clientId: client.client.id,
      redirectUri: REDIRECT_URI,
      clientSecret: client.clientSecret,
    };
  });

  afterEach(async () => {
    await t.close();
  });

  it('describe requests that give a generic token, which lists users', async () => {
    const result = await runFlow(input);
    expect(result.tokenStatus, result.body).toBe(200);
    expect(result.users?.status).toBe(200);
    const emails = ((await result.users?.json()) as { email: string }[]).map((u) => u.email);
    expect(emails).toContain(user.email);
    // A generic token: nothing but listing users.
    const agents = await fetch(`${t.issuer}/api/Chat/ListAgents`, {
      headers: { authorization: `Bearer ${result.accessToken}` },
    });
    expect(agents.status).toBe(403);
  });

  it('with a user id, give a token that acts as that user', async () => {
    const result = await runFlow({ ...input, userId: user.id });
    expect(result.tokenStatus, result.body).toBe(200);
    expect(result.users?.status).toBe(200);
    const agents = await fetch(`${t.issuer}/api/Chat/ListAgents`, {
      headers: { authorization: `Bearer ${result.accessToken}` },
    });
    expect(agents.status).toBe(200);
  });

  it('carry the placeholder, which the server refuses, until the secret is known', async () => {
    const { clientSecret: _, ...withoutSecret } = input;
    expect(oauthFlow(withoutSecret).tokenForm('x').client_secret).toBe(SECRET_PLACEHOLDER);
    expect(curlSnippet(withoutSecret)).toContain(`CLIENT_SECRET='${SECRET_PLACEHOLDER}'`);
    expect(pythonSnippet(withoutSecret)).toContain(`CLIENT_SECRET = "${SECRET_PLACEHOLDER}"`);
    const result = await runFlow(withoutSecret);
    expect(result.tokenStatus).toBe(401);
  });

  it('in curl, run as pasted into bash, list the users', async () => {
    const output = await run('bash', ['-s'], curlSnippet(input));
    expect(output).toMatch(/"access_token":"[\w.-]+"/);
    expect(output).toContain(`"email":"${user.email}"`);
  });

  it('in curl, with a user id, get that user a token', async () => {
    const output = await run('bash', ['-s'], curlSnippet({ ...input, userId: user.id }));
    expect(output).toContain(`"email":"${user.email}"`);
  });

  it.skipIf(!hasPythonRequests)('in Python, run as saved, list the users', async () => {
    const output = await run('python3', ['-'], pythonSnippet(input));
    expect(output).toContain(`${user.email} ${user.name}`);
    const asUser = await run('python3', ['-'], pythonSnippet({ ...input, userId: user.id }));
    expect(asUser).toContain(`${user.email} ${user.name}`);
  });
});
