import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { getCode } from '../helpers/oauth-flow.ts';
import { basicAuthorization } from '../helpers/oauth-requests.ts';
import { clientOf } from '../helpers/api-requests.ts';
import { chatWorld, createConversation, multipart, toConversation } from '../helpers/chat.ts';
import { logCollector, type LogCollector } from '../helpers/log-collector.ts';
import { createListeningApp } from '../helpers/listening-app.ts';
import { rawRequest } from '../helpers/raw-http.ts';

// Issue #12: every secret-bearing name, in every spelling a client or an attacker may use, in
// the query, a form, JSON and headers, at every log level: none of the values reaches the log.

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

const SECRET_NAMES = [
  'client_secret',
  'code',
  'code_verifier',
  'access_token',
  'token',
  'refresh_token',
  'id_token',
  'password',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'assertion',
  'client_assertion',
  'authorization',
  'cookie',
];

const percent = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

// How a name can be spelled so that the server (or a lenient one) still reads it, and a naive
// match on the raw text misses it.
const SPELLINGS: Record<string, (name: string) => string> = {
  plain: (name) => name,
  percent: (name) => [...name].map(percent).join(''),
  firstPercent: (name) => percent(name) + name.slice(1),
  punctuationPercent: (name) => name.replace(/[_-]/g, percent),
  array: (name) => `${name}[]`,
  indexed: (name) => `${name}[0]`,
  htmlEntity: (name) => `amp;${name}`,
  mixedCase: (name) =>
    name.replace(/(^|[_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase()),
  upperCase: (name) => name.toUpperCase(),
};

interface Planted {
  /** Every value planted so far: none may appear in the log. */
  values: string[];
  /** A value never planted before, named for where it goes so that a leak says where. */
  next(where: string): string;
}

function planted(): Planted {
  const values: string[] = [];
  return {
    values,
    next(where) {
      const value = `${where}-${randomBytes(8).toString('hex')}`;
      values.push(value);
      return value;
    },
  };
}

/** `name=value` pairs, joined with `&`: every secret name in one spelling. */
function secretPairs(secrets: Planted, where: string, spelling: string): string {
  const spell = SPELLINGS[spelling] ?? String;
  return SECRET_NAMES.map(
    (name) => `${spell(name)}=${secrets.next(`${where}.${name}.${spelling}`)}`,
  ).join('&');
}

/** A JSON body with every secret name, in its own spelling and in mixed case. */
function secretJson(secrets: Planted, where: string): Record<string, string> {
  return Object.fromEntries(
    SECRET_NAMES.flatMap((name) => [
      [name, secrets.next(`${where}.${name}`)],
      [SPELLINGS.mixedCase?.(name) ?? name, secrets.next(`${where}.${name}.mixedCase`)],
    ]),
  );
}

/** Headers a credential travels in, besides the request's own Authorization. */
function secretHeaders(secrets: Planted, where: string): Record<string, string> {
  return {
    cookie: `session=${secrets.next(`${where}.cookie`)}`,
    'x-api-key': secrets.next(`${where}.x-api-key`),
    'api-key': secrets.next(`${where}.api-key`),
    'proxy-authorization': `Basic ${secrets.next(`${where}.proxy-authorization`)}`,
    'x-client-secret': secrets.next(`${where}.x-client-secret`),
  };
}

describe.each(LEVELS)('the server log at level %s', (level) => {
  let t: TestApp;
  let log: LogCollector;
  afterEach(() => t.close());

  it('holds none of the secrets sent in queries, forms, JSON and headers', async () => {
    log = logCollector();
    t = await createTestApp({}, { level, stream: log.stream });
    const secrets = planted();
    const client = await clientOf(t);
    const { user, agent } = await chatWorld(t);
    const code = await getCode(t, client);
    const basic = basicAuthorization(client.client.id, client.clientSecret);
    const realSecrets = [client.clientSecret, code, user.token, basic.slice('Basic '.length)];
    const authorize = new URLSearchParams({
      response_type: 'code',
      client_id: client.client.id,
      redirect_uri: REDIRECT_URI,
      state: 'shown-state',
    });

    const conversationId = await createConversation(t, user.token, agent.id);
    const file = multipart([{ name: 'notes.txt', content: 'Quokka supply notes' }]);

    for (const spelling of Object.keys(SPELLINGS)) {
      const query = (where: string) => secretPairs(secrets, where, spelling);
      await t.app.inject({ url: `/api/oauth2?${authorize.toString()}&${query('authorize')}` });
      await t.app.inject({
        method: 'POST',
        url: `/api/oauth2/Token?${query('token-query')}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: query('token-form'),
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/api/oauth2/token?${query('alias-query')}`,
        headers: { authorization: basic, ...secretHeaders(secrets, 'alias-headers') },
        payload: { code, redirect_uri: REDIRECT_URI },
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/oauth2/Introspect?${query('introspect-query')}`,
        headers: { 'content-type': 'application/json' },
        payload: `{"token": "${secrets.next('introspect-broken-json')}", "client_secret": `,
      });
      await t.app.inject({
        url: `/api/Users/ListUsers?${query('users-query')}`,
        headers: {
          authorization: `Bearer ${secrets.next('users-bearer')}`,
          ...secretHeaders(secrets, 'users-headers'),
        },
      });
      await t.app.inject({
        url: `/api/Users/ListUsers?${query('users-query-real')}`,
        headers: { authorization: `Bearer ${user.token}` },
      });
      const uploaded = await t.app.inject({
        method: 'POST',
        url: `${toConversation(conversationId)}?${query('upload-query')}`,
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': file.contentType,
          ...secretHeaders(secrets, 'upload-headers'),
        },
        payload: file.body,
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
    }
    await t.app.inject({
      method: 'POST',
      url: `/api/oauth2/Token?client_id=${client.client.id}&client_secret=${client.clientSecret}`,
      payload: { ...secretJson(secrets, 'token-json'), code, redirect_uri: REDIRECT_URI },
    });

    const text = log.text();
    const leaked = [...secrets.values, ...realSecrets].filter((value) => text.includes(value));
    expect(leaked).toEqual([]);
    if (level === 'trace') {
      // The multipart plugin logs the request's headers at trace: the line is there, censored.
      expect(text).toContain('Providing options to busboy');
    }
    if (level === 'trace' || level === 'debug' || level === 'info') {
      expect(text).toContain('/api/oauth2/Token?');
      expect(text).toContain('state=shown-state');
    }
  });
});

describe('the server log at level trace', () => {
  it('holds no byte of a request the HTTP parser refuses', async () => {
    const log = logCollector();
    const t = await createListeningApp({}, { level: 'trace', stream: log.stream });
    try {
      const token = `raw-bearer-${randomBytes(8).toString('hex')}`;
      const response = await rawRequest(Number(new URL(t.issuer).port), {
        method: 'GET',
        target: '/api/Users/ListUsers',
        headers: { authorization: `Bearer ${token}`, 'bad header': 'x' },
      });
      expect(response.status).toBe(400);
      // Node hands Fastify the bytes it read (err.rawPacket), which Fastify logs at trace.
      expect(log.text()).toContain('client error');
      expect(log.text()).not.toContain(token);
      expect(log.text()).not.toContain(Buffer.from(token).join(','));
    } finally {
      await t.close();
    }
  });
});
