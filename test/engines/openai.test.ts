import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import {
  CONVERSATION,
  describeEngineContract,
  sentRequest,
} from '../helpers/fake-providers/engine-contract.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { chatCompletionsRequest, openAiWire } from '../helpers/fake-providers/openai-wire.ts';

const KEY = 'sk-proj-fakeKey0123456789abcdefABCDEF';

function openAiSettings(origin: string): EngineSettings {
  return {
    engine: 'openai',
    model: 'gpt-4o-mini',
    endpoint: `${origin}/v1`,
    region: null,
    apiKey: KEY,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('openai engine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('posts the conversation to Chat Completions with a Bearer key', async () => {
    const request = await sentRequest(fake, openAiWire, openAiSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.json).toEqual(chatCompletionsRequest('gpt-4o-mini'));
  });

  it('leaves temperature and max tokens to the provider when the agent sets none', async () => {
    const settings = { ...openAiSettings(fake.origin), temperature: null, maxOutputTokens: null };
    const request = await sentRequest(fake, openAiWire, settings);
    expect(request.json).not.toHaveProperty('temperature');
    expect(request.json).not.toHaveProperty('max_tokens');
    expect(request.json).toHaveProperty('messages', expect.arrayContaining([CONVERSATION[1]]));
  });

  describeEngineContract({ wire: openAiWire, settings: openAiSettings });
});
