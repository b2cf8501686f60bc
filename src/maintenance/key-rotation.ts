import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import { rotateSigningKey, type RotationSettings } from '../oauth/signing-keys.ts';
import { recordAudit } from '../audit/audit.ts';

const DAY_SECONDS = 86_400;

/**
 * Rotates the signing key when the newest one is `rotationDays` old. Every instance checks; a
 * shared counter per period lets exactly one of them rotate. Returns the new key's kid, if any.
 */
export async function rotateSigningKeyIfDue(
  store: Store,
  masterKey: Buffer,
  clock: Clock,
  settings: RotationSettings & { rotationDays: number },
): Promise<string | undefined> {
  if (settings.rotationDays <= 0) {
    return undefined;
  }
  const now = clock.nowSeconds();
  const period = settings.rotationDays * DAY_SECONDS;
  const [newest] = await store.signingKeys.listPublished(now);
  if (newest && now - newest.createdAt < period) {
    return undefined;
  }
  const claim = `key-rotation:${Math.floor(now / period)}`;
  if ((await store.rateLimits.hit([claim], 0)).get(claim) !== 1) {
    return undefined;
  }
  const key = await rotateSigningKey(store, masterKey, clock, settings);
  await recordAudit(store, clock, {
    event: 'signing_key_rotated',
    details: { kid: key.kid, activatesAt: key.activatesAt, scheduled: true },
  });
  return key.kid;
}
