import { clientOf, post } from '../helpers/api-requests.ts';
import { changeSettings, putLogo, smtpSettingsFor } from '../helpers/company-requests.ts';
import { png } from '../helpers/file-fixtures.ts';
import {
  companySettings,
  freshAgent,
  freshGroup,
  get,
  postJson,
  unique,
  type Prepare,
  type Sent,
  type World,
} from './case-world.ts';

// The request cases of the operations the admin console added (API clients, company settings
// and single sign-on through them, user import, agent templates and connection tests, the
// audit log's export), in the form of request-cases.ts.

const CLIENT_REDIRECT = 'https://casing.example.com/callback';

async function freshClientId(w: World): Promise<string> {
  const response = await post(w.t, w.admin.token, '/api/Clients/CreateClient', {
    name: 'Casing client',
    redirectUris: [CLIENT_REDIRECT],
  });
  return response.json<{ client: { id: string } }>().client.id;
}

/** A request naming a fresh client: `body` gets its id as `clientId`. */
const ofFreshClient =
  (url: string, body: Record<string, unknown> = {}): Prepare =>
  async (w) => {
    const clientId = await freshClientId(w);
    return { ...postJson(url, w.admin.token, { clientId, ...body }), made: { clientId } };
  };

const withLogo = async (w: World) => {
  await putLogo(w.t, w.admin.token, png, 'image/png');
};

/** Single sign-on begun in a browser: the IdP's authorization URL and the browser's cookie. */
async function ssoStarted(w: World): Promise<{ authorizationUrl: URL; cookie: string }> {
  const response = await w.t.app.inject({ url: '/api/Account/Sso/Start' });
  const cookie = response.cookies.find((c) => c.name === 'airisk_sso')?.value;
  if (response.statusCode !== 302 || !cookie) {
    throw new Error(`single sign-on did not start: ${response.statusCode} ${response.body}`);
  }
  return { authorizationUrl: new URL(response.headers.location as string), cookie };
}

/** The identity provider's answer, back at AIRisk's callback in the browser that started. */
function ssoCallback(cookie: string, query: Record<string, string>): Sent {
  return {
    ...get('/api/Account/Sso/Callback', undefined, query),
    browser: { cookie: `airisk_sso=${cookie}`, csrfToken: '' },
  };
}

const CSV_HEADER = 'email,name,roles,groups';

export const CONSOLE_CASES: Record<string, Prepare[]> = {
  'GET /api/Clients/ListClients': [async (w) => get('/api/Clients/ListClients', w.admin.token)],
  'POST /api/Clients/CreateClient': [
    async (w) => {
      const name = unique('Casing client ');
      return {
        ...postJson('/api/Clients/CreateClient', w.admin.token, {
          name,
          redirectUris: [CLIENT_REDIRECT],
        }),
        made: { name },
      };
    },
  ],
  'POST /api/Clients/UpdateClient': [
    async (w) => {
      const name = unique('Renamed client ');
      const sent = await ofFreshClient('/api/Clients/UpdateClient', {
        name,
        redirectUris: ['https://casing.example.com/other'],
        disabled: true,
      })(w);
      return { ...sent, made: { ...sent.made, name } };
    },
  ],
  'POST /api/Clients/RotateClientSecret': [
    ofFreshClient('/api/Clients/RotateClientSecret', { graceSeconds: 600 }),
  ],
  'POST /api/Clients/UnlockClient': [ofFreshClient('/api/Clients/UnlockClient')],
  'DELETE /api/Clients/DeleteClient/{clientId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Clients/DeleteClient/${await freshClientId(w)}`,
      token: w.admin.token,
    }),
  ],
  'GET /api/Logs/ExportLogs': [
    async (w) =>
      get('/api/Logs/ExportLogs', w.admin.token, {
        since: '2000-01-01T00:00:00Z',
        until: '2999-01-01T00:00:00Z',
        event: 'code_issued',
        userId: w.user.user.id,
        clientId: (await clientOf(w.t)).client.id,
      }),
  ],
  'POST /api/Users/ImportUsers': [
    async (w) => {
      const emails = [unique('imported-'), unique('imported-')].map((e) => `${e}@example.com`);
      const csv = [
        CSV_HEADER,
        `${emails[0]},Imported One,User,`,
        `${emails[1]},Imported Two,"User,Monitor",`,
        'not-an-email,Bad Row,User,',
      ].join('\r\n');
      return {
        method: 'POST',
        url: '/api/Users/ImportUsers',
        token: w.admin.token,
        query: { invite: 'true' },
        raw: { contentType: 'text/csv', payload: csv },
        made: { first: emails[0] ?? '', second: emails[1] ?? '' },
      };
    },
  ],
  'POST /api/Groups/UpdateGroup': [
    async (w) => {
      const name = unique('Renamed group ');
      return {
        ...postJson('/api/Groups/UpdateGroup', w.admin.token, {
          groupId: await freshGroup(w),
          name,
        }),
        made: { name },
      };
    },
  ],
  'GET /api/Agents/ListTemplates': [async (w) => get('/api/Agents/ListTemplates', w.admin.token)],
  'POST /api/Agents/TestConnection': [
    async (w) => ({
      ...postJson('/api/Agents/TestConnection', w.admin.token, {
        agentId: await freshAgent(w),
        engine: 'llama',
        model: 'fake-model',
        endpoint: `${w.fake.origin}/v1`,
        region: 'eu-west-1',
        apiKey: 'sk-casing-test-9876',
      }),
    }),
  ],
  'GET /api/Company/Settings': [async (w) => get('/api/Company/Settings', w.admin.token)],
  'PUT /api/Company/Settings': [
    async (w) => {
      // From the world's settings each time, so that a name left unbound shows as no change.
      await changeSettings(w.t, w.admin.token, companySettings(w));
      const world = companySettings(w);
      const name = unique('Casing Corp ');
      return {
        method: 'PUT',
        url: '/api/Company/Settings',
        token: w.admin.token,
        body: {
          name,
          defaultAgentId: null,
          allowedSignInDomains: ['example.com', 'example.org'],
          sso: { ...world.sso, buttonLabel: 'Casing company sign-in' },
          smtp: smtpSettingsFor(w.mail.url, { from: 'Casing Mail <mail@example.com>' }),
          activityRetentionDays: 400,
          archiveAfterDays: 500,
        },
        made: { name },
      };
    },
  ],
  'PUT /api/Company/Logo': [
    async (w) => ({
      method: 'PUT',
      url: '/api/Company/Logo',
      token: w.admin.token,
      raw: { contentType: 'image/png', payload: png },
    }),
  ],
  'DELETE /api/Company/Logo': [
    async (w) => {
      await withLogo(w);
      return { method: 'DELETE', url: '/api/Company/Logo', token: w.admin.token };
    },
  ],
  'GET /api/Company/Logo': [
    async (w) => {
      await withLogo(w);
      return get('/api/Company/Logo', undefined, { v: '2' });
    },
  ],
  'POST /api/Company/SendTestMail': [
    async (w) =>
      postJson('/api/Company/SendTestMail', w.admin.token, { to: 'casing-mail@example.com' }),
  ],
  'GET /api/Account/Sso/Start': [
    async () => get('/api/Account/Sso/Start', undefined, { next: '/chat' }),
  ],
  'GET /api/Account/Sso/Callback': [
    async (w) => {
      // A person of the company's domain, new to AIRisk: signing in creates the account.
      const email = `${unique('sso-')}@example.com`;
      const subject = unique('casing-subject-');
      w.idp.accounts.set(subject, { email, emailVerified: true, name: 'Sso Person' });
      const { authorizationUrl, cookie } = await ssoStarted(w);
      const back = await w.idp.logIn(authorizationUrl, subject);
      return { ...ssoCallback(cookie, Object.fromEntries(back.searchParams)), made: { email } };
    },
    async (w) => {
      // The person refused at the identity provider.
      const { authorizationUrl, cookie } = await ssoStarted(w);
      return ssoCallback(cookie, {
        state: authorizationUrl.searchParams.get('state') ?? '',
        error: 'access_denied',
        error_description: 'The person declined',
      });
    },
  ],
};
