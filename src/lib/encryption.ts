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

/** Reverses encryptWithMasterKey; throws WrongMasterKeyError when the key is wrong or the data was altered. */
export function decryptWithMasterKey(masterKey: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== FORMAT_VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('Encrypted value has an unknown format');
  }
  const decipher = createDecipheriv(ALGORITHM, masterKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plaintext = decipher.update(Buffer.from(ciphertext, 'base64url'));
  try {
    return Buffer.concat([plaintext, decipher.final()]).toString('utf8');
  } catch {
    // Node's own message ("Unsupported state or unable to authenticate data") says neither.
    throw new WrongMasterKeyError();
  }
}
