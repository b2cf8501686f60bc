import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundPolicy } from './outbound-policy.ts';
import { describeNetworkError, OutboundError } from './outbound-error.ts';

export interface OutboundRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer came from (after same-origin redirects). */
  url: URL;
}

/**
 * One HTTP exchange through the policy's agents, with no redirect followed and the body read up
 * to `maxBytes`: a longer body fails the call (a cut JSON document would mislead the model).
 * Aborting `signal` ends it at once; the caller words why.
 */
export function sendOnce(
  policy: OutboundPolicy,
  request: OutboundRequest,
  maxBytes: number,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const { url } = request;
  const isHttps = url.protocol === 'https:';
  const send = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let outgoing: ReturnType<typeof send>;
    try {
      outgoing = send(url, {
        method: request.method,
        headers: request.headers,
        agent: isHttps ? policy.httpsAgent : policy.httpAgent,
        signal,
      });
    } catch {
      // Node checks headers as it builds the request (ERR_INVALID_CHAR): its message may quote
      // one, and a header may be a credential, so the words are ours.
      reject(
        new OutboundError(
          'The request could not be sent: a header holds characters HTTP does not allow (a secret or token on several lines?)',
        ),
      );
      return;
    }
    outgoing.on('error', (error) => {
      reject(signal.aborted ? abortedCall() : describeNetworkError(error, url.host));
    });
    outgoing.on('response', (incoming) => {
      readCapped(incoming, maxBytes, url.host).then(
        (body) =>
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            headers: incoming.headers,
            body,
            url,
          }),
        (error: OutboundError) => {
          outgoing.destroy();
          reject(signal.aborted ? abortedCall() : error);
        },
      );
    });
    outgoing.end(request.body);
  });
}

/** callOutbound words an abort by its cause (the timeout, or the turn). */
function abortedCall(): OutboundError {
  return new OutboundError('The call was aborted');
}

/** Rejects with OutboundError only. */
function readCapped(incoming: IncomingMessage, maxBytes: number, host: string): Promise<Buffer> {
  const tooLarge = () =>
    new OutboundError(
      `The response of ${host} was larger than ${maxBytes} bytes, this API's limit: ask for less (a filter, a smaller page), or an admin may raise maxResponseBytes`,
    );
  return new Promise((resolve, reject) => {
    const declared = Number(incoming.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      incoming.destroy();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    incoming.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        incoming.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', (error) => reject(describeNetworkError(error, host)));
    // After 'end' this is a no-op; before it, the peer hung up mid-answer.
    incoming.on('close', () =>
      reject(new OutboundError(`${host} closed the connection mid-answer`)),
    );
  });
}
