import type { FakeToolCall, ProviderWire, TokenCounts } from './fake-server.ts';

/**
 * The Chat Completions request that OpenAI, Azure OpenAI and OpenAI-compatible (LLaMA) servers
 * all receive for the engine contract's CONVERSATION, at temperature 0.2 and 300 tokens at most.
 */
export function chatCompletionsRequest(model: string): object {
  return {
    model,
    messages: [
      { role: 'system', content: 'You assess AI risks.' },
      { role: 'user', content: 'What is a risk?' },
      { role: 'assistant', content: 'A possible harm.' },
      { role: 'user', content: 'Give an example.' },
    ],
    temperature: 0.2,
    max_tokens: 300,
    stream: true,
    stream_options: { include_usage: true },
  };
}

/**
 * OpenAI Chat Completions streaming: server-sent `chat.completion.chunk` events, a last chunk
 * with empty `choices` and the usage (sent because the request asks for
 * `stream_options.include_usage`), then `data: [DONE]`.
 */
export const openAiWire: ProviderWire = {
  contentType: 'text/event-stream',
  answer: (deltas, usage) => chatCompletionChunks(deltas, usage),
  toolCalls: (calls, usage) => toolCallChunks(calls, usage),
  errorBody: (status, message) =>
    JSON.stringify({
      error: { message, type: errorType(status), param: null, code: errorCode(status) },
    }),
};

/**
 * Azure OpenAI (v1 API): the same chunks, preceded by one with empty `choices` carrying
 * `prompt_filter_results`, and errors as `{error: {code, message}}`.
 */
export const azureOpenAiWire: ProviderWire = {
  contentType: 'text/event-stream',
  answer: (deltas, usage) => {
    const [first = '', ...rest] = chatCompletionChunks(deltas, usage);
    const promptFilter = event({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    });
    return [promptFilter + first, ...rest];
  },
  errorBody: (status, message) => JSON.stringify({ error: { code: String(status), message } }),
};

/** Ollama's OpenAI-compatible endpoint (vLLM and llama.cpp speak the same). */
export const llamaWire: ProviderWire = {
  contentType: 'text/event-stream',
  answer: (deltas, usage) => chatCompletionChunks(deltas, usage),
  toolCalls: (calls, usage) => toolCallChunks(calls, usage),
  errorBody: (_status, message) =>
    JSON.stringify({ error: { message, type: 'api_error', param: null, code: null } }),
};

const chunk = (delta: object, finishReason: string | null = null): string =>
  event({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_760_000_000,
    model: 'fake-model',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });

function chatCompletionChunks(deltas: string[], usage: TokenCounts): string[] {
  return [
    chunk({ role: 'assistant', content: deltas[0] ?? '' }),
    ...deltas.slice(1).map((content) => chunk({ content })),
    chunk({}, 'stop'),
    usageChunk(usage),
    'data: [DONE]\n\n',
  ];
}

/**
 * A step that calls tools: each call's id, type and name in a first `tool_calls` delta (by its
 * index), its arguments in the deltas after it, then finish_reason `tool_calls`.
 */
function toolCallChunks(calls: FakeToolCall[], usage: TokenCounts): string[] {
  return [
    chunk({ role: 'assistant', content: null }),
    ...calls.flatMap((call, index) => {
      const half = Math.floor(call.input.length / 2);
      const toolCall = (fields: object) => chunk({ tool_calls: [{ index, ...fields }] });
      return [
        toolCall({ id: call.id, type: 'function', function: { name: call.name, arguments: '' } }),
        toolCall({ function: { arguments: call.input.slice(0, half) } }),
        toolCall({ function: { arguments: call.input.slice(half) } }),
      ];
    }),
    chunk({}, 'tool_calls'),
    usageChunk(usage),
    'data: [DONE]\n\n',
  ];
}

function usageChunk(usage: TokenCounts): string {
  return event({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_760_000_000,
    model: 'fake-model',
    choices: [],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  });
}

export function event(data: object): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function errorType(status: number): string {
  if (status === 429) {
    return 'requests';
  }
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

function errorCode(status: number): string | null {
  return status === 401 ? 'invalid_api_key' : null;
}
