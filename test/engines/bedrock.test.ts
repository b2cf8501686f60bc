import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regionOf } from '../../src/chat/engines/bedrock-model.ts';
import type { EngineSettings } from '../../src/chat/engines/engine.ts';
import { describeEngineContract, sentRequest } from '../helpers/fake-providers/engine-contract.ts';
import { bedrockWire } from '../helpers/fake-providers/bedrock-wire.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { expectedSigV4Signature, parseSigV4 } from '../helpers/fake-providers/sigv4.ts';

const ACCESS_KEY_ID = 'AKIAFAKEEXAMPLE12345';
const SECRET_ACCESS_KEY = 'fakeSecretAccessKey/0123456789abcdefghij';
const BEDROCK_API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1mYWtlOmZha2VzZWNyZXQ=';

function bedrockSettings(origin: string): EngineSettings {
  return {
    engine: 'bedrock',
    model: 'anthropic.claude-3-haiku-20240307-v1:0',
    endpoint: origin,
    region: 'eu-west-1',
    apiKey: `${ACCESS_KEY_ID}:${SECRET_ACCESS_KEY}`,
    temperature: 0.2,
    maxOutputTokens: 300,
  };
}

describe('bedrock engine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it('calls ConverseStream, signed with SigV4 for bedrock in the agent region', async () => {
    const request = await sentRequest(fake, bedrockWire, bedrockSettings(fake.origin));
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
    const auth = parseSigV4(request.headers.authorization);
    expect(auth).toMatchObject({
      accessKeyId: ACCESS_KEY_ID,
      region: 'eu-west-1',
      service: 'bedrock',
    });
    expect(auth?.signedHeaders).toContain('host');
    expect(auth?.signature).toBe(expectedSigV4Signature(request, SECRET_ACCESS_KEY));
    expect(request.json).toMatchObject({
      system: [{ text: 'You assess AI risks.' }],
      messages: [
        { role: 'user', content: [{ text: 'What is a risk?' }] },
        { role: 'assistant', content: [{ text: 'A possible harm.' }] },
        { role: 'user', content: [{ text: 'Give an example.' }] },
      ],
      inferenceConfig: { temperature: 0.2, maxTokens: 300 },
    });
  });

  it('signs for us-east-1 when neither the agent nor its endpoint names a region', async () => {
    const settings = { ...bedrockSettings(fake.origin), region: null };
    const request = await sentRequest(fake, bedrockWire, settings);
    expect(parseSigV4(request.headers.authorization)?.region).toBe('us-east-1');
  });

  it('sends a Bedrock API key (no colon) as a Bearer token', async () => {
    const settings = { ...bedrockSettings(fake.origin), apiKey: BEDROCK_API_KEY };
    const request = await sentRequest(fake, bedrockWire, settings);
    expect(request.headers.authorization).toBe(`Bearer ${BEDROCK_API_KEY}`);
  });

  describeEngineContract({ wire: bedrockWire, settings: bedrockSettings });
});

describe('bedrock region from the endpoint', () => {
  it.each([
    ['https://bedrock-runtime.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://vpce-0a1b.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com', 'ap-southeast-2'],
    ['https://bedrock-proxy.example.com', undefined],
    [null, undefined],
  ])('%s → %s', (endpoint, region) => {
    expect(regionOf(endpoint)).toBe(region);
  });
});
