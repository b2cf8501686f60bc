import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A fresh random secret, base64url, with `bytes` bytes of entropy (default 256 bits). */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function generateId(): string {
  return randomUUID();
}

/**
 * Hash of a generated high-entropy secret (client secrets, codes). SHA-256 suffices for 256-bit
 * random values: brute force is infeasible, and a slow KDF would only slow the token hot path.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
