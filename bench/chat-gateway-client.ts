import { Agent, request, type IncomingMessage } from 'node:http';

/**
 * The chat gateway workload's HTTP client: node:http over a keep-alive agent with no socket
 * limit (a thousand streams at once need a thousand connections), each request timed from just
 * before it is sent.
 */
export function gatewayAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
}

export interface Answered {
  status: number;
  body: string;
  /** From sending to the whole body. */
  ms: number;
}

interface Call {
  agent: Agent;
  baseUrl: string;
  token: string;
  path: string;
  body: unknown;
  timeoutMs: number;
  accept?: string;
}

function send(call: Call, onResponse: (response: IncomingMessage) => void) {
  const payload = JSON.stringify(call.body);
  const sent = request(`${call.baseUrl}${call.path}`, {
    method: 'POST',
    agent: call.agent,
    timeout: call.timeoutMs,
    headers: {
      authorization: `Bearer ${call.token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...(call.accept && { accept: call.accept }),
    },
  });
  sent.once('response', onResponse);
  sent.once('timeout', () => sent.destroy(new Error(`no answer within ${call.timeoutMs} ms`)));
  sent.end(payload);
  return sent;
}

/** A JSON POST and its whole answer. */
export function postJson(call: Call): Promise<Answered> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = send(call, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
    });
    sent.once('error', reject);
  });
}

export interface StreamEvent {
  event: string;
  data: unknown;
  /** Since the request was sent. */
  atMs: number;
}

export interface Streamed {
  status: number;
  contentType: string;
  /** The response's first byte: the `start` event (sent before the model is asked). */
  firstByteMs: number;
  events: StreamEvent[];
  ms: number;
}

/**
 * A Server-Sent Events POST read to its end, each event with the time it arrived. `onEvent`
 * sees them as they come (the workload counts the streams open at once).
 */
export function postStream(call: Call, onEvent: (event: StreamEvent) => void): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = send({ ...call, accept: 'text/event-stream' }, (response) => {
      const events: StreamEvent[] = [];
      let firstByteMs = Number.NaN;
      let pending = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const atMs = performance.now() - started;
        if (Number.isNaN(firstByteMs)) {
          firstByteMs = atMs;
        }
        pending += chunk;
        let end = pending.indexOf('\n\n');
        while (end >= 0) {
          const event = parseEvent(pending.slice(0, end), atMs);
          pending = pending.slice(end + 2);
          events.push(event);
          onEvent(event);
          end = pending.indexOf('\n\n');
        }
      });
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          firstByteMs,
          events,
          ms: performance.now() - started,
        }),
      );
    });
    sent.once('error', reject);
  });
}

function parseEvent(block: string, atMs: number): StreamEvent {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) {
      event = line.slice('event: '.length);
    } else if (line.startsWith('data: ')) {
      data += line.slice('data: '.length);
    }
  }
  let parsed: unknown = data;
  try {
    parsed = JSON.parse(data);
  } catch {
    // Left as text: the workload's check says it is not what was expected.
  }
  return { event, data: parsed, atMs };
}
