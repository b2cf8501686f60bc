import { describe, expect, it } from 'vitest';
import { isSecretKey, redactUrls } from '../../src/http/log-policy.ts';
import { censorLogLine } from '../../src/http/server-log.ts';

// What the server log may hold (SECURITY.md, "What the server log holds"); the end-to-end proof
// over every level and request form is test/http/logging-redaction.test.ts.

const censor = (entry: unknown) => JSON.parse(censorLogLine(JSON.stringify(entry))) as unknown;

describe('redactUrls on the OAuth2 endpoints', () => {
  it('shows only the names that carry nothing secret', () => {
    expect(
      redactUrls(
        '/api/oauth2?response_type=code&client_id=c1&redirect_uri=https%3A%2F%2Fx%2Fcb&state=s1&userid=u1&code_challenge_method=S256&code_challenge=ch&nonce=n1',
      ),
    ).toBe(
      '/api/oauth2?response_type=code&client_id=c1&redirect_uri=https%3A%2F%2Fx%2Fcb&state=s1&userid=u1&code_challenge_method=S256&code_challenge=[redacted]&nonce=[redacted]',
    );
  });

  it.each([
    ['client_secret=S', 'client_secret=[redacted]'],
    ['Client_Secret=S', 'Client_Secret=[redacted]'],
    ['client%5Fsecret=S', 'client%5Fsecret=[redacted]'],
    ['%63lient_secret=S', '%63lient_secret=[redacted]'],
    ['client_secret[]=S', 'client_secret[]=[redacted]'],
    ['client_secret[0]=S', 'client_secret[0]=[redacted]'],
    ['x=1&amp;client_secret=S', 'x=[redacted]&amp;client_secret=[redacted]'],
    ['access%5Ftoken=S', 'access%5Ftoken=[redacted]'],
    ['client_secret%3DS', '[redacted]'],
    ['client_secret%3DS=1', '[redacted]=[redacted]'],
    ['a'.repeat(41), '[redacted]'],
    ['client_id=c&&code=S', 'client_id=c&&code=[redacted]'],
  ])('redacts %s on the token endpoint', (query, shown) => {
    expect(redactUrls(`/api/oauth2/Token?${query}`)).toBe(`/api/oauth2/Token?${shown}`);
  });

  it.each([
    '/api/oauth2/Introspect',
    '/api/oauth2/revoke/',
    '/API/OAUTH2/TOKEN',
    '/api/api/oauth2/token',
    '/api/%6Fauth2/Token',
  ])('treats %s as an OAuth2 endpoint', (path) => {
    expect(redactUrls(`${path}?foo=S`)).toBe(`${path}?foo=[redacted]`);
  });
});

describe('redactUrls elsewhere', () => {
  it('shows every value but those whose name says secret, in any spelling', () => {
    expect(
      redactUrls(
        '/api/Users/ListUsers?search=ada&limit=10&access_token=S&CODE=S&api-key=S&Key=S&%70assword=S&x_auth_token[]=S',
      ),
    ).toBe(
      '/api/Users/ListUsers?search=ada&limit=10&access_token=[redacted]&CODE=[redacted]&api-key=[redacted]&Key=[redacted]&%70assword=[redacted]&x_auth_token[]=[redacted]',
    );
  });

  // A value runs to the next space: a quote may be part of it, so it goes too.
  it('finds the URLs a message quotes', () => {
    expect(redactUrls('Reply sent twice in the "/api/oauth2/Token?client_secret=S" route?')).toBe(
      'Reply sent twice in the "/api/oauth2/Token?client_secret=[redacted] route?',
    );
  });

  it('never throws on a malformed percent-encoding', () => {
    expect(redactUrls('/x?%E0%A4%A=1&%ff=2&%zz=3&token%E0=S')).toBe(
      '/x?%E0%A4%A=1&%ff=2&%zz=3&[redacted]=[redacted]',
    );
  });

  it('takes linear time on a long text', () => {
    const started = performance.now();
    redactUrls(`${'/a'.repeat(200_000)}?${'b=1&'.repeat(50_000)}`);
    redactUrls(`${'x'.repeat(400_000)} ?`);
    redactUrls(`/x?${'['.repeat(100_000)}=1&${'%'.repeat(100_000)}=2`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('isSecretKey', () => {
  it.each([
    'authorization',
    'Proxy-Authorization',
    'cookie',
    'set-cookie',
    'client_secret',
    'clientSecret',
    'password',
    'token',
    'access_token',
    'refreshToken',
    'apiKey',
    'x-api-key',
    'privateKey',
    'key',
    'code_verifier',
    'client_assertion',
  ])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['code', 'rotatedKey', 'msg', 'url', 'statusCode', 'reqId', 'engine'])(
    '%s is not',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('censorLogLine', () => {
  it('redacts secret-named keys at any depth, in errors and arrays too', () => {
    expect(
      censor({
        level: 50,
        err: {
          message: 'failed',
          config: { headers: { Authorization: 'Bearer S', accept: '*/*' } },
        },
        busboyOptions: { headers: { cookie: 'a=S', 'x-api-key': 'S' } },
        list: [{ password: 'S' }, { client_secret: ['S'] }],
      }),
    ).toEqual({
      level: 50,
      err: {
        message: 'failed',
        config: { headers: { Authorization: '[redacted]', accept: '*/*' } },
      },
      busboyOptions: { headers: { cookie: '[redacted]', 'x-api-key': '[redacted]' } },
      list: [{ password: '[redacted]' }, { client_secret: '[redacted]' }],
    });
  });

  it('keeps numbers and booleans under such keys: a count is no secret', () => {
    expect(censor({ purged: { tokens: 3 }, hasApiKey: true, token: null })).toEqual({
      purged: { tokens: 3 },
      hasApiKey: true,
      token: null,
    });
  });

  it('redacts credentials under any key, raw bytes, and URLs in every text', () => {
    expect(
      censor({
        header: ['Authorization', 'Bearer S'],
        err: { rawPacket: { type: 'Buffer', data: [83] } },
        req: { url: '/api/oauth2/Token?client_secret=S' },
        msg: 'Route GET:/x?token=S not found',
      }),
    ).toEqual({
      header: ['Authorization', '[redacted]'],
      err: { rawPacket: '[redacted]' },
      req: { url: '/api/oauth2/Token?client_secret=[redacted]' },
      msg: 'Route GET:/x?token=[redacted] not found',
    });
  });

  // Deeper than JSON.stringify goes, pino writes a line cut at depth 5 instead.
  it('censors a line nested as deep as pino writes one', () => {
    const depth = 1_000;
    const line = `${'{"a":'.repeat(depth)}{"password":"S"}${'}'.repeat(depth)}`;
    const censored = censorLogLine(line);
    expect(censored).not.toContain('"S"');
    expect(censored).toContain('"password":"[redacted]"');
  });

  it('redacts what lies past its budget rather than write it unchecked', () => {
    const line = JSON.stringify({ values: Array.from({ length: 20_000 }, (_, i) => `v${i}`) });
    const { values } = JSON.parse(censorLogLine(line)) as { values: string[] };
    expect(values).toHaveLength(20_000);
    expect(values.filter((value) => value !== '[redacted]').length).toBeLessThan(10_000);
  });

  it('drops a line it cannot read', () => {
    const dropped = censorLogLine('{"password":"S"');
    expect(dropped).toContain('could not be checked');
    expect(dropped).not.toContain('password');
  });
});
