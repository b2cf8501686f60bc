import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isWebhookSecret,
  newWebhookSecret,
  signWebhook,
  webhookHeaders,
} from '../../src/monitoring/webhook-signature.ts';
import { backoffDelay, MAX_BACKOFF_MS, sendWebhook } from '../../src/monitoring/webhook-send.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/** Verification as the Standard Webhooks specification describes it, written independently. */
function verify(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const expected = createHmac('sha256', key).update(signed).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return (
        version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
      );
    });
}

describe('Standard Webhooks signatures', () => {
  it("match the specification's published example", () => {
    // The example of the reference libraries' tests (standard-webhooks/standard-webhooks).
    expect(
      signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verify with the fresh secret and fail with another secret, id, timestamp or body', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ issue: { id: 'i1', title: 'Spend: ü ✓' } });
    const headers = webhookHeaders(secret, 'msg_1', 1_800_000_000, body);
    expect(headers['content-type']).toBe('application/json');
    expect(verify(secret, headers, body)).toBe(true);
    expect(verify(newWebhookSecret(), headers, body)).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-id': 'msg_2' }, body)).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-timestamp': '1800000001' }, body)).toBe(false);
    expect(verify(secret, headers, `${body} `)).toBe(false);
  });

  it('secrets are whsec_ and base64 of at least 24 random bytes, each one new', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newWebhookSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(isWebhookSecret(secret)).toBe(true);
    }
    expect(isWebhookSecret('whsec_short')).toBe(false);
    expect(isWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr')).toBe(false);
    expect(isWebhookSecret('whsec_not base64 at all, not at all!!')).toBe(false);
  });
});

describe('sendWebhook', () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  const message = (url: string) => ({
    url: `${url}/hooks/airisk?token=t0ps3cret`,
    secret: newWebhookSecret(),
    id: 'msg_test',
    body: '{"type":"issue.opened"}',
  });

  it('posts the signed body and reports a 2xx as delivered', async () => {
    receiver = await startWebhookReceiver({ statuses: [204] });
    const sent = message(receiver.url);
    expect(await sendWebhook(sent, 5000, 1_800_000_000)).toEqual({
      outcome: 'delivered',
      status: 204,
    });
    const [request] = receiver.received;
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/airisk?token=t0ps3cret' });
    expect(request!.body).toBe(sent.body);
    expect(request!.headers['webhook-id']).toBe('msg_test');
    expect(request!.headers['webhook-timestamp']).toBe('1800000000');
    expect(verify(sent.secret, request!.headers, request!.body)).toBe(true);
  });

  it.each([500, 502, 503, 408, 429])('retries after HTTP %i', async (status) => {
    receiver = await startWebhookReceiver({ statuses: [status] });
    expect(await sendWebhook(message(receiver.url), 5000)).toEqual({
      outcome: 'retry',
      status,
      error: `HTTP ${status}`,
    });
  });

  it.each([400, 401, 404, 410])('gives up on HTTP %i', async (status) => {
    receiver = await startWebhookReceiver({ statuses: [status] });
    expect(await sendWebhook(message(receiver.url), 5000)).toEqual({
      outcome: 'failed',
      status,
      error: `HTTP ${status}`,
    });
  });

  it('does not follow a redirect', async () => {
    const target = await startWebhookReceiver();
    receiver = await startWebhookReceiver({ statuses: [307], redirectTo: `${target.url}/moved` });
    try {
      expect(await sendWebhook(message(receiver.url), 5000)).toEqual({
        outcome: 'failed',
        status: 307,
        error: 'HTTP 307',
      });
      expect(target.received).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('retries when nothing listens, without the URL or its token in the error', async () => {
    receiver = await startWebhookReceiver();
    const { url } = receiver;
    await receiver.close();
    receiver = undefined;
    const result = await sendWebhook(message(url), 5000);
    expect(result).toEqual({
      outcome: 'retry',
      status: null,
      error: 'network error: ECONNREFUSED',
    });
  });

  it('gives up on an attempt after the timeout and retries', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as AddressInfo;
      const started = Date.now();
      const result = await sendWebhook(message(`http://127.0.0.1:${port}`), 300);
      expect(result).toEqual({ outcome: 'retry', status: null, error: 'timed out after 300 ms' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, with the upper half jittered', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 1000, 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 1000, 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never shortens the gap from one attempt to the next, whatever the jitter', () => {
    for (let attempt = 1; attempt < 30; attempt += 1) {
      expect(backoffDelay(attempt + 1, 250, 0)).toBeGreaterThanOrEqual(
        backoffDelay(attempt, 250, 1),
      );
    }
  });

  it('is capped', () => {
    expect(backoffDelay(60, 1000, 1)).toBe(MAX_BACKOFF_MS);
  });
});
