import { describe, expect, it } from 'vitest';
import {
  EventStreamParser,
  readEventStream,
  type ServerSentEvent,
} from '../../web/src/features/chat/sse.ts';

// The web chat's Server-Sent Events reader (fetch + ReadableStream: EventSource cannot POST a
// bearer token): events must come out whole however the network cuts the bytes.

function parseAll(chunks: string[]): ServerSentEvent[] {
  const parser = new EventStreamParser();
  return chunks.flatMap((chunk) => [...parser.push(chunk)]);
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(chunk);
      }
      controller.close();
    },
  });
}

const WIRE =
  'event: start\ndata: {"conversationId":"c1","messageId":"m1"}\n\n' +
  'event: delta\ndata: {"text":"Risks "}\n\n' +
  ': a comment line\n' +
  'event: delta\ndata: {"text":"are harms."}\n\n' +
  'event: done\ndata: {"answer":"Risks are harms."}\n\n';

const EXPECTED = [
  { event: 'start', data: '{"conversationId":"c1","messageId":"m1"}' },
  { event: 'delta', data: '{"text":"Risks "}' },
  { event: 'delta', data: '{"text":"are harms."}' },
  { event: 'done', data: '{"answer":"Risks are harms."}' },
];

describe('the chat event stream reader', () => {
  it('gives the same events whatever the chunking, down to one character at a time', () => {
    expect(parseAll([WIRE])).toEqual(EXPECTED);
    expect(parseAll([...WIRE])).toEqual(EXPECTED);
    for (const cut of [1, 7, 20, 64, 100]) {
      expect(parseAll([WIRE.slice(0, cut), WIRE.slice(cut)])).toEqual(EXPECTED);
    }
  });

  it('reads CRLF and CR line ends, even a CRLF split between two chunks', () => {
    const crlf = WIRE.replace(/\n/g, '\r\n');
    expect(parseAll([crlf])).toEqual(EXPECTED);
    expect(parseAll([...crlf])).toEqual(EXPECTED);
    expect(parseAll([WIRE.replace(/\n/g, '\r')])).toEqual(EXPECTED);
  });

  it('joins multi-line data, names unnamed events "message", and skips events without data', () => {
    expect(parseAll(['data: one\ndata:two\n\nevent: ping\n\ndata\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
      { event: 'message', data: '' },
    ]);
  });

  it('decodes UTF-8 characters whose bytes arrive in different chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"Grüße 👋"}\n\n');
    const split = bytes.indexOf(0x9f); // inside the emoji's four bytes
    const events: ServerSentEvent[] = [];
    for await (const event of readEventStream(
      streamOf([bytes.slice(0, split), bytes.slice(split)]),
    )) {
      events.push(event);
    }
    expect(events).toEqual([{ event: 'delta', data: '{"text":"Grüße 👋"}' }]);
  });

  it('stops reading when its signal aborts', async () => {
    const stop = new AbortController();
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new TextEncoder().encode(`data: ${pulls}\n\n`));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of readEventStream(endless, stop.signal)) {
          seen.push(event.data);
          if (seen.length === 3) {
            stop.abort();
          }
        }
      })(),
    ).resolves.toBeUndefined();
    expect(seen.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(seen.length).toBeLessThan(6);
  });
});
