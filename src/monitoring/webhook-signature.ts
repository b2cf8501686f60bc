import { createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook signing per the Standard Webhooks specification (https://www.standardwebhooks.com):
 * receivers verify with any of its libraries, so the formats here are the spec's, not ours.
 */
const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 random bytes. */
const SECRET_BYTES = 32;

/** A fresh signing secret: `whsec_` and base64 of random bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export function isWebhookSecret(value: string): boolean {
  return (
    value.startsWith(SECRET_PREFIX) &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(value.slice(SECRET_PREFIX.length)) &&
    Buffer.from(value.slice(SECRET_PREFIX.length), 'base64').length >= 24
  );
}

/** `v1,` and base64 of HMAC-SHA256 over `id.timestamp.body`, keyed by the secret's bytes. */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8');
  return `v1,${mac.digest('base64')}`;
}

/**
 * The headers of one delivery attempt. The id stays the same on every retry of a message (the
 * receiver's key for dropping duplicates); the timestamp is the attempt's, so receivers that
 * refuse stale messages accept a late retry.
 */
export function webhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}
