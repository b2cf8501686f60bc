import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from './config.ts';
import { sqliteFilePath } from './database-url.ts';

const KEY_FILE_NAME = 'master.key';
// The keys a rotation replaces, one a line, until `airisk master-key rotate` has resealed all.
const PREVIOUS_KEYS_FILE_NAME = 'master.key.previous';

/** Decodes a 32-byte master key written as base64, base64url or hex. */
export function parseMasterKey(raw: string, source: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64url');
  if (key.length !== 32) {
    throw new ConfigError(
      `${source} must hold 32 random bytes as base64 or hex (make one with: openssl rand -base64 32)`,
    );
  }
  return key;
}

/** Where the master key comes from, as an operator would look for it: the variable, or the file. */
export function masterKeySource(configured: string | undefined, databaseUrl: string): string {
  const databaseFile = sqliteFilePath(databaseUrl);
  return configured || databaseFile === undefined || databaseFile === ':memory:'
    ? 'AIRISK_MASTER_KEY'
    : keyFileOf(databaseFile);
}

function keyFileOf(databaseFile: string): string {
  return join(dirname(databaseFile), KEY_FILE_NAME);
}

/**
 * The key that encrypts signing keys and stored credentials at rest. On the embedded SQLite
 * default it lives beside the database as `master.key` (mode 0600), created on first start;
 * a PostgreSQL deployment shares one key between instances, so it must be given. A key file is
 * never made for a database that already holds sealed data (`holdsSealedData`, asked of the
 * SQLite file): that data needs its own key back.
 */
export function resolveMasterKey(
  configured: string | undefined,
  databaseUrl: string,
  holdsSealedData: (databaseFile: string) => boolean,
): Buffer {
  if (configured) {
    return parseMasterKey(configured, 'AIRISK_MASTER_KEY');
  }
  const databaseFile = sqliteFilePath(databaseUrl);
  if (databaseFile === undefined) {
    throw new ConfigError(
      'AIRISK_MASTER_KEY is required with a PostgreSQL database: give every instance the same key (make one with: openssl rand -base64 32)',
    );
  }
  if (databaseFile === ':memory:') {
    return randomBytes(32);
  }
  const keyFile = keyFileOf(databaseFile);
  if (!existsSync(keyFile)) {
    if (holdsSealedData(databaseFile)) {
      throw new ConfigError(
        `${keyFile} is missing, but ${databaseFile} holds data sealed with the master key that was there: put that key file back (from your backup) or give it as AIRISK_MASTER_KEY. A new key cannot open this database; only a new database goes with a new key`,
      );
    }
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, randomBytes(32).toString('base64url') + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
  }
  chmodSync(keyFile, 0o600);
  return parseMasterKey(readFileSync(keyFile, 'utf8'), keyFile);
}

/**
 * The keys the master key replaces during a rotation: AIRISK_PREVIOUS_MASTER_KEY
 * (comma-separated), else the `master.key.previous` file beside a SQLite database's key file.
 */
export function previousMasterKeys(configured: string | undefined, databaseUrl: string): Buffer[] {
  if (configured) {
    return configured.split(',').map((raw) => parseMasterKey(raw, 'AIRISK_PREVIOUS_MASTER_KEY'));
  }
  const file = previousKeysFileOf(databaseUrl);
  if (file === undefined || !existsSync(file)) {
    return [];
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseMasterKey(line, file));
}

/**
 * Starts a rotation of a SQLite database's key file: the key moves to `master.key.previous`
 * and a new one takes its place. Returns the two files' paths.
 */
export function replaceMasterKeyFile(databaseUrl: string): {
  keyFile: string;
  previousFile: string;
} {
  const databaseFile = sqliteFilePath(databaseUrl);
  if (databaseFile === undefined || databaseFile === ':memory:') {
    throw new ConfigError(
      'Only a SQLite database keeps its master key in a file: with AIRISK_MASTER_KEY, set the new key there and the old one in AIRISK_PREVIOUS_MASTER_KEY',
    );
  }
  const keyFile = keyFileOf(databaseFile);
  const previousFile = join(dirname(databaseFile), PREVIOUS_KEYS_FILE_NAME);
  if (!existsSync(keyFile)) {
    throw new ConfigError(`${keyFile} does not exist: there is no key to replace`);
  }
  // One key a line, whether or not a hand-written file ended its last line.
  const keys = [previousFile, keyFile]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8').trim())
    .filter(Boolean);
  writeFileSync(`${previousFile}.tmp`, `${keys.join('\n')}\n`, { mode: 0o600 });
  renameSync(`${previousFile}.tmp`, previousFile);
  writeFileSync(`${keyFile}.tmp`, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  renameSync(`${keyFile}.tmp`, keyFile);
  return { keyFile, previousFile };
}

function previousKeysFileOf(databaseUrl: string): string | undefined {
  const databaseFile = sqliteFilePath(databaseUrl);
  return databaseFile === undefined || databaseFile === ':memory:'
    ? undefined
    : join(dirname(databaseFile), PREVIOUS_KEYS_FILE_NAME);
}
