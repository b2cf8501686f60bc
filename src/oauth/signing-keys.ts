import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../lib/clock.ts';
import type { SigningKeyRecord, Store } from '../store/store.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../lib/encryption.ts';
import { generateId } from '../lib/secrets.ts';

export const SIGNING_ALGORITHM = 'ES256';
// A token naming an unknown kid makes us look in the database, at most this often.
const RELOAD_INTERVAL_SECONDS = 5;

export interface SigningKeys {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public key for `kid`, looking for keys other instances made when it is not known. */
  publicKey(kid: string): Promise<CryptoKey | undefined>;
  /** The JWK Set of every key that may have signed a live token. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/**
 * Loads the newest active ES256 key, or makes one when there is none. Instances starting
 * together may each make one; all then sign with the newest, and verify with any of them.
 */
export async function loadSigningKeys(
  store: Store,
  masterKey: Buffer,
  clock: Clock,
): Promise<SigningKeys> {
  let records = await store.signingKeys.listActive();
  if (records.length === 0) {
    await store.signingKeys.insert(await generateSigningKey(masterKey, clock));
    records = await store.signingKeys.listActive();
  }
  const newest = records[0] as SigningKeyRecord;
  const privateJwk = JSON.parse(decryptWithMasterKey(masterKey, newest.privateJwkEncrypted)) as JWK;
  const privateKey = (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey;

  const publicKeys = new Map<string, CryptoKey>();
  let lastReload = Number.NEGATIVE_INFINITY;
  const remember = async (list: SigningKeyRecord[]): Promise<void> => {
    for (const record of list) {
      if (!publicKeys.has(record.kid)) {
        publicKeys.set(
          record.kid,
          (await importJWK(JSON.parse(record.publicJwk) as JWK, SIGNING_ALGORITHM)) as CryptoKey,
        );
      }
    }
  };
  await remember(records);

  return {
    kid: newest.kid,
    privateKey,
    async publicKey(kid) {
      const known = publicKeys.get(kid);
      if (known || clock.nowSeconds() - lastReload < RELOAD_INTERVAL_SECONDS) {
        return known;
      }
      lastReload = clock.nowSeconds();
      await remember(await store.signingKeys.listActive());
      return publicKeys.get(kid);
    },
    async jwks() {
      const active = await store.signingKeys.listActive();
      return { keys: active.map((record) => JSON.parse(record.publicJwk) as JWK) };
    },
  };
}

async function generateSigningKey(masterKey: Buffer, clock: Clock): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const kid = generateId();
  const describe = { kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return {
    kid,
    algorithm: SIGNING_ALGORITHM,
    publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), ...describe }),
    privateJwkEncrypted: encryptWithMasterKey(
      masterKey,
      JSON.stringify({ ...(await exportJWK(privateKey)), ...describe }),
    ),
    createdAt: clock.nowSeconds(),
  };
}
