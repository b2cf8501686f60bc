import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { FakeToolCall, ProviderWire, TokenCounts } from './fake-server.ts';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

/** One `application/vnd.amazon.eventstream` frame of a ConverseStream answer. */
export function bedrockEvent(eventType: string, payload: object): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    // Bedrock pads every payload with a `p` field of varying length, against traffic analysis.
    body: new Uint8Array(Buffer.from(JSON.stringify({ ...payload, p: 'abcdefgh' }), 'utf8')),
  });
}

/**
 * Bedrock ConverseStream: messageStart, one contentBlockDelta per delta, contentBlockStop,
 * messageStop, and a metadata event with the usage; a step calling tools has one toolUse block
 * per call and stops for `tool_use`. Errors are JSON `{message}` bodies (the
 * exception's name goes in the x-amzn-ErrorType header).
 */
export const bedrockWire: ProviderWire = {
  contentType: 'application/vnd.amazon.eventstream',
  answer: (deltas, usage) => {
    const delta = (text: string): Uint8Array =>
      bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
    const [first = '', ...rest] = deltas;
    return [
      Buffer.concat([bedrockEvent('messageStart', { role: 'assistant' }), delta(first)]),
      ...rest.map(delta),
      bedrockEvent('contentBlockStop', { contentBlockIndex: 0 }),
      bedrockEvent('messageStop', { stopReason: 'end_turn' }),
      metadata(usage),
    ];
  },
  toolCalls: (calls, usage) => [
    bedrockEvent('messageStart', { role: 'assistant' }),
    ...calls.flatMap(toolUseBlock),
    bedrockEvent('messageStop', { stopReason: 'tool_use' }),
    metadata(usage),
  ],
  errorBody: (_status, message) => JSON.stringify({ message }),
};

/** A toolUse content block: its id and name first, then its input JSON in two deltas. */
function toolUseBlock(call: FakeToolCall, contentBlockIndex: number): Uint8Array[] {
  const half = Math.floor(call.input.length / 2);
  const input = (text: string) =>
    bedrockEvent('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input: text } } });
  return [
    bedrockEvent('contentBlockStart', {
      contentBlockIndex,
      start: { toolUse: { toolUseId: call.id, name: call.name } },
    }),
    input(call.input.slice(0, half)),
    input(call.input.slice(half)),
    bedrockEvent('contentBlockStop', { contentBlockIndex }),
  ];
}

function metadata(usage: TokenCounts): Uint8Array {
  return bedrockEvent('metadata', {
    usage: {
      inputTokens: usage.input,
      outputTokens: usage.output,
      totalTokens: usage.input + usage.output,
    },
    metrics: { latencyMs: 42 },
  });
}
