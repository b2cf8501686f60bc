import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonSchema, tool, type JSONSchema7, type ToolSet } from 'ai';
import { askEngine } from '../../src/chat/engines/ask-engine.ts';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { CONVERSATION } from '../helpers/fake-providers/engine-contract.ts';
import {
  repliesInTurn,
  startFakeProvider,
  type FakeProvider,
  type ProviderWire,
} from '../helpers/fake-providers/fake-server.ts';
import { openAiWire } from '../helpers/fake-providers/openai-wire.ts';
import { bedrockWire } from '../helpers/fake-providers/bedrock-wire.ts';

// Tool calling over each provider's wire: the model calls a tool, the SDK runs it, and the next
// request carries the result; the model then answers in words. What was declared is checked too.

const ORDER_SCHEMA: JSONSchema7 = {
  type: 'object',
  properties: { orderId: { type: 'string', description: 'The order number' } },
  required: ['orderId'],
  additionalProperties: false,
};
const CALL = { id: 'call_7', name: 'order_status', input: '{"orderId":"A-42"}' };
const RESULT = '{"status":"shipped"}';

interface WireCase {
  name: string;
  wire: ProviderWire;
  settings(origin: string): EngineSettings;
  /** The tools as the first request declared them. */
  declared(body: Record<string, unknown>): unknown;
  declaredShape: unknown;
  /** The call and its result as the second request carries them. */
  replayed: unknown;
}

function openAiSettings(origin: string): EngineSettings {
  return {
    engine: 'openai',
    model: 'gpt-4o-mini',
    endpoint: `${origin}/v1`,
    region: null,
    apiKey: 'sk-fakeKey0123456789abcdefABCDEF',
    temperature: null,
    maxOutputTokens: null,
  };
}

const CASES: WireCase[] = [
  {
    name: 'openai',
    wire: openAiWire,
    settings: openAiSettings,
    declared: (body) => body.tools,
    declaredShape: [
      {
        type: 'function',
        function: {
          name: 'order_status',
          description: 'Where an order is',
          parameters: ORDER_SCHEMA,
        },
      },
    ],
    replayed: expect.arrayContaining([
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [
          {
            id: CALL.id,
            type: 'function',
            function: { name: CALL.name, arguments: CALL.input },
          },
        ],
      }),
      { role: 'tool', tool_call_id: CALL.id, content: RESULT },
    ]),
  },
  {
    name: 'bedrock',
    wire: bedrockWire,
    settings: (origin) => ({
      engine: 'bedrock',
      model: 'anthropic.claude-3-haiku-20240307-v1:0',
      endpoint: origin,
      region: 'eu-west-1',
      apiKey: 'AKIAFAKEEXAMPLE12345:fakeSecretAccessKey/0123456789abcdefghij',
      temperature: null,
      maxOutputTokens: null,
    }),
    declared: (body) => (body.toolConfig as { tools?: unknown } | undefined)?.tools,
    declaredShape: [
      {
        toolSpec: {
          name: 'order_status',
          description: 'Where an order is',
          inputSchema: { json: ORDER_SCHEMA },
        },
      },
    ],
    replayed: expect.arrayContaining([
      {
        role: 'assistant',
        content: [{ toolUse: { toolUseId: CALL.id, name: CALL.name, input: { orderId: 'A-42' } } }],
      },
      {
        role: 'user',
        content: [{ toolResult: { toolUseId: CALL.id, content: [{ text: RESULT }] } }],
      },
    ]),
  },
];

/** A tool that answers RESULT and remembers what it was called with. */
function orderTool(calls: unknown[]): ToolSet {
  return {
    order_status: tool<unknown, string>({
      description: 'Where an order is',
      inputSchema: jsonSchema<unknown>(ORDER_SCHEMA),
      execute: async (input) => {
        calls.push(input);
        return RESULT;
      },
    }),
  };
}

async function answerOf(stream: ReturnType<typeof askEngine>): Promise<string> {
  let text = '';
  for await (const delta of stream.textStream) {
    text += delta;
  }
  return text;
}

describe.each(CASES)('$name tool calls', (wireCase) => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  const toolCalls = (usage = { input: 20, output: 6 }) =>
    wireCase.wire.toolCalls?.([CALL], usage) ?? [];

  it('runs the call, sends its result back, and streams the answer after it', async () => {
    fake.reply = repliesInTurn(fake, wireCase.wire.contentType, [
      toolCalls(),
      wireCase.wire.answer(['It has ', 'shipped.'], { input: 40, output: 4 }),
    ]);
    const calls: unknown[] = [];
    const stream = askEngine(wireCase.settings(fake.origin), CONVERSATION, {
      timeoutMs: 5000,
      tools: orderTool(calls),
      maxSteps: 3,
    });
    expect(await answerOf(stream)).toBe('It has shipped.');
    // Both steps' tokens: the turn's cost is all of its requests.
    await expect(stream.usage).resolves.toEqual({ promptTokens: 60, completionTokens: 10 });
    expect(calls).toEqual([{ orderId: 'A-42' }]);
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map((request) => request.json as Record<string, unknown>);
    expect(wireCase.declared(first ?? {})).toEqual(wireCase.declaredShape);
    expect(wireCase.declared(second ?? {})).toEqual(wireCase.declaredShape);
    expect(second?.messages).toEqual(wireCase.replayed);
  });

  it('stops at the step limit when the model keeps calling', async () => {
    fake.reply = repliesInTurn(fake, wireCase.wire.contentType, [toolCalls()]);
    const calls: unknown[] = [];
    const stream = askEngine(wireCase.settings(fake.origin), CONVERSATION, {
      timeoutMs: 5000,
      tools: orderTool(calls),
      maxSteps: 2,
    });
    expect(await answerOf(stream)).toBe('');
    await expect(stream.usage).resolves.toEqual({ promptTokens: 40, completionTokens: 12 });
    expect(fake.requests).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });

  it('declares no tools for a call without them', async () => {
    fake.reply = repliesInTurn(fake, wireCase.wire.contentType, [
      wireCase.wire.answer(['Fine.'], { input: 3, output: 1 }),
    ]);
    const stream = askEngine(wireCase.settings(fake.origin), CONVERSATION, { timeoutMs: 5000 });
    expect(await answerOf(stream)).toBe('Fine.');
    const body = fake.requests[0]?.json as Record<string, unknown>;
    expect(wireCase.declared(body)).toBeUndefined();
  });
});

describe('demo engine tool calls', () => {
  const demo: EngineSettings = {
    engine: 'demo',
    model: 'demo-0ms',
    endpoint: null,
    region: null,
    apiKey: null,
    temperature: null,
    maxOutputTokens: null,
  };
  const askDemo = (question: string, calls: unknown[] = []) =>
    answerOf(
      askEngine(demo, [{ role: 'user', content: question }], {
        timeoutMs: 5000,
        tools: orderTool(calls),
      }),
    );

  it('calls the tool `call <tool> <json>` names, then answers with its result', async () => {
    const calls: unknown[] = [];
    expect(await askDemo('call order_status {"orderId":"A-42"}', calls)).toBe(
      `Demo engine (no AI model was called): order_status answered: ${RESULT}`,
    );
    expect(calls).toEqual([{ orderId: 'A-42' }]);
  });

  it('calls nothing for arguments that are no JSON object, or a tool it does not have', async () => {
    const calls: unknown[] = [];
    expect(await askDemo('call order_status [1]', calls)).toContain(
      'The arguments of order_status must be a JSON object.',
    );
    expect(await askDemo('call refund {}', calls)).toContain(
      `There is no tool named "refund"; this agent's tools: order_status.`,
    );
    expect(calls).toEqual([]);
  });
});

describe('text around tool calls', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('keeps what the model said before a call a paragraph apart from the answer after it', async () => {
    const [saying = ''] = openAiWire.answer(['Let me look.'], { input: 1, output: 1 });
    fake.reply = repliesInTurn(fake, openAiWire.contentType, [
      [saying, ...(openAiWire.toolCalls?.([CALL], { input: 20, output: 6 }) ?? [])],
      openAiWire.answer(['It has shipped.'], { input: 40, output: 4 }),
    ]);
    const stream = askEngine(openAiSettings(fake.origin), CONVERSATION, {
      timeoutMs: 5000,
      tools: orderTool([]),
    });
    expect(await answerOf(stream)).toBe('Let me look.\n\nIt has shipped.');
  });
});
