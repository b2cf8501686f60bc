import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSigningKeys, rotateSigningKey } from '../../src/oauth/signing-keys.ts';
import { rotateSigningKeyIfDue } from '../../src/maintenance/key-rotation.ts';
import type { ClientWithSecret } from '../../src/clients/clients.ts';
import { aClient, createTestApp, TEST_ISSUER, type TestApp } from '../helpers/test-app.ts';
import { getToken, type HasApp } from '../helpers/oauth-flow.ts';
import { listUsersStatus } from '../helpers/oauth-requests.ts';
import { startFleet, type Fleet } from '../helpers/shared-database.ts';

// Zero-downtime key rotation: a new key is published first and signs only after the delay (so
// JWKS caches know it), and the old key stays published as long as its tokens can live.

const DELAY = 600;
const TTL = 3600;
// SigningKeys.current() looks for a newer key at most this often.
const REFRESH = 30;
const settings = { activationDelaySeconds: DELAY, accessTokenTtlSeconds: TTL };

let t: TestApp | undefined;
let fleet: Fleet | undefined;
afterEach(async () => {
  await t?.close();
  await fleet?.close();
  t = undefined;
  fleet = undefined;
});

async function jwks(on: HasApp): Promise<JSONWebKeySet> {
  const response = await on.app.inject({ url: '/.well-known/jwks.json' });
  expect(response.statusCode).toBe(200);
  return response.json<JSONWebKeySet>();
}

const kids = async (on: HasApp) => (await jwks(on)).keys.map((key) => key.kid);

async function kidOf(on: HasApp, credentials: ClientWithSecret): Promise<string | undefined> {
  return decodeProtectedHeader(await getToken(on, credentials)).kid;
}

/** Verifies a token offline, as a resource server would, with the published JWK Set. */
async function verifiesWithJwks(on: HasApp & { clock: { nowSeconds(): number } }, token: string) {
  const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks(on)), {
    issuer: TEST_ISSUER,
    audience: TEST_ISSUER,
    currentDate: new Date(on.clock.nowSeconds() * 1000),
  });
  return payload;
}

describe('rotateSigningKey', () => {
  it('publishes the new key at once, signs with it after the delay, retires the old one later', async () => {
    t = await createTestApp({ AIRISK_ACCESS_TOKEN_TTL: String(TTL) });
    const credentials = await aClient(t);
    const before = await getToken(t, credentials);
    const oldKid = decodeProtectedHeader(before).kid as string;
    expect(await kids(t)).toEqual([oldKid]);
    t.clock.advance(60);

    const { kid: newKid } = await rotateSigningKey(t.store, t.masterKey, t.clock, settings);

    expect(newKid).not.toBe(oldKid);
    expect((await kids(t)).sort()).toEqual([oldKid, newKid].sort());
    t.clock.advance(REFRESH + 1);
    const during = await getToken(t, credentials);
    expect(decodeProtectedHeader(during).kid).toBe(oldKid);

    t.clock.advance(DELAY + REFRESH - (REFRESH + 1));
    const after = await getToken(t, credentials);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    for (const token of [before, during, after]) {
      expect(await listUsersStatus(t, token)).toBe(200);
      await expect(verifiesWithJwks(t, token)).resolves.toMatchObject({
        client_id: credentials.client.id,
      });
    }

    // The last token the old key signed expires at activation + TTL: until then it is published.
    t.clock.advance(TTL - REFRESH - 1);
    expect(await kids(t)).toContain(oldKid);
    t.clock.advance(2);
    expect(await kids(t)).toEqual([newKid]);
    expect(await listUsersStatus(t, after)).toBe(200);
  });

  it('makes every instance on the database sign with the new key after activation', async () => {
    fleet = await startFleet(2, { AIRISK_ACCESS_TOKEN_TTL: String(TTL) });
    const [first, second] = fleet.instances as [TestApp, TestApp];
    const credentials = await aClient(first);
    const oldKid = await kidOf(second, credentials);
    fleet.clock.advance(60);

    const { kid: newKid } = await rotateSigningKey(
      first.store,
      first.masterKey,
      fleet.clock,
      settings,
    );

    expect(await kids(second)).toContain(newKid);
    expect(await kidOf(second, credentials)).toBe(oldKid);
    fleet.clock.advance(DELAY + REFRESH);
    const fromSecond = await getToken(second, credentials);
    expect(decodeProtectedHeader(fromSecond).kid).toBe(newKid);
    expect(await kidOf(first, credentials)).toBe(newKid);
    expect(await listUsersStatus(first, fromSecond)).toBe(200);
  });

  it('signs with the newest key even when it was made in the same second as the one before', async () => {
    t = await createTestApp();
    // Keys made within one second share createdAt; the newer must still win, every time.
    for (let rotation = 0; rotation < 6; rotation += 1) {
      const { kid } = await rotateSigningKey(t.store, t.masterKey, t.clock, {
        ...settings,
        activationDelaySeconds: 0,
      });
      const keys = await loadSigningKeys(t.store, t.masterKey, t.clock);
      expect((await keys.current()).kid, `rotation ${rotation + 1}`).toBe(kid);
    }
  });
});

describe('rotateSigningKeyIfDue', () => {
  const due = { ...settings, rotationDays: 1 };

  it('rotates nothing before the period is over', async () => {
    t = await createTestApp();
    const keys = await kids(t);
    t.clock.advance(86_399);
    expect(await rotateSigningKeyIfDue(t.store, t.masterKey, t.clock, due)).toBeUndefined();
    expect(await kids(t)).toEqual(keys);
  });

  it('never rotates with rotationDays 0', async () => {
    t = await createTestApp();
    t.clock.advance(86_400 * 400);
    const never = { ...due, rotationDays: 0 };
    expect(await rotateSigningKeyIfDue(t.store, t.masterKey, t.clock, never)).toBeUndefined();
    expect(await kids(t)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent instances rotate once the period is over', async () => {
    fleet = await startFleet(2);
    const [first, second] = fleet.instances as [TestApp, TestApp];
    const [oldKid] = await kids(first);
    fleet.clock.advance(86_400);

    const results = await Promise.all(
      [first, second].map((instance) =>
        rotateSigningKeyIfDue(instance.store, instance.masterKey, fleet!.clock, due),
      ),
    );

    const rotated = results.filter((kid) => kid !== undefined);
    expect(rotated).toHaveLength(1);
    expect((await kids(second)).sort()).toEqual([oldKid, rotated[0]].sort());
    // The new key is fresh: nothing is due any more.
    expect(await rotateSigningKeyIfDue(first.store, first.masterKey, fleet.clock, due)).toBe(
      undefined,
    );
    const audit = await first.store.audit.list({
      limit: 10,
      offset: 0,
      event: 'signing_key_rotated',
    });
    expect(audit).toHaveLength(1);
  });
});
