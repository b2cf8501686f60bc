import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askEngine } from '../../src/chat/engines/ask-engine.ts';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { azureV1BaseUrl } from '../../src/chat/engines/language-model.ts';
import {
  CONVERSATION,
  describeEngineContract,
  sentRequest,
} from '../helpers/fake-providers/engine-contract.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { chatCompletionsRequest, azureOpenAiWire } from '../helpers/fake-providers/openai-wire.ts';

const KEY = '0123456789abcdef0123456789abcdef';

function azureSettings(origin: string): EngineSettings {
  return {
    engine: 'azure-openai',
    model: 'risk-gpt-4o',
    endpoint: `${origin}/openai`,
    region: null,
    apiKey: KEY,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('azure-openai engine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('posts to the v1 Chat Completions API with the deployment as model and an api-key header', async () => {
    const request = await sentRequest(fake, azureOpenAiWire, azureSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/openai/v1/chat/completions');
    expect(request.headers['api-key']).toBe(KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual(chatCompletionsRequest('risk-gpt-4o'));
  });

  describeEngineContract({ wire: azureOpenAiWire, settings: azureSettings });
});

describe('azure-openai endpoint', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ['https://risk.openai.azure.com', 'https://risk.openai.azure.com/openai/v1'],
    ['https://risk.openai.azure.com/openai', 'https://risk.openai.azure.com/openai/v1'],
    ['https://risk.openai.azure.com/openai/', 'https://risk.openai.azure.com/openai/v1'],
    ['https://risk.openai.azure.com/openai/v1', 'https://risk.openai.azure.com/openai/v1'],
    ['https://gateway.example/azure', 'https://gateway.example/azure'],
  ])('%s is used as %s', (endpoint, base) => {
    expect(azureV1BaseUrl(endpoint)).toBe(base);
  });

  it('reaches a real Azure resource at /openai/v1/chat/completions, without api-version', async () => {
    // The SDK treats *.openai.azure.com hosts specially; fetch is stubbed to see the URL it builds.
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      urls.push(input instanceof Request ? input.url : String(input));
      const body = azureOpenAiWire.answer(['Fine.'], { input: 3, output: 1 }).join('');
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const settings = { ...azureSettings(''), endpoint: 'https://risk.openai.azure.com/openai' };
    const answer = askEngine(settings, CONVERSATION, { timeoutMs: 5000 });
    const deltas: string[] = [];
    for await (const delta of answer.textStream) {
      deltas.push(delta);
    }
    expect(deltas.join('')).toBe('Fine.');
    expect(urls).toEqual(['https://risk.openai.azure.com/openai/v1/chat/completions']);
  });
});
