import type { ProviderWire } from './fake-server.ts';
import { event } from './openai-wire.ts';

/**
 * Mistral chat completions streaming: OpenAI-like chunks, the first one with the role and empty
 * content, the usage on the last chunk (with its finish_reason), then `data: [DONE]`.
 */
export const mistralWire: ProviderWire = {
  contentType: 'text/event-stream',
  answer: (deltas, usage) => {
    const chunk = (delta: object, extra: object = {}): string =>
      event({
        id: 'cmpl-fake',
        object: 'chat.completion.chunk',
        created: 1_760_000_000,
        model: 'mistral-small-latest',
        choices: [{ index: 0, delta, finish_reason: null }],
        ...extra,
      });
    const [first = '', ...rest] = deltas;
    return [
      chunk({ role: 'assistant', content: '' }) + chunk({ content: first }),
      ...rest.map((content) => chunk({ content })),
      chunk(
        { content: '' },
        {
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }],
          usage: {
            prompt_tokens: usage.input,
            total_tokens: usage.input + usage.output,
            completion_tokens: usage.output,
          },
        },
      ),
      'data: [DONE]\n\n',
    ];
  },
  errorBody: (status, message) =>
    JSON.stringify({
      object: 'error',
      message,
      type: status === 401 ? 'authentication_error' : 'invalid_request_error',
      param: null,
      code: null,
    }),
};
