import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { describeEngineContract, sentRequest } from '../helpers/fake-providers/engine-contract.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { chatCompletionsRequest, llamaWire } from '../helpers/fake-providers/openai-wire.ts';

const KEY = 'ollama-proxy-key-0123456789';

function llamaSettings(origin: string): EngineSettings {
  return {
    engine: 'llama',
    model: 'llama3.1:8b',
    endpoint: `${origin}/v1`,
    region: null,
    apiKey: KEY,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('llama engine (OpenAI-compatible server)', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('posts the conversation to /chat/completions and asks for usage', async () => {
    const request = await sentRequest(fake, llamaWire, llamaSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.json).toEqual(chatCompletionsRequest('llama3.1:8b'));
  });

  it('sends no Authorization header when the agent has no key', async () => {
    const request = await sentRequest(fake, llamaWire, {
      ...llamaSettings(fake.origin),
      apiKey: null,
    });
    expect(request.headers.authorization).toBeUndefined();
  });

  describeEngineContract({ wire: llamaWire, settings: llamaSettings });
});
