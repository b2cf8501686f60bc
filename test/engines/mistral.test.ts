import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { describeEngineContract, sentRequest } from '../helpers/fake-providers/engine-contract.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { mistralWire } from '../helpers/fake-providers/mistral-wire.ts';

const KEY = 'mistralFakeKey0123456789abcdef';

function mistralSettings(origin: string): EngineSettings {
  return {
    engine: 'mistral',
    model: 'mistral-small-latest',
    endpoint: `${origin}/v1`,
    region: null,
    apiKey: KEY,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('mistral engine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('posts the conversation to /chat/completions with a Bearer key', async () => {
    const request = await sentRequest(fake, mistralWire, mistralSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.json).toEqual({
      model: 'mistral-small-latest',
      messages: [
        { role: 'system', content: 'You assess AI risks.' },
        { role: 'user', content: [{ type: 'text', text: 'What is a risk?' }] },
        { role: 'assistant', content: 'A possible harm.' },
        { role: 'user', content: [{ type: 'text', text: 'Give an example.' }] },
      ],
      temperature: 0.2,
      max_tokens: 300,
      stream: true,
    });
  });

  describeEngineContract({ wire: mistralWire, settings: mistralSettings });
});
