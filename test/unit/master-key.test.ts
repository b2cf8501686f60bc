import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.ts';
import { parseMasterKey, resolveMasterKey } from '../../src/config/master-key.ts';

// The key that encrypts secrets at rest: given, or kept beside the SQLite file (mode 0600).
// (test/store/master-key-mismatch.test.ts: a database that already holds sealed data.)

const nothingSealed = () => false;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airisk-master-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveMasterKey without AIRISK_MASTER_KEY', () => {
  it('creates master.key with mode 0600 in the folder of the SQLite file', () => {
    const folder = join(dir, 'data', 'nested');
    const key = resolveMasterKey(undefined, `sqlite:${join(folder, 'airisk.db')}`, nothingSealed);

    expect(key).toHaveLength(32);
    const keyFile = join(folder, 'master.key');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(keyFile, 'utf8'), keyFile).equals(key)).toBe(true);
  });

  it('reuses the key file on the next call', () => {
    const url = `sqlite:${join(dir, 'airisk.db')}`;
    const first = resolveMasterKey(undefined, url, nothingSealed);
    const written = readFileSync(join(dir, 'master.key'), 'utf8');

    const second = resolveMasterKey(undefined, url, nothingSealed);

    expect(second.equals(first)).toBe(true);
    expect(readFileSync(join(dir, 'master.key'), 'utf8')).toBe(written);
  });

  it('gives separate databases in separate folders separate keys', () => {
    const a = resolveMasterKey(undefined, `sqlite:${join(dir, 'a', 'airisk.db')}`, nothingSealed);
    const b = resolveMasterKey(undefined, `sqlite:${join(dir, 'b', 'airisk.db')}`, nothingSealed);
    expect(a.equals(b)).toBe(false);
  });

  it('tightens a key file an operator left readable to 0600', () => {
    const keyFile = join(dir, 'master.key');
    const existing = randomBytes(32);
    writeFileSync(keyFile, existing.toString('hex'), { mode: 0o644 });

    const key = resolveMasterKey(undefined, `sqlite:${join(dir, 'airisk.db')}`, nothingSealed);

    expect(key.equals(existing)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses a corrupt key file with a ConfigError naming the file', () => {
    const keyFile = join(dir, 'master.key');
    writeFileSync(keyFile, 'too short', { mode: 0o600 });
    const resolve = () =>
      resolveMasterKey(undefined, `sqlite:${join(dir, 'airisk.db')}`, nothingSealed);
    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow(keyFile);
  });

  it('makes a throwaway key for an in-memory database, writing nothing', () => {
    const first = resolveMasterKey(undefined, 'sqlite::memory:', nothingSealed);
    expect(first).toHaveLength(32);
    expect(resolveMasterKey(undefined, 'sqlite::memory:', nothingSealed).equals(first)).toBe(false);
  });

  it.each(['postgres://db.internal/airisk', 'postgresql://db.internal/airisk'])(
    'requires AIRISK_MASTER_KEY with %s',
    (url) => {
      const resolve = () => resolveMasterKey(undefined, url, nothingSealed);
      expect(resolve).toThrow(ConfigError);
      expect(resolve).toThrow('AIRISK_MASTER_KEY');
    },
  );
});

describe('resolveMasterKey with AIRISK_MASTER_KEY', () => {
  const bytes = randomBytes(32);

  it.each([
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64 with surrounding whitespace', ` ${bytes.toString('base64')}\n`],
  ])('decodes %s', (_name, raw) => {
    expect(resolveMasterKey(raw, 'postgres://db/airisk', nothingSealed).equals(bytes)).toBe(true);
  });

  it('uses the given key and writes no key file', () => {
    const key = resolveMasterKey(
      bytes.toString('base64'),
      `sqlite:${join(dir, 'airisk.db')}`,
      nothingSealed,
    );
    expect(key.equals(bytes)).toBe(true);
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['hex of the wrong length', randomBytes(31).toString('hex')],
    ['not an encoding at all', 'correct horse battery staple'],
  ])('refuses a key that is %s with a ConfigError naming the variable', (_name, raw) => {
    const resolve = () => resolveMasterKey(raw, 'postgres://db/airisk', nothingSealed);
    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow('AIRISK_MASTER_KEY');
  });

  it('never repeats the bad key in the error', () => {
    const raw = randomBytes(20).toString('base64');
    try {
      resolveMasterKey(raw, 'postgres://db/airisk', nothingSealed);
      expect.unreachable('a 20-byte key was accepted');
    } catch (error) {
      expect((error as Error).message).not.toContain(raw);
    }
  });
});
