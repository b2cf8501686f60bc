import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT_VERSION = 'v1';

/** Encrypts `plaintext` with the 32-byte master key; the result carries its own IV and tag. */
export function encryptWithMasterKey(masterKey: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, masterKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT_VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** A sealed value the master key does not open: another key sealed it, or it was altered. */
export class WrongMasterKeyError extends Error {
  constructor() {
    super('The master key does not open this value: another key sealed it, or it was altered');
    this.name = 'WrongMasterKeyError';
  }
}

// During a master-key rotation the key in use carries the keys it replaces, which still open
// what they sealed until `airisk master-key rotate` has sealed it again. Attached to the key
// itself, so that every holder of the key (some twenty deps) opens old values unchanged.
const previousKeys = new WeakMap<Buffer, readonly Buffer[]>();

/** The master key, which also opens what `previous` keys sealed; it seals with itself only. */
export function withPreviousKeys(masterKey: Buffer, previous: readonly Buffer[]): Buffer {
  if (previous.length > 0) {
    previousKeys.set(masterKey, previous);
  }
  return masterKey;
}

/**
 * Reverses encryptWithMasterKey, with the key or one it replaced; throws WrongMasterKeyError
 * when none opens it (another key sealed it, or the data was altered).
 */
export function decryptWithMasterKey(masterKey: Buffer, sealed: string): string {
  for (const key of [masterKey, ...(previousKeys.get(masterKey) ?? [])]) {
    const plaintext = openWith(key, sealed);
    if (plaintext !== undefined) {
      return plaintext;
    }
  }
  // Node's own message ("Unsupported state or unable to authenticate data") says neither.
  throw new WrongMasterKeyError();
}

/** Whether the key itself (not one it replaced) sealed the value: rotation leaves those alone. */
export function sealedWith(masterKey: Buffer, sealed: string): boolean {
  return openWith(masterKey, sealed) !== undefined;
}

function openWith(key: Buffer, sealed: string): string | undefined {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== FORMAT_VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('Encrypted value has an unknown format');
  }
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plaintext = decipher.update(Buffer.from(ciphertext, 'base64url'));
  try {
    return Buffer.concat([plaintext, decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
