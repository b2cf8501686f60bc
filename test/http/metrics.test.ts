import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords.ts';
import { aClient, aUser, createTestApp, REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';
import { exchangeCode, getCode, getToken } from '../helpers/oauth-flow.ts';
import { asUser, get } from '../helpers/api-requests.ts';
import { signIn } from '../helpers/account-requests.ts';
import { answerWith, ask, assign, anAgent, fakeLlamaAgent } from '../helpers/chat.ts';
import { startFakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { has, scrape, scrapeResponse, total } from '../helpers/metrics-scrape.ts';

// GET /metrics (issue #18): off without AIRISK_METRICS_TOKEN, behind that bearer token with it,
// and what requests, the authorization server and the database do to the series, whose labels
// never carry what was sent. The chat's series: metrics-chat.test.ts.

const TOKEN = 'metrics-token-0123456789abcdef';
const DASHBOARD = new URL('../../deploy/grafana-dashboard.json', import.meta.url);

/** An app of this test's own with the metrics token set, closed when the test ends. */
async function metricsApp(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({ AIRISK_METRICS_TOKEN: TOKEN, ...env });
  onTestFinished(() => t.close());
  return t;
}

describe('access to /metrics', () => {
  it('is a 404 problem, as an unknown path is, while AIRISK_METRICS_TOKEN is unset', async () => {
    const t = await createTestApp();
    onTestFinished(() => t.close());
    expect(t.metrics).toBeUndefined();
    for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
      const response = await scrapeResponse(t, authorization);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 404, detail: 'No endpoint GET /metrics' });
    }
  });

  it('is 401 with WWW-Authenticate: Bearer without the token or with another', async () => {
    const t = await metricsApp();
    const wrong = [
      undefined,
      'Bearer',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.replace('m', 'M')}`,
      `Basic ${Buffer.from(`metrics:${TOKEN}`).toString('base64')}`,
      `Bearer ${await getToken(t, await aClient(t))}`,
    ];
    for (const authorization of wrong) {
      const response = await scrapeResponse(t, authorization);
      expect(response.statusCode, authorization).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain('airisk_');
    }
  });

  it('answers the Prometheus text format, uncached, to the token, with process metrics', async () => {
    const t = await metricsApp();
    const response = await scrapeResponse(t, `bearer  ${TOKEN}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    const { samples } = await scrape(t, TOKEN);
    expect(has(samples, 'airisk_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(has(samples, 'airisk_process_cpu_seconds_total')).toBe(true);
    // Scrapes are requests too, counted under their own route.
    expect(total(samples, 'airisk_http_requests_total', { route: '/metrics', status: '200' })).toBe(
      1,
    );
  });
});

describe('HTTP requests', () => {
  it('are counted and timed by method, route pattern and status, never by URL', async () => {
    const t = await metricsApp();
    const admin = await asUser(t, ['CompanyAdmin']);
    const other = await aUser(t);
    expect((await get(t, admin.token, `/api/Users/GetUser/${other.id}`)).statusCode).toBe(200);
    expect((await get(t, admin.token, '/api/Users/GetUser/some-id')).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/NoSuchThing/some-id?secret=s3' })).statusCode).toBe(
      404,
    );
    const { text, samples } = await scrape(t, TOKEN);
    const route = '/api/Users/GetUser/:userId';
    const labels = { method: 'GET', route };
    expect(total(samples, 'airisk_http_requests_total', { ...labels, status: '200' })).toBe(1);
    expect(total(samples, 'airisk_http_requests_total', { ...labels, status: '404' })).toBe(1);
    const timed = { ...labels, status: '200' };
    expect(total(samples, 'airisk_http_request_duration_seconds_count', timed)).toBe(1);
    expect(total(samples, 'airisk_http_request_duration_seconds_sum', timed)).toBeGreaterThan(0);
    expect(
      total(samples, 'airisk_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBe(1);
    for (const value of ['some-id', other.id, 'NoSuchThing', 's3']) {
      expect(text).not.toContain(value);
    }
  });
});

describe('the authorization server', () => {
  it('counts codes and tokens issued by kind, and denials by their OAuth2 error code', async () => {
    const t = await metricsApp();
    const credentials = await aClient(t);
    const user = await aUser(t);
    await getToken(t, credentials);
    const code = await getCode(t, credentials, { userid: user.id });
    expect((await exchangeCode(t, credentials, code, { userid: user.id })).statusCode).toBe(200);
    // The code again: RFC 6749 §4.1.2 refuses a second use.
    const replay = await exchangeCode(t, credentials, code, { userid: user.id });
    expect(replay.json()).toMatchObject({ error: 'invalid_grant' });
    // An error sent back in the redirect, not answered directly.
    const redirected = await t.app.inject({
      url: `/api/oauth2?client_id=${credentials.client.id}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&response_type=token`,
    });
    expect(redirected.headers.location).toContain('error=unsupported_response_type');
    const { samples } = await scrape(t, TOKEN);
    expect(total(samples, 'airisk_oauth_codes_issued_total', { kind: 'generic' })).toBe(1);
    expect(total(samples, 'airisk_oauth_codes_issued_total', { kind: 'user' })).toBe(1);
    const grant = { grant: 'authorization_code' };
    expect(total(samples, 'airisk_oauth_tokens_issued_total', { ...grant, kind: 'generic' })).toBe(
      1,
    );
    expect(total(samples, 'airisk_oauth_tokens_issued_total', { ...grant, kind: 'user' })).toBe(1);
    expect(total(samples, 'airisk_oauth_denials_total', { error: 'invalid_grant' })).toBe(1);
    expect(
      total(samples, 'airisk_oauth_denials_total', { error: 'unsupported_response_type' }),
    ).toBe(1);
  });

  it('counts rate-limit hits by limit', async () => {
    const t = await metricsApp({ AIRISK_RATE_LIMIT_PER_IP: '2' });
    const credentials = await aClient(t);
    await getToken(t, credentials);
    const refused = await exchangeCode(t, credentials, 'any-code');
    expect(refused.statusCode).toBe(429);
    const { samples } = await scrape(t, TOKEN);
    expect(total(samples, 'airisk_rate_limit_hits_total', { limit: 'oauth_address' })).toBe(1);
    expect(total(samples, 'airisk_rate_limit_hits_total')).toBe(1);
  });

  it('counts requests refused by a locked client and a locked account', async () => {
    const t = await metricsApp({
      AIRISK_LOCKOUT_THRESHOLD: '2',
      AIRISK_SIGNIN_LOCKOUT_THRESHOLD: '1',
    });
    const credentials = await aClient(t);
    const wrongSecret = { ...credentials, clientSecret: 'not-the-secret' };
    for (let i = 0; i < 2; i += 1) {
      expect((await exchangeCode(t, wrongSecret, 'any-code')).statusCode).toBe(401);
    }
    expect((await exchangeCode(t, credentials, 'any-code')).statusCode).toBe(401);
    const person = await aUser(t);
    await t.store.logins.setPassword(
      person.id,
      await hashPassword('the right passphrase'),
      t.clock.nowSeconds(),
    );
    expect((await signIn(t, person.email, 'a wrong passphrase')).statusCode).toBe(401);
    expect((await signIn(t, person.email, 'the right passphrase')).statusCode).toBe(429);
    const { samples } = await scrape(t, TOKEN);
    expect(total(samples, 'airisk_lockout_hits_total', { subject: 'client' })).toBe(1);
    expect(total(samples, 'airisk_lockout_hits_total', { subject: 'account' })).toBe(1);
    expect(total(samples, 'airisk_oauth_denials_total', { error: 'invalid_client' })).toBe(3);
    expect(total(samples, 'airisk_rate_limit_hits_total')).toBe(0);
  });
});

describe('the database', () => {
  it('times statements by kind, and shows a PostgreSQL pool as it is when scraped', async () => {
    const t = await metricsApp();
    await asUser(t);
    const { text, samples } = await scrape(t, TOKEN);
    const kinds = samples
      .filter((s) => s.name === 'airisk_db_statement_duration_seconds_count' && s.value > 0)
      .map((s) => s.labels.kind);
    expect(kinds).toEqual(expect.arrayContaining(['select', 'insert']));
    expect(
      samples.filter((s) => s.name.startsWith('airisk_db_statement')).map((s) => s.labels.kind),
    ).toSatisfy((all: string[]) =>
      all.every((kind) => ['select', 'insert', 'update', 'delete', 'other'].includes(kind)),
    );
    expect(text).not.toMatch(/select .* from/i);
    if (t.config.databaseUrl.startsWith('postgres')) {
      expect(total(samples, 'airisk_db_pool_connections')).toBeGreaterThan(0);
      expect(has(samples, 'airisk_db_pool_idle_connections')).toBe(true);
      expect(total(samples, 'airisk_db_pool_waiting_queries')).toBe(0);
    } else {
      expect(has(samples, 'airisk_db_pool_connections')).toBe(false);
    }
  });
});

describe('deploy/grafana-dashboard.json', () => {
  it('queries only series the server exposes, from a ${DS_PROMETHEUS} data source', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      __inputs: { name: string }[];
      panels: { datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    expect(dashboard.__inputs.map((input) => input.name)).toEqual(['DS_PROMETHEUS']);
    const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []);
    expect(queries.length).toBeGreaterThan(15);
    const queried = new Set(
      queries.flatMap(({ expr }) =>
        [...expr.matchAll(/\bairisk_\w+/g)].map(([name]) =>
          name.replace(/_(bucket|sum|count)$/, ''),
        ),
      ),
    );
    const t = await metricsApp();
    const { text } = await scrape(t, TOKEN);
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map(([, name]) => name));
    const postgresOnly = /^airisk_db_pool_/;
    const missing = [...queried].filter(
      (name) =>
        !exposed.has(name) &&
        !(postgresOnly.test(name) && t.config.databaseUrl.startsWith('sqlite')),
    );
    expect(missing).toEqual([]);
    for (const panel of dashboard.panels.filter((p) => p.targets)) {
      expect(panel.datasource?.uid).toBe('${DS_PROMETHEUS}');
    }
  });
});

describe('labels', () => {
  it('never carry an email, an id, a password, a secret, a token or what a person wrote', async () => {
    const t = await metricsApp();
    const fake = await startFakeProvider();
    onTestFinished(() => fake.close());
    const email = 'metrics.person.7f3a@example.com';
    const password = 'violet tangerine harbour 93';
    const prompt = 'Summarise the Zanzibar-417 acquisition memo for the board';
    const credentials = await aClient(t);
    const admin = await asUser(t, ['CompanyAdmin']);
    const person = await aUser(t, { id: 'metrics-person-5e1d', email, roles: ['User'] });
    await t.store.logins.setPassword(person.id, await hashPassword(password), t.clock.nowSeconds());
    expect((await signIn(t, email, password)).statusCode).toBe(200);
    expect((await signIn(t, email, `${password}!`)).statusCode).toBe(401);
    const accessToken = await getToken(t, credentials, { userid: person.id });
    const agent = await anAgent(t, admin.token, fakeLlamaAgent(fake));
    await assign(t, admin.token, agent.id, { userid: person.id });
    answerWith(fake, ['An answer about Zanzibar-417.']);
    const answered = await ask(t, accessToken, { agentid: agent.id, question: prompt });
    expect((await get(t, accessToken, `/api/Users/GetUser/${person.id}`)).statusCode).toBe(200);
    const badBasic = Buffer.from(`${credentials.client.id}:${credentials.clientSecret}x`);
    await t.app.inject({
      method: 'POST',
      url: '/api/oauth2/Token',
      headers: { authorization: `Basic ${badBasic.toString('base64')}` },
      payload: { code: 'whatever' },
    });
    const known = [
      email,
      person.id,
      password,
      credentials.clientSecret,
      credentials.client.id,
      accessToken,
      prompt,
      'Zanzibar-417',
      answered.conversationId,
      agent.id,
      TOKEN,
    ];
    const { text, samples } = await scrape(t, TOKEN);
    const labelValues = samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.length).toBeGreaterThan(100);
    for (const value of known) {
      expect(labelValues.filter((label) => label.includes(value))).toEqual([]);
      expect(text).not.toContain(value);
    }
    // Only routes' patterns: a path as requested has no ':' and no id.
    const routes = new Set(samples.flatMap((s) => (s.labels.route ? [s.labels.route] : [])));
    expect(routes).toContain('/api/Users/GetUser/:userId');
    expect([...routes].filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(route))).toEqual([]);
  });
});
