import { createHash, randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { onTestFinished } from 'vitest';
import type { UserRecord } from '../../src/store/store.ts';
import { createLink, LINK_TTL_SECONDS, type LinkKind } from '../../src/accounts/links.ts';
import { beginTwoFactor, enableTwoFactor } from '../../src/accounts/two-factor.ts';
import { aUser, createTestApp, REDIRECT_URI } from '../helpers/test-app.ts';
import {
  aUserWithPassword,
  asBrowser,
  GOOD_PASSWORD,
  signedIn,
  type Browser,
} from '../helpers/account-requests.ts';
import { clientOf, post } from '../helpers/api-requests.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';
import { text, toAgent, upload } from '../helpers/chat.ts';
import { SCANNER_NAMES } from '../../src/vocabulary/scanners.ts';
import {
  freshAgent,
  freshConversation,
  freshGroup,
  freshUser,
  get,
  postJson,
  unique,
  type Prepare,
  type Sent,
  type World,
} from './case-world.ts';
import { COMPLIANCE_DASHBOARD_CASES } from './compliance-dashboard-cases.ts';
import { CONSOLE_CASES } from './console-cases.ts';
import { freshSecret, SERVER_ADMIN_CASES } from './server-admin-cases.ts';
import { MONITORING_USAGE_CASES } from './monitoring-usage-cases.ts';
import { ARCHIVE_CASES } from './archive-cases.ts';
import { CUSTOM_TOOLS_CASES, everyAgentToolField } from './custom-tools-cases.ts';

// One valid request per operation of the OpenAPI document, every documented query and body
// parameter set to a value that changes the answer (so that a name left unbound shows), for the
// property test of request-names.test.ts. Each `prepare` makes what it needs afresh, so the same
// request can be sent twice and answer alike.

const NEW_PASSWORD = 'plum orbit lantern marmalade';

/** A user with a password: a made-up email, a fixed name. */
const freshAccount = (w: World) =>
  aUserWithPassword(w.t, { email: `${unique('account')}@example.com`, name: 'Account Holder' });

/** A fresh account signed in: for what changes or ends a session. */
async function freshBrowser(w: World): Promise<{ user: UserRecord; browser: Browser }> {
  const user = await freshAccount(w);
  return { user, browser: await signedIn(w.t, user) };
}

/** Two-factor sign-in turned on for the user, as with an authenticator app; its recovery codes. */
async function withTwoFactor(w: World, user: UserRecord): Promise<string[]> {
  const { secret } = await beginTwoFactor(w.t, user);
  return enableTwoFactor(w.t, user.id, await generate({ secret, epoch: w.t.clock.nowSeconds() }));
}

/** A fresh one-time link of the user, for the cases that spend one. */
async function freshLink(
  w: World,
  kind: LinkKind,
  user: Pick<UserRecord, 'id' | 'email'>,
): Promise<string> {
  const { token } = await createLink(w.t.store, w.t.clock, {
    kind,
    userId: user.id,
    email: user.email,
    ttlSeconds: LINK_TTL_SECONDS[kind],
    createdBy: null,
  });
  return token;
}

/** A cookie-authenticated request of a fresh signed-in user. */
const ofFreshBrowser =
  (method: Sent['method'], url: string, body?: Record<string, unknown>): Prepare =>
  async (w) => {
    const { user, browser } = await freshBrowser(w);
    return { method, url, browser, ...(body && { body }), made: { email: user.email } };
  };

const everyAgentField = (w: World, name: string) => ({
  name,
  description: 'Answers about casing',
  engine: 'llama',
  model: 'fake-model',
  endpoint: `${w.fake.origin}/v1`,
  region: 'eu-west-1',
  useUserKey: false,
  systemPrompt: 'Be brief.',
  temperature: 0.5,
  maxMessages: 5,
  maxOutputTokens: 100,
  archiveAfterDays: 400,
  apiKey: 'sk-casing-key-1234',
  scanners: { toxicity: { action: 'flag' } },
});

async function tokenExchange(w: World, form: boolean): Promise<Sent> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const code = await getCode(w.t, w.credentials, {
    userid: w.user.user.id,
    codeChallenge: challenge,
  });
  return {
    method: 'POST',
    url: '/api/oauth2/Token',
    form,
    body: {
      client_id: w.credentials.client.id,
      client_secret: w.credentials.clientSecret,
      code,
      redirect_uri: REDIRECT_URI,
      response_uri: REDIRECT_URI,
      grant_type: 'authorization_code',
      userid: w.user.user.id,
      code_verifier: verifier,
    },
  };
}

const inspection =
  (endpoint: 'Revoke' | 'Introspect', form: boolean): Prepare =>
  async (w) => ({
    method: 'POST',
    url: `/api/oauth2/${endpoint}`,
    form,
    body: {
      token: await getToken(w.t, w.credentials, { userid: w.user.user.id }),
      token_type_hint: 'access_token',
      client_id: w.credentials.client.id,
      client_secret: w.credentials.clientSecret,
    },
  });

const assignment =
  (url: string, to: 'user' | 'group', assignFirst: boolean): Prepare =>
  async (w) => {
    const agentId = await freshAgent(w);
    const target = to === 'user' ? { userId: w.user.user.id } : { groupId: w.groupId };
    if (assignFirst) {
      await post(w.t, w.admin.token, '/api/Agents/AssignAgent', { agentId, ...target });
    }
    return { ...postJson(url, w.admin.token, { agentId, ...target }), made: { agentId } };
  };

const conversationsQuery = { results: '2', skip: '1', metadataSearch: 'casing' };

/** Keyed `METHOD path` as the OpenAPI document names the operation. */
export const CASES: Record<string, Prepare[]> = {
  'GET /api/oauth2': [
    async (w) =>
      get('/api/oauth2', undefined, {
        client_id: w.credentials.client.id,
        redirect_uri: REDIRECT_URI,
        state: 'xyz',
        userid: w.user.user.id,
        response_type: 'code',
        code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
        code_challenge_method: 'S256',
      }),
  ],
  'POST /api/oauth2/Token': [(w) => tokenExchange(w, true), (w) => tokenExchange(w, false)],
  'POST /api/oauth2/Revoke': [inspection('Revoke', true), inspection('Revoke', false)],
  'POST /api/oauth2/Introspect': [inspection('Introspect', true), inspection('Introspect', false)],
  'GET /api/Users/ListUsers': [
    async (w) =>
      get('/api/Users/ListUsers', w.admin.token, {
        results: '2',
        skip: '1',
        search: 'casing',
        after: 'casing-admin@example.com',
      }),
  ],
  'GET /api/Users/GetUser/{userId}': [
    async (w) => get(`/api/Users/GetUser/${w.user.user.id}`, w.admin.token),
  ],
  'POST /api/Users/CreateUser': [
    async (w) => {
      const id = unique('created_');
      const email = `${id}@example.com`;
      return {
        ...postJson('/api/Users/CreateUser', w.admin.token, {
          email,
          name: 'Created Casing',
          roles: ['Monitor'],
          id,
        }),
        made: { id, email },
      };
    },
  ],
  'POST /api/Users/InviteUser': [
    async (w) => {
      const email = `${unique('invited')}@example.com`;
      return {
        ...postJson('/api/Users/InviteUser', w.admin.token, {
          email,
          name: 'Invited Casing',
          roles: ['Monitor'],
          groupIds: [w.groupId],
        }),
        made: { email },
      };
    },
  ],
  'POST /api/Users/CreatePasswordResetLink': [
    async (w) =>
      postJson('/api/Users/CreatePasswordResetLink', w.admin.token, { userId: w.user.user.id }),
  ],
  'POST /api/Account/RequestPasswordReset': [
    async (w) => ({
      method: 'POST',
      url: '/api/Account/RequestPasswordReset',
      body: { email: w.user.user.email },
    }),
  ],
  'POST /api/Users/UpdateUser': [
    async (w) => {
      const userId = await freshUser(w);
      const email = `${unique('renamed')}@example.com`;
      return {
        ...postJson('/api/Users/UpdateUser', w.admin.token, {
          userId,
          email,
          name: 'Renamed',
          roles: ['Compliance'],
          disabled: true,
        }),
        made: { userId, email },
      };
    },
  ],
  'DELETE /api/Users/DeleteUser/{userId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Users/DeleteUser/${await freshUser(w)}`,
      token: w.admin.token,
    }),
  ],
  'POST /api/Users/DeleteUser': [
    async (w) => postJson('/api/Users/DeleteUser', w.admin.token, { userId: await freshUser(w) }),
  ],
  'POST /api/Users/AddUserToGroup': [
    async (w) => {
      const userId = await freshUser(w);
      return {
        ...postJson('/api/Users/AddUserToGroup', w.admin.token, { userId, groupId: w.groupId }),
        made: { userId },
      };
    },
  ],
  'POST /api/Users/RemoveUserFromGroup': [
    async (w) => {
      const userId = await freshUser(w);
      await post(w.t, w.admin.token, '/api/Users/AddUserToGroup', { userId, groupId: w.groupId });
      return postJson('/api/Users/RemoveUserFromGroup', w.admin.token, {
        userId,
        groupId: w.groupId,
      });
    },
  ],
  'POST /api/Users/SetUserToken': [
    async (w) =>
      postJson('/api/Users/SetUserToken', w.admin.token, {
        userId: w.user.user.id,
        provider: 'openai',
        token: 'sk-casing-1234',
      }),
  ],
  'DELETE /api/Users/SetUserToken': [
    async (w) => {
      const userId = await freshUser(w);
      await post(w.t, w.admin.token, '/api/Users/SetUserToken', {
        userId,
        provider: 'mistral',
        token: 'mistral-key-5678',
      });
      return {
        method: 'DELETE',
        url: '/api/Users/SetUserToken',
        token: w.admin.token,
        query: { userId, provider: 'mistral' },
      };
    },
  ],
  'GET /api/Users/ListUserTokens/{userId}': [
    async (w) => get(`/api/Users/ListUserTokens/${w.user.user.id}`, w.admin.token),
  ],
  'POST /api/Groups/CreateGroup': [
    async (w) => {
      const name = unique('Created group ');
      return {
        ...postJson('/api/Groups/CreateGroup', w.admin.token, { name, description: 'Made' }),
        made: { name },
      };
    },
  ],
  'GET /api/Groups/ListGroups': [
    async (w) =>
      get('/api/Groups/ListGroups', w.user.token, { results: '1', skip: '1', search: 'casing' }),
  ],
  'GET /api/Groups/GetGroup/{groupId}': [
    async (w) => get(`/api/Groups/GetGroup/${w.groupId}`, w.user.token),
  ],
  'DELETE /api/Groups/DeleteGroup/{groupId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Groups/DeleteGroup/${await freshGroup(w)}`,
      token: w.admin.token,
    }),
  ],
  'POST /api/Agents/CreateAgent': [
    async (w) => {
      const name = unique('Created agent ');
      const tools = await everyAgentToolField(w);
      const body = { ...everyAgentField(w, name), ...tools.fields };
      return {
        ...postJson('/api/Agents/CreateAgent', w.admin.token, body),
        made: { name, ...tools.made },
      };
    },
    async (w) => {
      const name = unique('Created agent ');
      const { apiKey: _, ...fields } = everyAgentField(w, name);
      const apiKeySecret = await freshSecret(w);
      return {
        ...postJson('/api/Agents/CreateAgent', w.admin.token, { ...fields, apiKeySecret }),
        made: { name, apiKeySecret },
      };
    },
  ],
  'GET /api/Agents/ListAllAgents': [async (w) => get('/api/Agents/ListAllAgents', w.admin.token)],
  'GET /api/Agents/ListAgentNames': [async (w) => get('/api/Agents/ListAgentNames', w.admin.token)],
  'POST /api/Agents/UpdateAgent': [
    async (w) => {
      const agentId = await freshAgent(w);
      const name = unique('Updated agent ');
      const tools = await everyAgentToolField(w);
      return {
        ...postJson('/api/Agents/UpdateAgent', w.admin.token, {
          agentId,
          ...everyAgentField(w, name),
          ...tools.fields,
        }),
        made: { agentId, name, ...tools.made },
      };
    },
    async (w) => {
      const agentId = await freshAgent(w);
      const apiKeySecret = await freshSecret(w);
      const body = { agentId, name: unique('Updated agent '), apiKeySecret };
      return { ...postJson('/api/Agents/UpdateAgent', w.admin.token, body), made: body };
    },
  ],
  'DELETE /api/Agents/DeleteAgent/{agentId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Agents/DeleteAgent/${await freshAgent(w)}`,
      token: w.admin.token,
    }),
  ],
  'POST /api/Agents/AssignAgent': [
    assignment('/api/Agents/AssignAgent', 'user', false),
    assignment('/api/Agents/AssignAgent', 'group', false),
  ],
  'POST /api/Agents/UnassignAgent': [
    assignment('/api/Agents/UnassignAgent', 'user', true),
    assignment('/api/Agents/UnassignAgent', 'group', true),
  ],
  'POST /api/Users/SetDefaultAgent': [
    async (w) =>
      postJson('/api/Users/SetDefaultAgent', w.admin.token, {
        userId: await freshUser(w),
        agentId: w.agentId,
      }),
  ],
  'GET /api/Chat/ListAgents': [async (w) => get('/api/Chat/ListAgents', w.user.token)],
  'POST /api/Chat/CreateConversation': [
    async (w) =>
      postJson('/api/Chat/CreateConversation', w.user.token, {
        agentId: w.agentId,
        title: 'Created',
        // Metadata keys are values: whatever their case, they are kept as sent.
        metadata: { Project: 'Apollo', agentid: 'not a parameter' },
      }),
  ],
  'GET /api/Chat/GetConversations': [
    async (w) =>
      get('/api/Chat/GetConversations', w.user.token, {
        ...conversationsQuery,
        agentId: w.agentId,
      }),
  ],
  'GET /api/Chat/GetConversations/{agentId}': [
    async (w) => get(`/api/Chat/GetConversations/${w.agentId}`, w.user.token, conversationsQuery),
  ],
  'GET /api/Chat/GetConversations/{agentId}/{results}/{skip}': [
    async (w) => get(`/api/Chat/GetConversations/${w.agentId}/2/1`, w.user.token),
  ],
  'GET /api/Chat/GetConversations/{agentId}/{results}/{skip}/{metadataSearch}': [
    async (w) => get(`/api/Chat/GetConversations/${w.agentId}/2/1/casing`, w.user.token),
  ],
  'GET /api/Chat/GetConversation/{conversationId}': [
    async (w) => {
      const conversationId = await freshConversation(w);
      return {
        ...get(`/api/Chat/GetConversation/${conversationId}`, w.user.token),
        made: { conversationId },
      };
    },
  ],
  'POST /api/Chat/UpdateConversation': [
    async (w) => {
      const conversationId = await freshConversation(w);
      return {
        ...postJson('/api/Chat/UpdateConversation', w.user.token, {
          conversationId,
          title: 'Renamed',
          metadata: { Owner: 'Ada', conversationId: 'a value' },
        }),
        made: { conversationId },
      };
    },
  ],
  'DELETE /api/Chat/DeleteConversation/{conversationId}': [
    async (w) => ({
      method: 'DELETE',
      url: `/api/Chat/DeleteConversation/${await freshConversation(w)}`,
      token: w.user.token,
    }),
  ],
  'POST /api/Scanner/Scan': [
    async (w) =>
      postJson('/api/Scanner/Scan', w.user.token, {
        text: 'Mail ana@example.org today',
        agentId: w.agentId,
        direction: 'file',
        scanners: ['personalInformation'],
      }),
  ],
  'GET /api/Scanners/Defaults': [async (w) => get('/api/Scanners/Defaults', w.admin.token)],
  'PUT /api/Scanners/Defaults': [
    async (w) => ({
      method: 'PUT',
      url: '/api/Scanners/Defaults',
      token: w.admin.token,
      // A threshold a little above every default's shows each scanner's name was bound.
      body: Object.fromEntries(SCANNER_NAMES.map((name) => [name, { threshold: 0.75 }])),
    }),
  ],
  'POST /api/Chat/AskAgent': [
    async (w) => {
      const conversationId = await freshConversation(w);
      return {
        ...postJson('/api/Chat/AskAgent', w.user.token, {
          agentId: w.agentId,
          question: 'What is a risk?',
          conversationId,
        }),
        made: { conversationId },
      };
    },
  ],
  'POST /api/Chat/ChatWithAgent': [
    async (w) => {
      const conversationId = await freshConversation(w);
      return {
        ...postJson('/api/Chat/ChatWithAgent', w.user.token, {
          conversationId,
          message: 'And then?',
        }),
        made: { conversationId },
      };
    },
  ],
  'POST /api/Chat/SubmitFeedback': [
    async (w) => {
      const answer = await post(w.t, w.user.token, '/api/Chat/AskAgent', {
        agentId: w.agentId,
        question: 'Rate me',
      });
      const { messageId } = answer.json<{ messageId: string }>();
      return {
        method: 'POST',
        url: '/api/Chat/SubmitFeedback',
        token: w.user.token,
        query: { messageId, rating: '4', comment: 'Clear' },
        made: { messageId },
      };
    },
  ],
  'POST /api/Chat/AddFileToConversation/{conversationId}': [
    async (w) => {
      const conversationId = await freshConversation(w);
      return {
        method: 'POST',
        url: `/api/Chat/AddFileToConversation/${conversationId}`,
        token: w.user.token,
        files: [text('casing.txt', 'Casing notes')],
        made: { conversationId },
      };
    },
  ],
  'POST /api/Chat/AddFilesToAgent/{agentId}': [
    async (w) => ({
      method: 'POST',
      url: toAgent(w.agentId),
      token: w.user.token,
      files: [text('more.txt', 'More notes')],
    }),
  ],
  'GET /api/Agents/ListAgentFiles/{agentId}': [
    async (w) => get(`/api/Agents/ListAgentFiles/${w.agentId}`, w.admin.token),
  ],
  'DELETE /api/Chat/DeleteFile/{fileId}': [
    async (w) => {
      const uploaded = await upload(w.t, w.user.token, toAgent(w.agentId), [text('gone.txt', 'x')]);
      const [file] = uploaded.json<{ id: string }[]>();
      return { method: 'DELETE', url: `/api/Chat/DeleteFile/${file?.id}`, token: w.user.token };
    },
  ],
  'GET /api/Logs/ListLogs': [
    async (w) =>
      get('/api/Logs/ListLogs', w.admin.token, {
        results: '3',
        skip: '1',
        since: '2000-01-01T00:00:00Z',
        until: '2999-01-01T00:00:00Z',
        event: 'code_issued',
        userId: w.user.user.id,
        clientId: (await clientOf(w.t)).client.id,
      }),
  ],
  'GET /api/Account/Options': [async () => get('/api/Account/Options')],
  'POST /api/Account/Setup': [
    async () => {
      // Only an empty database has a first run: an app of its own, closed with the test.
      const t = await createTestApp();
      onTestFinished(() => t.close());
      const { token } = await createLink(t.store, t.clock, {
        kind: 'setup',
        userId: null,
        email: null,
        ttlSeconds: LINK_TTL_SECONDS.setup,
        createdBy: null,
      });
      return {
        t,
        method: 'POST',
        url: '/api/Account/Setup',
        body: {
          token,
          email: 'first-admin@example.com',
          name: 'First Admin',
          password: GOOD_PASSWORD,
        },
      };
    },
  ],
  'POST /api/Account/SignIn': [
    async (w) => {
      // Two-factor sign-in is on, so that `code` (a recovery code) changes the answer.
      const user = await freshAccount(w);
      const [code = ''] = await withTwoFactor(w, user);
      return {
        method: 'POST',
        url: '/api/Account/SignIn',
        body: { email: user.email, password: GOOD_PASSWORD, code },
        made: { email: user.email },
      };
    },
  ],
  'POST /api/Account/SignOut': [ofFreshBrowser('POST', '/api/Account/SignOut')],
  'GET /api/Account/Session': [
    async (w) => ({ ...get('/api/Account/Session'), browser: w.browser }),
  ],
  'POST /api/Account/InspectLink': [
    async (w) => ({
      method: 'POST',
      url: '/api/Account/InspectLink',
      body: { kind: 'reset', token: await freshLink(w, 'reset', w.user.user) },
    }),
  ],
  'POST /api/Account/AcceptInvitation': [
    async (w) => {
      const user = await aUser(w.t, { email: `${unique('invited')}@example.com`, name: 'Invitee' });
      return {
        method: 'POST',
        url: '/api/Account/AcceptInvitation',
        body: {
          token: await freshLink(w, 'invitation', user),
          name: 'Accepted Invitee',
          password: GOOD_PASSWORD,
        },
        made: { email: user.email },
      };
    },
  ],
  'POST /api/Account/ResetPassword': [
    async (w) => {
      const user = await freshAccount(w);
      return {
        method: 'POST',
        url: '/api/Account/ResetPassword',
        body: { token: await freshLink(w, 'reset', user), password: NEW_PASSWORD },
      };
    },
  ],
  'POST /api/Account/ChangePassword': [
    ofFreshBrowser('POST', '/api/Account/ChangePassword', {
      currentPassword: GOOD_PASSWORD,
      newPassword: NEW_PASSWORD,
    }),
  ],
  'PUT /api/Account/Profile': [
    ofFreshBrowser('PUT', '/api/Account/Profile', { name: 'Renamed Holder' }),
  ],
  'GET /api/Account/Sessions': [
    async (w) => ({ ...get('/api/Account/Sessions'), browser: w.browser }),
  ],
  'DELETE /api/Account/Sessions/{sessionId}': [
    async (w) => {
      const { browser } = await freshBrowser(w);
      const current = await asBrowser(w.t, browser, 'GET', '/api/Account/Session');
      const sessionId = current.json<{ session: { id: string } }>().session.id;
      return { method: 'DELETE', url: `/api/Account/Sessions/${sessionId}`, browser };
    },
  ],
  'POST /api/Account/TwoFactor/Begin': [
    async (w) => ({ method: 'POST', url: '/api/Account/TwoFactor/Begin', browser: w.browser }),
  ],
  'POST /api/Account/TwoFactor/Enable': [
    async (w) => {
      const { user, browser } = await freshBrowser(w);
      const { secret } = await beginTwoFactor(w.t, user);
      const code = await generate({ secret, epoch: w.t.clock.nowSeconds() });
      return { method: 'POST', url: '/api/Account/TwoFactor/Enable', browser, body: { code } };
    },
  ],
  'POST /api/Account/TwoFactor/Disable': [
    async (w) => {
      const { user, browser } = await freshBrowser(w);
      await withTwoFactor(w, user);
      return {
        method: 'POST',
        url: '/api/Account/TwoFactor/Disable',
        browser,
        body: { password: GOOD_PASSWORD },
      };
    },
  ],
  'GET /.well-known/oauth-authorization-server': [
    async () => get('/.well-known/oauth-authorization-server'),
  ],
  'GET /.well-known/jwks.json': [async () => get('/.well-known/jwks.json')],
  'GET /healthz': [async () => get('/healthz')],
  'GET /readyz': [async () => get('/readyz')],
  // The property tests' apps set AIRISK_METRICS_TOKEN; without it this is a 404.
  'GET /metrics': [async (w) => get('/metrics', w.t.config.metricsToken)],
  ...CONSOLE_CASES,
  ...SERVER_ADMIN_CASES,
  ...COMPLIANCE_DASHBOARD_CASES,
  ...MONITORING_USAGE_CASES,
  ...ARCHIVE_CASES,
  ...CUSTOM_TOOLS_CASES,
};
