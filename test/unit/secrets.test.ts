import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  generateId,
  generateSecret,
  hashSecret,
} from '../../src/lib/secrets.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../../src/lib/encryption.ts';

describe('constantTimeEqual', () => {
  it.each([
    ['', '', true],
    ['secret', 'secret', true],
    ['päss wörd ✓', 'päss wörd ✓', true],
    ['secret', 'secreT', false],
    ['secret', 'secret ', false],
    ['secret', 'secre', false],
    ['', 'x', false],
    ['a'.repeat(1000), `${'a'.repeat(999)}b`, false],
  ])('%j vs %j: %s', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
    expect(constantTimeEqual(b, a)).toBe(expected);
  });
});

describe('hashSecret', () => {
  it('is deterministic', () => {
    const secret = generateSecret();
    expect(hashSecret(secret)).toBe(hashSecret(secret));
  });

  it('differs for different secrets and never reveals the secret', () => {
    const secret = generateSecret();
    const hash = hashSecret(secret);
    expect(hash).not.toBe(hashSecret(`${secret}x`));
    expect(hash).not.toContain(secret);
    // SHA-256 in base64url: 43 characters.
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('generateSecret', () => {
  it('gives 256 bits by default, as base64url', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it.each([16, 48])('gives %i bytes when asked', (bytes) => {
    expect(Buffer.from(generateSecret(bytes), 'base64url')).toHaveLength(bytes);
  });

  it('never repeats and uses the whole alphabet', () => {
    const secrets = Array.from({ length: 1000 }, () => generateSecret());
    expect(new Set(secrets).size).toBe(1000);
    // 43,000 random base64url characters cover all 64 symbols; a weak source would not.
    expect(new Set(secrets.join('')).size).toBe(64);
  });

  it('is not predictable from bit patterns: about half the bits are set', () => {
    const bits = Array.from({ length: 200 }, () => Buffer.from(generateSecret(), 'base64url'))
      .flatMap((bytes) => [...bytes])
      .reduce((count, byte) => count + byte.toString(2).replace(/0/g, '').length, 0);
    const total = 200 * 32 * 8;
    // 51,200 fair bits: the mean is 25,600 with a standard deviation of ~113.
    expect(Math.abs(bits - total / 2)).toBeLessThan(1000);
  });
});

describe('generateId', () => {
  it('is a fresh random UUID', () => {
    const id = generateId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generateId()).not.toBe(id);
  });
});

describe('encryptWithMasterKey / decryptWithMasterKey', () => {
  const key = randomBytes(32);

  it.each([
    ['text', '{"kty":"EC","d":"secret"}'],
    ['an empty string', ''],
    ['non-ASCII text', 'clé secrète ✓ 鍵'],
    ['a long value', 'x'.repeat(100_000)],
  ])('round-trips %s', (_name, plaintext) => {
    const sealed = encryptWithMasterKey(key, plaintext);
    expect(decryptWithMasterKey(key, sealed)).toBe(plaintext);
  });

  it('hides the plaintext and uses a fresh IV each time', () => {
    const first = encryptWithMasterKey(key, 'private signing key');
    const second = encryptWithMasterKey(key, 'private signing key');
    expect(first).not.toContain('private');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\./);
  });

  it('refuses a wrong key', () => {
    const sealed = encryptWithMasterKey(key, 'secret');
    expect(() => decryptWithMasterKey(randomBytes(32), sealed)).toThrow();
  });

  // Parts: version . iv . tag . ciphertext
  it.each([1, 2, 3])('detects a change in part %i', (part) => {
    const parts = encryptWithMasterKey(key, 'secret value').split('.');
    const bytes = Buffer.from(parts[part] as string, 'base64url');
    bytes[0] = (bytes[0] as number) ^ 0x01;
    parts[part] = bytes.toString('base64url');
    expect(() => decryptWithMasterKey(key, parts.join('.'))).toThrow();
  });

  it.each([
    ['another version', (sealed: string) => sealed.replace(/^v1\./, 'v2.')],
    ['a missing part', (sealed: string) => sealed.split('.').slice(0, 3).join('.')],
    ['a truncated ciphertext', (sealed: string) => sealed.slice(0, -2)],
    ['not sealed at all', () => 'plain text'],
  ])('refuses %s', (_name, mangle) => {
    const sealed = encryptWithMasterKey(key, 'secret value');
    expect(() => decryptWithMasterKey(key, mangle(sealed))).toThrow();
  });
});
