import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function wantsEventStream(request: FastifyRequest): boolean {
  return /text\/event-stream/i.test(request.headers.accept ?? '');
}

export interface EventSink {
  send(event: string, data: unknown): void;
  end(): void;
  /** Aborted when the client goes away before the stream ends. */
  signal: AbortSignal;
}

/** The server's metrics' count of the streams open. */
export interface OpenStreams {
  eventStreamOpened(): void;
  eventStreamClosed(): void;
}

/**
 * Starts a Server-Sent Events response and hands `produce` a sink for its events. The status
 * (200) is sent at once, so failures after that travel as events.
 */
export function sendEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  streams: OpenStreams,
  produce: (sink: EventSink) => Promise<void>,
): FastifyReply {
  const body = new PassThrough();
  const gone = new AbortController();
  streams.eventStreamOpened();
  // Whichever ends first, the stream (read to its end) or the connection, counts it closed once.
  let isOpen = true;
  const closed = () => {
    if (isOpen) {
      isOpen = false;
      streams.eventStreamClosed();
    }
  };
  body.once('close', closed);
  reply.raw.once('close', closed);
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) {
      gone.abort(new Error('The client closed the event stream'));
    }
  });
  const sink: EventSink = {
    send: (event, data) => {
      body.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end: () => body.end(),
    signal: gone.signal,
  };
  produce(sink)
    .catch((error: unknown) => request.log.error({ err: error }, 'event stream failed'))
    .finally(() => body.end());
  return (
    reply
      .type('text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // Proxies such as nginx would otherwise hold the events back until the answer is complete.
      .header('x-accel-buffering', 'no')
      .send(body)
  );
}
