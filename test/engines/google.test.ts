import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { describeEngineContract, sentRequest } from '../helpers/fake-providers/engine-contract.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { googleWire } from '../helpers/fake-providers/google-wire.ts';

const KEY = 'AIzaFakeKey0123456789abcdefghijklmnopq';

function googleSettings(origin: string): EngineSettings {
  return {
    engine: 'google',
    model: 'gemini-2.0-flash',
    endpoint: `${origin}/v1beta`,
    region: null,
    apiKey: KEY,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('google engine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('streams generateContent with the system prompt as systemInstruction', async () => {
    const request = await sentRequest(fake, googleWire, googleSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
    expect(request.headers['x-goog-api-key']).toBe(KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual({
      systemInstruction: { parts: [{ text: 'You assess AI risks.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'What is a risk?' }] },
        { role: 'model', parts: [{ text: 'A possible harm.' }] },
        { role: 'user', parts: [{ text: 'Give an example.' }] },
      ],
      generationConfig: { temperature: 0.2, maxOutputTokens: 300 },
    });
  });

  describeEngineContract({ wire: googleWire, settings: googleSettings });
});
