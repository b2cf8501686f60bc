import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode, getToken } from '../helpers/oauth-flow.ts';
import { post } from '../helpers/api-requests.ts';
import { chatWorld } from '../helpers/chat.ts';
import { errorReply, startFakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';
import { logCollector, type LogCollector } from '../helpers/log-collector.ts';

describe('server log', () => {
  let t: TestApp;
  let log: LogCollector;

  beforeEach(async () => {
    log = logCollector();
    t = await createTestApp({}, { level: 'trace', stream: log.stream });
  });
  afterEach(() => t.close());

  it('never contains a client secret, a code or an access token, whatever the request', async () => {
    const credentials = await aClient(t);
    const user = await aUser(t, { roles: ['CompanyAdmin'] });
    const generic = await getToken(t, credentials);
    const code = await getCode(t, credentials, { userid: user.id });
    const basic = Buffer.from(`${credentials.client.id}:${credentials.clientSecret}`).toString(
      'base64',
    );
    const exchange = await t.app.inject({
      method: 'POST',
      url: '/api/oauth2/Token',
      headers: { authorization: `Basic ${basic}` },
      payload: { code, redirect_uri: REDIRECT_URI, userid: user.id },
    });
    const userToken = exchange.json<{ access_token: string }>().access_token;
    // Credentials misplaced in a query string, a replayed code, a bad secret: all logged requests.
    await t.app.inject({
      url: `/api/oauth2?client_id=${credentials.client.id}&client_secret=${credentials.clientSecret}&code=${code}&redirect_uri=x`,
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/oauth2/Token',
      payload: {
        client_id: credentials.client.id,
        client_secret: credentials.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
      },
    });
    await t.app.inject({
      url: `/api/Users/ListUsers?access_token=${generic}`,
      headers: { authorization: `Bearer ${userToken}` },
    });

    const text = log.text();
    expect(text).toContain('/api/oauth2');
    for (const secret of [credentials.clientSecret, code, generic, userToken, basic]) {
      expect(text).not.toContain(secret);
    }
  });

  it("logs a provider's failure as a warning naming the engine, without the agent's key", async () => {
    const fake = await startFakeProvider();
    try {
      const apiKey = 'sk-logged-nowhere-0123456789abcdef';
      const { user, agent } = await chatWorld(t, {
        engine: 'openai',
        model: 'gpt-4o-mini',
        endpoint: `${fake.origin}/v1`,
        apiKey,
      });
      fake.reply = errorReply(
        401,
        openAiWire.errorBody(401, `Incorrect API key provided: ${apiKey}`),
      );
      const response = await post(t, user.token, '/api/Chat/AskAgent', {
        agentid: agent.id,
        question: 'Hello?',
      });
      expect(response.statusCode).toBe(502);

      const lines = log.entries();
      const warning = lines.find((line) => line.engine === 'openai');
      expect(warning).toMatchObject({ level: 40, kind: 'unavailable' });
      expect(lines.some((line) => Number(line.level) >= 50)).toBe(false);
      expect(log.text()).not.toContain(apiKey);
    } finally {
      await fake.close();
    }
  });

  it('names the traceId that a problem response carries', async () => {
    const response = await t.app.inject({ url: '/api/Users/ListUsers' });
    expect(response.statusCode).toBe(401);
    const { traceId } = response.json<{ traceId: string }>();
    expect(log.text()).toContain(traceId);
  });
});
