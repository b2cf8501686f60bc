import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/maintenance/purge.ts';
import { createClient } from '../../src/clients/clients.ts';
import { hashSecret } from '../../src/lib/secrets.ts';
import type { Store } from '../../src/store/store.ts';
import { TestClock } from '../helpers/test-app.ts';
import { openTestStore } from '../helpers/test-store.ts';
import { startFleet, type Fleet } from '../helpers/shared-database.ts';
import { redeem } from '../helpers/redeem-code.ts';

// purgeExpired deletes only what can no longer matter: expired tokens, codes whose tokens
// have all expired (a replayed code must find its tokens until then), and rate-limit windows
// long past; and since it is only conditional deletes, instances may run it together.

const settings = { accessTokenTtlSeconds: 3600, lockoutSeconds: 900 };
let close: (() => Promise<void>) | undefined;
let fleet: Fleet | undefined;
afterEach(async () => {
  await close?.();
  await fleet?.close();
  close = undefined;
  fleet = undefined;
});

/** Rows on both sides of every purge boundary; returns how to find each again. */
async function seed(store: Store, clock: TestClock) {
  const now = clock.nowSeconds();
  const { client } = await createClient(
    { store, clock },
    {
      name: 'Purged',
      redirectUris: ['https://localhost/callback'],
    },
  );
  const token = async (expiresAt: number) => {
    const jti = randomBytes(8).toString('hex');
    await store.tokens.insert({
      jti,
      clientId: client.id,
      userId: null,
      codeHash: null,
      issuedAt: expiresAt - settings.accessTokenTtlSeconds,
      expiresAt,
    });
    return jti;
  };
  const usedCode = async (expiresAt: number) => {
    const codeHash = hashSecret(randomBytes(8).toString('hex'));
    const createdAt = expiresAt - 60;
    await store.codes.insert({
      codeHash,
      clientId: client.id,
      redirectUri: 'https://localhost/callback',
      userId: null,
      codeChallenge: null,
      createdAt,
      expiresAt,
    });
    // Burnt by a refused redemption, which leaves no token to count.
    expect(
      await redeem(store, codeHash, client.id, createdAt, { redirectUri: 'https://elsewhere/' }),
    ).toEqual({ outcome: 'mismatch' });
    return codeHash;
  };
  const windowOf = (second: number) => second - (second % 60);
  const oldWindow = windowOf(now - 2 * settings.lockoutSeconds - 120);
  const lockoutWindow = windowOf(now - settings.lockoutSeconds);
  for (const window of [oldWindow, lockoutWindow, windowOf(now)]) {
    await store.rateLimits.hit(['ip:192.0.2.1'], window);
  }
  return {
    clientId: client.id,
    expiredToken: await token(now - 1),
    liveToken: await token(now + 10),
    // Its tokens may still live: kept, so that a replay can still revoke them.
    recentCode: await usedCode(now - 10),
    oldCode: await usedCode(now - settings.accessTokenTtlSeconds - 1),
    oldWindow,
    lockoutWindow,
  };
}

async function expectPurged(store: Store, rows: Awaited<ReturnType<typeof seed>>) {
  expect(await store.tokens.findStanding(rows.expiredToken)).toBeUndefined();
  expect(await store.tokens.findStanding(rows.liveToken)).toMatchObject({ revokedAt: null });
  expect(await store.codes.isConsumed(rows.oldCode, rows.clientId)).toBe(false);
  expect(await store.codes.isConsumed(rows.recentCode, rows.clientId)).toBe(true);
  // A purged window starts counting again from 1; a kept one goes on.
  const key = 'ip:192.0.2.1';
  expect((await store.rateLimits.hit([key], rows.oldWindow)).get(key)).toBe(1);
  expect((await store.rateLimits.hit([key], rows.lockoutWindow)).get(key)).toBe(2);
}

describe('purgeExpired', () => {
  it('deletes expired tokens, codes older than the token lifetime and old windows only', async () => {
    const opened = await openTestStore();
    close = opened.close;
    const clock = new TestClock();
    const rows = await seed(opened.store, clock);
    expect(await opened.store.tokens.findStanding(rows.expiredToken)).toBeDefined();
    expect(await opened.store.codes.isConsumed(rows.oldCode, rows.clientId)).toBe(true);

    const result = await purgeExpired(opened.store, clock, settings);

    expect(result).toEqual({
      tokens: 1,
      codes: 1,
      rateLimitWindows: 1,
      sessions: 0,
      accountLinks: 0,
      activity: 0,
    });
    await expectPurged(opened.store, rows);
    expect(await purgeExpired(opened.store, clock, settings)).toEqual({
      tokens: 0,
      codes: 0,
      rateLimitWindows: 1, // the old window the check above counted again
      sessions: 0,
      accountLinks: 0,
      activity: 0,
    });
  });

  it('lets two instances purge one database at once, each row deleted once', async () => {
    fleet = await startFleet(2);
    const [first, second] = fleet.instances as [
      Fleet['instances'][number],
      Fleet['instances'][number],
    ];
    const rows = await seed(first.store, fleet.clock);

    const results = await Promise.all(
      [first, second].map((instance) => purgeExpired(instance.store, fleet!.clock, settings)),
    );

    const total = (name: 'tokens' | 'codes' | 'rateLimitWindows') =>
      results.reduce((sum, result) => sum + result[name], 0);
    expect({ tokens: total('tokens'), codes: total('codes') }).toEqual({ tokens: 1, codes: 1 });
    expect(total('rateLimitWindows')).toBe(1);
    await expectPurged(second.store, rows);
  });
});
