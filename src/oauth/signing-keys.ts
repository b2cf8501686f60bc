import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../lib/clock.ts';
import type { SigningKeyRecord, Store } from '../store/store.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../lib/encryption.ts';
import { generateId } from '../lib/secrets.ts';

export const SIGNING_ALGORITHM = 'ES256';
// How long an instance signs with the key it knows before looking for a newer one, and how
// often at most a token naming an unknown kid makes it look in the database.
const REFRESH_SECONDS = 30;
const RELOAD_INTERVAL_SECONDS = 5;

export interface SigningKey {
  kid: string;
  /** node:crypto's key, not WebCrypto's: signing through it costs a third as much. */
  privateKey: KeyObject;
}

export interface SigningKeys {
  /** The key to sign with now: the newest whose activation time has come. */
  current(): Promise<SigningKey>;
  /** The public key for `kid`, looking for keys other instances made when it is not known. */
  publicKey(kid: string): Promise<CryptoKey | undefined>;
  /** The JWK Set of every key that may have signed a live token, or soon will. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/**
 * Loads the signing keys, making the first one when there is none. Instances starting together
 * may each make one; all are published, so a token signed by any of them verifies everywhere.
 */
export async function loadSigningKeys(
  store: Store,
  masterKey: Buffer,
  clock: Clock,
): Promise<SigningKeys> {
  if ((await store.signingKeys.listPublished(clock.nowSeconds())).length === 0) {
    await store.signingKeys.insert(await generateSigningKey(masterKey, clock.nowSeconds(), null));
  }
  const publicKeys = new Map<string, CryptoKey>();
  let signing: { key: SigningKey; loadedAt: number } | undefined;
  let lastLookup = Number.NEGATIVE_INFINITY;

  const load = async (): Promise<void> => {
    const now = clock.nowSeconds();
    const records = await store.signingKeys.listPublished(now);
    for (const record of records) {
      if (!publicKeys.has(record.kid)) {
        const jwk = JSON.parse(record.publicJwk) as JWK;
        publicKeys.set(record.kid, (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey);
      }
    }
    const active = records.find(
      (record) => record.activatesAt === null || record.activatesAt <= now,
    );
    if (active && active.kid !== signing?.key.kid) {
      const privateJwk = JSON.parse(
        decryptWithMasterKey(masterKey, active.privateJwkEncrypted),
      ) as JWK;
      const privateKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
      signing = { key: { kid: active.kid, privateKey }, loadedAt: now };
    } else if (signing) {
      signing.loadedAt = now;
    }
  };
  await load();

  return {
    async current() {
      if (!signing || clock.nowSeconds() - signing.loadedAt >= REFRESH_SECONDS) {
        await load();
      }
      if (!signing) {
        throw new Error('No signing key is active');
      }
      return signing.key;
    },
    async publicKey(kid) {
      const known = publicKeys.get(kid);
      if (known || clock.nowSeconds() - lastLookup < RELOAD_INTERVAL_SECONDS) {
        return known;
      }
      lastLookup = clock.nowSeconds();
      await load();
      return publicKeys.get(kid);
    },
    async jwks() {
      const published = await store.signingKeys.listPublished(clock.nowSeconds());
      return { keys: published.map((record) => JSON.parse(record.publicJwk) as JWK) };
    },
  };
}

export interface RotationSettings {
  /** How long the new key is published before it signs, so JWKS caches pick it up first. */
  activationDelaySeconds: number;
  /** The longest access-token lifetime: old keys stay published that long after the switch. */
  accessTokenTtlSeconds: number;
}

/**
 * Zero-downtime rotation: the new key is published now and signs from `now + delay`; the keys
 * it replaces leave the JWKS once the last token they can still sign has expired.
 */
export async function rotateSigningKey(
  store: Store,
  masterKey: Buffer,
  clock: Clock,
  settings: RotationSettings,
): Promise<SigningKeyRecord> {
  const now = clock.nowSeconds();
  const activatesAt = now + settings.activationDelaySeconds;
  const key = await generateSigningKey(masterKey, now, activatesAt);
  await store.transaction(async (tx) => {
    await tx.signingKeys.insert(key);
    await tx.signingKeys.retireOthers(key.kid, activatesAt + settings.accessTokenTtlSeconds);
  });
  return key;
}

let lastKidMs = 0;

/**
 * Key ids sort by creation: creation times are whole seconds, and two keys made in one second
 * (a rotation right after start, two instances starting together) must still have an order.
 */
function timeOrderedKid(): string {
  lastKidMs = Math.max(Date.now(), lastKidMs + 1);
  return `${lastKidMs.toString(16).padStart(12, '0')}-${generateId()}`;
}

async function generateSigningKey(
  masterKey: Buffer,
  now: number,
  activatesAt: number | null,
): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const kid = timeOrderedKid();
  const describe = { kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return {
    kid,
    algorithm: SIGNING_ALGORITHM,
    publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), ...describe }),
    privateJwkEncrypted: encryptWithMasterKey(
      masterKey,
      JSON.stringify({ ...(await exportJWK(privateKey)), ...describe }),
    ),
    createdAt: now,
    activatesAt,
    retiredAt: null,
  };
}
