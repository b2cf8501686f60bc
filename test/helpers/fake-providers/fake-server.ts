import {
  createServer,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chunk of a response body, written in one go. */
export type Frame = string | Uint8Array;

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** Settles when the client closes the connection before the response has ended. */
  abandoned: Promise<void>;
}

/** How the fake answers a request; it may keep the response open as long as it likes. */
export type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A loopback HTTP server standing in for an LLM provider: it records every request and answers
 * with whatever `reply` the test sets. Provider files only encode their wire format.
 */
export interface FakeProvider {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedRequest[];
  reply: Reply;
  /** The next request to arrive (or the first one, if it already has). */
  request(index?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const waiting = new Map<number, (request: RecordedRequest) => void>();
  const fake: FakeProvider = {
    origin: '',
    requests,
    reply: (_request, response) => void response.writeHead(501).end(),
    request: (index = 0) =>
      requests[index]
        ? Promise.resolve(requests[index])
        : new Promise((resolve) => waiting.set(index, resolve)),
    close: () => closeServer(server),
  };
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body,
        json: body ? JSON.parse(body) : undefined,
        abandoned: new Promise((resolve) =>
          response.on('close', () => {
            if (!response.writableFinished) {
              resolve();
            }
          }),
        ),
      };
      requests.push(request);
      waiting.get(requests.length - 1)?.(request);
      void fake.reply(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

/** A promise the test resolves when it wants the fake to go on. */
export interface Gate {
  opened: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export interface StreamOptions {
  /** Writes the first frame, then waits for this before writing the rest. */
  holdAfterFirst?: Promise<void>;
  /** Writes the first frame, then neither writes nor ends again. */
  stallAfterFirst?: boolean;
}

export function streamReply(
  contentType: string,
  frames: Frame[],
  options: StreamOptions = {},
): Reply {
  return async (_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
    const [first, ...rest] = frames;
    if (first !== undefined) {
      response.write(first);
    }
    if (options.stallAfterFirst) {
      return;
    }
    await options.holdAfterFirst;
    for (const frame of rest) {
      response.write(frame);
    }
    response.end();
  };
}

/**
 * The first request gets the first answer, the second the second…; the last answer goes on
 * for every request after (a model that keeps calling tools).
 */
export function repliesInTurn(fake: FakeProvider, contentType: string, answers: Frame[][]): Reply {
  return (request, response) => {
    const index = Math.min(fake.requests.indexOf(request), answers.length - 1);
    return streamReply(contentType, answers[index] ?? [])(request, response);
  };
}

export function errorReply(status: number, body: string, headers: OutgoingHttpHeaders = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };
}

/** Accepts the request and never answers. */
export const silentReply: Reply = () => undefined;

export interface TokenCounts {
  input: number;
  output: number;
}

/** A tool call the fake model makes: `input` is the arguments' JSON text. */
export interface FakeToolCall {
  id: string;
  name: string;
  input: string;
}

/** One provider's wire format, as much of it as the engine tests need. */
export interface ProviderWire {
  contentType: string;
  /** A streamed answer; the first frame carries the first delta, usage comes where it does live. */
  answer(deltas: string[], usage: TokenCounts): Frame[];
  /** A streamed step that only calls tools (its arguments in two pieces each), then the usage. */
  toolCalls?(calls: FakeToolCall[], usage: TokenCounts): Frame[];
  /** An HTTP error body in the provider's format. */
  errorBody(status: number, message: string): string;
}
