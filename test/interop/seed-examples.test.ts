import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, REDIRECT_URI } from '../helpers/test-app.ts';
import {
  createListeningApp,
  followAuthorization,
  listUsersOverHttp,
  type ListeningApp,
} from '../helpers/listening-app.ts';

// The examples of the original documentation ("Example Token Request", seeds/003), run for real
// against the listening server: only the documented placeholders are replaced.

const run = promisify(execFile);

const DOC_HOST = 'https://api.AIRisk.example.com';

/** The documented curl command: `-d` bodies exactly as written, placeholders to fill. */
const CURL_GENERIC_BODY =
  'client_id=YOUR_client_id&client_secret=YOUR_client_secret&redirect_uri=https%3A%2F%2Flocalhost%2Fcallback&code=AUTH_CODE_HERE';
const CURL_USER_BODY = `${CURL_GENERIC_BODY}&userid=user_42`;

/** The documented Python snippet, verbatim. */
const PYTHON_SNIPPET = `import requests

token_url = "https://api.AIRisk.example.com/api/oauth2/Token"
data = {
    "client_id": "YOUR_client_id",
    "client_secret": "YOUR_client_secret",
    "redirect_uri": "https://localhost/callback",
    "code": "AUTH_CODE_HERE"
}

response = requests.post(token_url, json=data)
token_response = response.json()

print(token_response.get("access_token"))
`;

// Same request with the userid the docs say to repeat from the authorization step.
const PYTHON_USER_SNIPPET = PYTHON_SNIPPET.replace(
  '"code": "AUTH_CODE_HERE"',
  '"code": "AUTH_CODE_HERE",\n    "userid": "user_42"',
);

function pythonRequestsMissing(): string | undefined {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3 with the "requests" package is not available';
  }
}
const skipPython = pythonRequestsMissing();

interface Placeholders {
  issuer: string;
  clientId: string;
  clientSecret: string;
  code: string;
}

function fill(template: string, values: Placeholders, encode: (value: string) => string): string {
  return template
    .replaceAll(DOC_HOST, values.issuer)
    .replaceAll('YOUR_client_id', encode(values.clientId))
    .replaceAll('YOUR_client_secret', encode(values.clientSecret))
    .replaceAll('AUTH_CODE_HERE', encode(values.code));
}

describe('the documented token request examples, run for real', () => {
  let t: ListeningApp;
  beforeEach(async () => {
    t = await createListeningApp();
  });
  afterEach(() => t.close());

  /** A client, user_42 (an admin, so acting as it is observable) and a code over HTTP. */
  async function prepare(userid?: string): Promise<Placeholders> {
    const { client, clientSecret } = await aClient(t);
    await aUser(t, { id: 'user_42', roles: ['CompanyAdmin'] });
    const url = new URL(`${t.issuer}/api/oauth2`);
    url.searchParams.set('client_id', client.id);
    url.searchParams.set('redirect_uri', REDIRECT_URI);
    if (userid !== undefined) {
      url.searchParams.set('userid', userid);
    }
    const code = (await followAuthorization(url)).searchParams.get('code');
    expect(code).toBeTruthy();
    return { issuer: t.issuer, clientId: client.id, clientSecret, code: code as string };
  }

  async function curl(values: Placeholders, bodyTemplate: string): Promise<string> {
    const { stdout } = await run('curl', [
      '--silent',
      '--show-error',
      '-X',
      'POST',
      fill(`${DOC_HOST}/api/oauth2/Token`, values, String),
      '-H',
      'Content-Type: application/x-www-form-urlencoded',
      '-d',
      fill(bodyTemplate, values, encodeURIComponent),
    ]);
    return stdout;
  }

  async function python(values: Placeholders, snippet: string): Promise<string> {
    const { stdout } = await run('python3', ['-c', fill(snippet, values, String)]);
    return stdout.trim();
  }

  /** What a token may do: list users always; create one only when it acts as an admin user. */
  async function expectTokenWorks(accessToken: string, actsAs: string | undefined) {
    const list = await listUsersOverHttp(t.issuer, accessToken);
    expect(list.status, await list.clone().text()).toBe(200);
    expect(await list.json()).toEqual([expect.objectContaining({ id: 'user_42' })]);

    expect(decodeJwt(accessToken).userid).toBe(actsAs);
    const created = await fetch(`${t.issuer}/api/Users/CreateUser`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new@example.com', name: 'New' }),
    });
    expect(created.status, await created.clone().text()).toBe(actsAs === undefined ? 403 : 201);
  }

  it('curl, generic token: prints a token response whose access_token works', async () => {
    const values = await prepare();
    const response = JSON.parse(await curl(values, CURL_GENERIC_BODY)) as Record<string, unknown>;
    expect(response).toMatchObject({
      access_token: expect.any(String),
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    await expectTokenWorks(response.access_token as string, undefined);
  });

  it('curl, user-specific token (userid=user_42): the token acts as user_42', async () => {
    const values = await prepare('user_42');
    const response = JSON.parse(await curl(values, CURL_USER_BODY)) as Record<string, unknown>;
    expect(response.access_token).toEqual(expect.any(String));
    await expectTokenWorks(response.access_token as string, 'user_42');
  });

  it('curl, user-specific body for a code issued without userid: the bare "Invalid Code"', async () => {
    // curl sends Accept: */*, so the answer is the original's 400 text/plain (spec §3).
    const values = await prepare();
    expect(await curl(values, CURL_USER_BODY)).toBe('Invalid Code');
  });

  it.skipIf(skipPython)(
    `python requests with a JSON body prints a working access_token${skipPython ? ` (skipped: ${skipPython})` : ''}`,
    async () => {
      const values = await prepare();
      const printed = await python(values, PYTHON_SNIPPET);
      expect(printed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      await expectTokenWorks(printed, undefined);
    },
  );

  it.skipIf(skipPython)(
    `python requests with userid=user_42 prints a token acting as user_42${skipPython ? ` (skipped: ${skipPython})` : ''}`,
    async () => {
      const values = await prepare('user_42');
      const printed = await python(values, PYTHON_USER_SNIPPET);
      expect(printed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      await expectTokenWorks(printed, 'user_42');
    },
  );
});
