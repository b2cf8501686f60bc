import { webhookHeaders } from './webhook-signature.ts';

/** One webhook message, the same on every attempt but for the attempt's timestamp. */
export interface WebhookMessage {
  url: string;
  secret: string;
  /** The `webhook-id`: unique per message, repeated on retries. */
  id: string;
  /** The JSON body, exactly as signed. */
  body: string;
}

/**
 * How an attempt went: delivered; worth retrying (network error, timeout, 5xx, 408, 429); or
 * refused for good (any other status, redirects included: a receiver that moved must be
 * reconfigured, and following it would let a URL send the signed payload elsewhere).
 * `error` is for the admin: a status or an error code, never the URL (it may carry a token).
 */
export type AttemptResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; status: number | null; error: string }
  | { outcome: 'failed'; status: number; error: string };

const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

/** Makes one attempt, giving up after `timeoutMs` (connecting and the whole response). */
export async function sendWebhook(
  message: WebhookMessage,
  timeoutMs: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<AttemptResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      headers: webhookHeaders(message.secret, message.id, nowSeconds, message.body),
      body: message.body,
      redirect: 'manual',
      signal,
    });
    // The receiver's answer is not read: only its status matters, and it must not hold the socket.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      return { outcome: 'delivered', status: response.status };
    }
    const error = `HTTP ${response.status}`;
    return RETRYABLE(response.status)
      ? { outcome: 'retry', status: response.status, error }
      : { outcome: 'failed', status: response.status, error };
  } catch (error) {
    return { outcome: 'retry', status: null, error: networkError(error, signal, timeoutMs) };
  }
}

function networkError(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? `network error: ${cause.code}` : 'network error';
}

/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 3_600_000;

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed (1-based): exponential from
 * `baseMs`, the upper half jittered, so instances retrying together spread out and each gap is
 * at least as long as the one before.
 */
export function backoffDelay(attempt: number, baseMs: number, random = Math.random()): number {
  const ceiling = baseMs * 2 ** (attempt - 1);
  return Math.min(Math.round(ceiling / 2 + (ceiling / 2) * random), MAX_BACKOFF_MS);
}
