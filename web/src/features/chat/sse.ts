// A Server-Sent Events reader for a fetch() body (EventSource cannot POST nor send a bearer
// token): the parsing rules of the HTML standard's "event stream interpretation".

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Yields each event of the stream as soon as its blank line arrives. */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        yield* parser.push(decoder.decode());
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}

/** Line-by-line state of the parser; text may be cut anywhere, even between \r and \n. */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private skipNewline = false;

  *push(text: string): Generator<ServerSentEvent> {
    let rest = text;
    if (this.skipNewline && rest.startsWith('\n')) {
      rest = rest.slice(1);
    }
    this.skipNewline = false;
    this.buffer += rest;
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) {
        return;
      }
      const line = this.buffer.slice(0, end);
      const crlf = this.buffer[end] === '\r';
      if (crlf && end + 1 === this.buffer.length) {
        // A \r at the very end: its \n may come with the next chunk.
        this.skipNewline = true;
      }
      this.buffer = this.buffer.slice(end + (crlf && this.buffer[end + 1] === '\n' ? 2 : 1));
      const event = this.line(line);
      if (event) {
        yield event;
      }
    }
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const event =
        this.data.length > 0
          ? { event: this.event || 'message', data: this.data.join('\n') }
          : undefined;
      this.event = '';
      this.data = [];
      return event;
    }
    if (line.startsWith(':')) {
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.event = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
    return undefined;
  }
}
