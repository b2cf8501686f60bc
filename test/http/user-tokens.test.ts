import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptWithMasterKey } from '../../src/lib/encryption.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';
import {
  asUser,
  del,
  expectInsufficientScope,
  expectProblem,
  expectRoleDenied,
  genericToken,
  get,
  post,
  type Caller,
  iso,
} from '../helpers/api-requests.ts';

// Spec §5 SetUserToken: a user's own credential for an external provider, stored encrypted,
// never returned: only that it is set and its last 4 characters.

let t: TestApp;
let admin: Caller;
let self: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
  self = await asUser(t, ['User']);
});
afterEach(() => t.close());

/** A secret whose every part is unique to this test, so finding any of it means a leak. */
const aSecret = () => `sk-${randomBytes(24).toString('hex')}`;

const setToken = (payload: unknown, token = self.token) =>
  post(t, token, '/api/Users/SetUserToken', payload);
const clearToken = (userid: string, provider: string, token = self.token) =>
  del(t, token, `/api/Users/SetUserToken?${new URLSearchParams({ userid, provider }).toString()}`);
const listTokens = (userid: string, token = self.token) =>
  get(t, token, `/api/Users/ListUserTokens/${encodeURIComponent(userid)}`);

describe('POST /api/Users/SetUserToken', () => {
  it.each([
    ['a plain user, for itself', () => self.token],
    ['a CompanyAdmin, for another user', () => admin.token],
  ])('answers %s with {userId, provider, isSet, last4, updatedAt}', async (_case, caller) => {
    const secret = aSecret();

    const response = await setToken(
      { userid: self.user.id, provider: 'openai', token: secret },
      caller(),
    );

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      userId: self.user.id,
      provider: 'openai',
      isSet: true,
      last4: secret.slice(-4),
      updatedAt: iso(t.clock.nowSeconds()),
    });
    expect((await listTokens(self.user.id)).json()).toEqual([response.json()]);
  });

  it('never answers the token itself, in any response', async () => {
    const secret = aSecret();
    const middle = secret.slice(3, -4);
    const responses = [
      await setToken({ userid: self.user.id, provider: 'openai', token: secret }),
      await listTokens(self.user.id),
      await listTokens(self.user.id, admin.token),
      await get(t, admin.token, `/api/Users/GetUser/${self.user.id}`),
      await get(t, admin.token, '/api/Users/ListUsers?results=1000'),
      await get(t, await genericToken(t), '/api/Users/ListUsers'),
    ];
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toContain(middle);
      expect(JSON.stringify(response.headers)).not.toContain(middle);
    }
  });

  it('replaces the token when set again: one entry, new last4 and time', async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: 'first-secret-AAAA' });
    t.clock.advance(60);

    const response = await setToken({
      userid: self.user.id,
      provider: 'OpenAI',
      token: 'second-secret-BBBB',
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ provider: 'openai', last4: 'BBBB' });
    expect((await listTokens(self.user.id)).json()).toEqual([
      {
        userId: self.user.id,
        provider: 'openai',
        isSet: true,
        last4: 'BBBB',
        updatedAt: iso(t.clock.nowSeconds()),
      },
    ]);
  });

  it("keeps one token per provider, and each user's to itself", async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: 'aaaa-1111' });
    await setToken({ userid: self.user.id, provider: 'azure-openai', token: 'bbbb-2222' });
    await setToken({ userid: admin.user.id, provider: 'openai', token: 'cccc-3333' }, admin.token);

    const mine = (await listTokens(self.user.id)).json<{ provider: string; last4: string }[]>();
    expect(mine.map(({ provider, last4 }) => [provider, last4])).toEqual([
      ['azure-openai', '2222'],
      ['openai', '1111'],
    ]);
    const admins = (await listTokens(admin.user.id, admin.token)).json<{ last4: string }[]>();
    expect(admins.map(({ last4 }) => last4)).toEqual(['3333']);
  });

  it("refuses a plain user setting someone else's token with a 403 naming CompanyAdmin", async () => {
    const response = await setToken({
      userid: admin.user.id,
      provider: 'openai',
      token: aSecret(),
    });
    expectRoleDenied(response);
    expect((await listTokens(admin.user.id, admin.token)).json()).toEqual([]);
  });

  it('answers 404 for an unknown user', async () => {
    const response = await setToken(
      { userid: 'nobody', provider: 'openai', token: aSecret() },
      admin.token,
    );
    expectProblem(response, 404, /nobody/);
  });

  it.each([
    ['an empty provider', { provider: '', token: 'long-enough' }],
    ['a provider with a space', { provider: 'open ai', token: 'long-enough' }],
    ['a provider starting with a dash', { provider: '-openai', token: 'long-enough' }],
    ['a provider over 64 characters', { provider: 'p'.repeat(65), token: 'long-enough' }],
    ['a 3-character token', { provider: 'openai', token: 'abc' }],
    ['a blank token', { provider: 'openai', token: '        ' }],
    ['a missing token', { provider: 'openai' }],
    ['a missing provider', { token: 'long-enough' }],
    ['a numeric token', { provider: 'openai', token: 12345678 }],
  ])('answers 400 for %s and stores nothing', async (_case, fields) => {
    expectProblem(await setToken({ userid: self.user.id, ...fields }), 400);
    expect((await listTokens(self.user.id)).json()).toEqual([]);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    const response = await setToken(
      { userid: self.user.id, provider: 'openai', token: aSecret() },
      await genericToken(t),
    );
    expectInsufficientScope(response);
    expect((await listTokens(self.user.id)).json()).toEqual([]);
  });
});

describe('DELETE /api/Users/SetUserToken', () => {
  it('clears the token (204), then answers 404', async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: aSecret() });
    await setToken({ userid: self.user.id, provider: 'mistral', token: aSecret() });

    const response = await clearToken(self.user.id, 'openai');

    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    const left = (await listTokens(self.user.id)).json<{ provider: string }[]>();
    expect(left.map(({ provider }) => provider)).toEqual(['mistral']);
    expectProblem(await clearToken(self.user.id, 'openai'), 404);
  });

  it("lets a CompanyAdmin clear another user's token", async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: aSecret() });
    expect((await clearToken(self.user.id, 'OpenAI', admin.token)).statusCode).toBe(204);
    expect((await listTokens(self.user.id)).json()).toEqual([]);
  });

  it("refuses a plain user clearing someone else's token with a 403 naming CompanyAdmin", async () => {
    await setToken({ userid: admin.user.id, provider: 'openai', token: aSecret() }, admin.token);
    expectRoleDenied(await clearToken(admin.user.id, 'openai'));
    expect((await listTokens(admin.user.id, admin.token)).json()).toHaveLength(1);
  });

  it.each([
    ['an unknown user', '?userid=nobody&provider=openai', 404],
    ['a missing provider', () => `?userid=${self.user.id}`, 400],
    ['a missing userid', '?provider=openai', 400],
    ['a bad provider', () => `?userid=${self.user.id}&provider=open%20ai`, 400],
  ])('answers %s with a %i problem', async (_case, query, status) => {
    const q = typeof query === 'function' ? query() : query;
    const token = status === 404 ? admin.token : self.token;
    expectProblem(await del(t, token, `/api/Users/SetUserToken${q}`), status);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: aSecret() });
    expectInsufficientScope(await clearToken(self.user.id, 'openai', await genericToken(t)));
    expect((await listTokens(self.user.id)).json()).toHaveLength(1);
  });
});

describe('GET /api/Users/ListUserTokens/{userid}', () => {
  it('answers [] for a user without tokens', async () => {
    const response = await listTokens(self.user.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("refuses a plain user listing someone else's tokens with a 403 naming CompanyAdmin", async () => {
    expectRoleDenied(await listTokens(admin.user.id));
  });

  it('answers 404 for an unknown user', async () => {
    expectProblem(await listTokens('nobody', admin.token), 404);
  });

  it('refuses a generic token with 403 insufficient_scope', async () => {
    expectInsufficientScope(await listTokens(self.user.id, await genericToken(t)));
  });
});

describe('a stored token', () => {
  it('goes with its user', async () => {
    await setToken({ userid: self.user.id, provider: 'openai', token: aSecret() });
    expect((await del(t, admin.token, `/api/Users/DeleteUser/${self.user.id}`)).statusCode).toBe(
      204,
    );
    expect(await t.store.credentials.list(self.user.id)).toEqual([]);
  });

  it('is encrypted with the master key: the raw row holds no part of it', async () => {
    const { t: raw, rows } = await appWithRawRows();
    try {
      const caller = await asUser(raw, ['User']);
      const secret = aSecret();
      const response = await post(raw, caller.token, '/api/Users/SetUserToken', {
        userid: caller.user.id,
        provider: 'openai',
        token: secret,
      });
      expect(response.statusCode, response.body).toBe(200);

      const listed = await raw.store.credentials.list(caller.user.id);
      expect(listed).toEqual([expect.objectContaining({ last4: secret.slice(-4) })]);
      expect(JSON.stringify(listed)).not.toContain(secret.slice(3, -4));
      const stored = await rows('user_credentials');

      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(secret.slice(3, -4));
      const sealed = stored[0]?.secret_encrypted;
      expect(typeof sealed).toBe('string');
      expect(decryptWithMasterKey(raw.masterKey, sealed as string)).toBe(secret);
      expect(() => decryptWithMasterKey(randomBytes(32), sealed as string)).toThrow();
    } finally {
      await raw.close();
    }
  });
});
