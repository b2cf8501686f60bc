import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClientDisabled } from '../../src/clients/clients.ts';
import { aClient, aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { getCode } from '../helpers/oauth-flow.ts';
import {
  ACCEPT_JSON,
  exchangeParams,
  expectOAuthProblem,
  listUsersStatus,
  pkcePair,
  tokenRequest,
  without,
} from '../helpers/oauth-requests.ts';

// Spec §3 errors of POST /api/oauth2/Token: RFC 6749 §5.2 fields inside RFC 9457 problems, as a
// client that accepts application/json gets them (oauth2-error-forms.test.ts: other Accepts).
// What redirect_uri and userid may leave out: oauth2-token-short-form.test.ts.

describe('POST /api/oauth2/Token errors', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  /** A client, user_42 and user_43, and a fresh code (for user_42 when `userid` is set). */
  async function setUp(userid?: string) {
    const credentials = await aClient(t);
    await aUser(t, { id: 'user_42' });
    await aUser(t, { id: 'user_43' });
    const code = await getCode(t, credentials, userid === undefined ? {} : { userid });
    return { credentials, code, form: exchangeParams(credentials, code) };
  }

  describe('missing parameters: 400 invalid_request naming them', () => {
    it("answers a missing client_id with the original's 'Invalid client_id'", async () => {
      const { form } = await setUp();
      expectOAuthProblem(
        await tokenRequest(t, { form: without(form, 'client_id') }),
        400,
        'invalid_request',
        'Invalid client_id',
      );
    });

    it('names a missing code', async () => {
      const { form } = await setUp();
      const body = expectOAuthProblem(
        await tokenRequest(t, { json: without(form, 'code') }),
        400,
        'invalid_request',
      );
      expect(body.error_description).toContain('code');
    });

    it('treats an empty code like a missing one', async () => {
      const { form } = await setUp();
      const response = await tokenRequest(t, { form: { ...form, code: '' } });
      expectOAuthProblem(response, 400, 'invalid_request', /code/);
    });
  });

  describe('client authentication: 401 invalid_client', () => {
    it.each([
      ['an unknown client', { client_id: '00000000-0000-4000-8000-000000000000' }],
      ['a wrong secret', { client_secret: 'not-the-secret' }],
      // RFC 6749 §5.2: "no client authentication included" is invalid_client.
      ['no secret', { client_secret: '' }],
    ])('for %s', async (_name, change: Record<string, string>) => {
      const { form } = await setUp();
      const response = await tokenRequest(t, { form: { ...form, ...change } });
      expectOAuthProblem(response, 401, 'invalid_client');
      // client_secret_post was used, so no Basic challenge (spec §3).
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('for a disabled client, even with a valid code', async () => {
      const { credentials, form } = await setUp();
      await setClientDisabled(t, credentials.client.id, true);
      expectOAuthProblem(await tokenRequest(t, { form }), 401, 'invalid_client');
    });
  });

  describe("bad codes: 400 invalid_grant 'Invalid Code'", () => {
    const cases: [string, (t: TestApp) => Promise<Record<string, string>>][] = [
      ['unknown', async () => ({ ...(await setUp()).form, code: 'SplxlOBeZQQYbYS6WxSbIA' })],
      [
        'expired',
        async (t) => {
          const { form } = await setUp();
          t.clock.advance(t.config.codeTtlSeconds);
          return form;
        },
      ],
      [
        'already used',
        async (t) => {
          const { form } = await setUp();
          expect((await tokenRequest(t, { form })).statusCode).toBe(200);
          return form;
        },
      ],
      [
        'issued to another client',
        async (t) => {
          const { code } = await setUp();
          return exchangeParams(await aClient(t), code);
        },
      ],
      [
        'issued for another redirect_uri',
        async (t) => {
          const credentials = await aClient(t, [
            'https://localhost/callback',
            'https://localhost/b',
          ]);
          const code = await getCode(t, credentials);
          return exchangeParams(credentials, code, { redirect_uri: 'https://localhost/b' });
        },
      ],
      [
        'issued for another userid',
        async () => ({ ...(await setUp('user_42')).form, userid: 'user_43' }),
      ],
      [
        'issued without a userid, exchanged with one',
        async () => ({ ...(await setUp()).form, userid: 'user_42' }),
      ],
    ];

    it.each(cases)('for a code %s', async (_name, build) => {
      const form = await build(t);
      expectOAuthProblem(await tokenRequest(t, { form }), 400, 'invalid_grant', 'Invalid Code');
    });

    it('accepts a code until its TTL has passed', async () => {
      const { form } = await setUp();
      t.clock.advance(t.config.codeTtlSeconds - 1);
      expect((await tokenRequest(t, { form })).statusCode).toBe(200);
    });

    it('honours AIRISK_CODE_TTL', async () => {
      const custom = await createTestApp({ AIRISK_CODE_TTL: '300' });
      try {
        const credentials = await aClient(custom);
        const form = exchangeParams(credentials, await getCode(custom, credentials));
        custom.clock.advance(299);
        expect((await tokenRequest(custom, { form })).statusCode).toBe(200);
        const late = exchangeParams(credentials, await getCode(custom, credentials));
        custom.clock.advance(301);
        expectOAuthProblem(await tokenRequest(custom, { form: late }), 400, 'invalid_grant');
      } finally {
        await custom.close();
      }
    });

    it('revokes the token issued from a code when the code is replayed (RFC 6749 §4.1.2)', async () => {
      const { form } = await setUp();
      const first = await tokenRequest(t, { form });
      const token = first.json<{ access_token: string }>().access_token;
      expect(await listUsersStatus(t, token)).toBe(200);
      expectOAuthProblem(await tokenRequest(t, { form }), 400, 'invalid_grant', 'Invalid Code');
      expect(await listUsersStatus(t, token)).toBe(401);
    });

    it('answers a client that asks for text/plain with the bare description', async () => {
      const { form } = await setUp();
      const response = await tokenRequest(t, {
        form: { ...form, code: 'unknown' },
        headers: { accept: 'text/plain' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toBe('Invalid Code');
    });
  });

  describe('PKCE (RFC 7636)', () => {
    async function codeWithChallenge() {
      const credentials = await aClient(t);
      const { verifier, challenge } = pkcePair();
      const code = await getCode(t, credentials, { codeChallenge: challenge });
      return { form: exchangeParams(credentials, code), verifier };
    }

    it('issues a token for the right verifier', async () => {
      const { form, verifier } = await codeWithChallenge();
      const response = await tokenRequest(t, { form: { ...form, code_verifier: verifier } });
      expect(response.statusCode, response.body).toBe(200);
    });

    it.each([
      ['a wrong verifier', { code_verifier: pkcePair().verifier }],
      ['no verifier', {}],
      ['an empty verifier', { code_verifier: '' }],
    ])('refuses %s with invalid_grant', async (_name, extra: Record<string, string>) => {
      const { form } = await codeWithChallenge();
      const response = await tokenRequest(t, { form: { ...form, ...extra } });
      expectOAuthProblem(response, 400, 'invalid_grant', 'Invalid Code');
    });

    it('refuses a verifier for a code issued without a challenge', async () => {
      const { form } = await setUp();
      const response = await tokenRequest(t, {
        form: { ...form, code_verifier: pkcePair().verifier },
      });
      expectOAuthProblem(response, 400, 'invalid_grant', 'Invalid Code');
    });
  });

  it('sends problem details with the RFC 9110 type and title of the status', async () => {
    const { form } = await setUp();
    const badRequest = expectOAuthProblem(
      await tokenRequest(t, { form: { ...form, code: 'unknown' } }),
      400,
      'invalid_grant',
    );
    expect(badRequest).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'Bad Request',
    });
    const unauthorized = await tokenRequest(t, { form: { ...form, client_secret: 'wrong' } });
    expect(expectOAuthProblem(unauthorized, 401, 'invalid_client')).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
      title: 'Unauthorized',
    });
    expect(unauthorized.headers['cache-control']).toBe('no-store');
    expect(unauthorized.headers.pragma).toBe('no-cache');
  });

  it('sends application/problem+json to a client that asks for it', async () => {
    const { form } = await setUp();
    const response = await tokenRequest(t, {
      form: { ...form, code: 'unknown' },
      headers: { accept: 'application/problem+json' },
    });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectOAuthProblem(response, 400, 'invalid_grant', 'Invalid Code');
  });

  describe('bad input is a 4xx, never a 5xx', () => {
    const raw = (contentType: string | undefined, payload: string) => ({ contentType, payload });
    it.each([
      ['malformed JSON', raw('application/json', '{"client_id": '), 400],
      ['an empty JSON body', raw('application/json', ''), 400],
      ['a JSON null', raw('application/json', 'null'), 400],
      ['a JSON array body', raw('application/json', '[]'), 400],
      ['a JSON string body', raw('application/json', '"code"'), 400],
      ['an empty form body', raw('application/x-www-form-urlencoded', ''), 400],
      ['no body at all', raw(undefined, ''), 400],
      ['text/xml', raw('text/xml', '<code>x</code>'), 415],
      [
        'a form over 16 KiB',
        raw('application/x-www-form-urlencoded', `code=${'a'.repeat(16 * 1024)}`),
        413,
      ],
      [
        'JSON over 16 KiB',
        raw('application/json', JSON.stringify({ code: 'a'.repeat(16 * 1024) })),
        413,
      ],
    ])('%s', async (_name, { contentType, payload }, status) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oauth2/Token',
        headers: {
          ...ACCEPT_JSON,
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
        },
        payload,
      });
      expectOAuthProblem(response, status, 'invalid_request');
    });

    it('refuses a repeated form parameter', async () => {
      const { form } = await setUp();
      const body = `${new URLSearchParams(form).toString()}&code=${form.code}`;
      expectOAuthProblem(await tokenRequest(t, { form: body }), 400, 'invalid_request', /code/);
    });

    it.each([
      ['a number', 42],
      ['an array', ['x']],
      ['an object', { value: 'x' }],
      ['null', null],
      ['a boolean', true],
    ])('refuses %s where a string belongs', async (_name, value) => {
      const { form } = await setUp();
      for (const name of ['client_id', 'code', 'userid']) {
        const response = await tokenRequest(t, { json: { ...form, [name]: value } });
        expectOAuthProblem(response, 400, 'invalid_request', new RegExp(name));
      }
      // None of these attempts consumed the code.
      expect((await tokenRequest(t, { json: form })).statusCode).toBe(200);
    });
  });
});
