import type { LanguageModel } from 'ai';
import { bedrockModel } from './bedrock-model.ts';
import { demoModel } from './demo-model.ts';
import { SDK_PROVIDERS } from './sdk-modules.ts';
import { EngineError, type EngineSettings } from './engine.ts';
import { type EngineName } from '../../vocabulary/engines.ts';
import { parseUrl } from '../../lib/parse-url.ts';

/**
 * The SDK model for an agent's engine settings. Checks up front what each provider needs, so
 * that a missing setting is reported as such (and no SDK falls back to the server's own
 * environment variables, such as OPENAI_API_KEY, on an agent's behalf). Each provider's
 * package is loaded at its first use (sdk-modules.ts).
 */
export async function languageModelFor(settings: EngineSettings): Promise<LanguageModel> {
  const { engine, model } = settings;
  switch (engine) {
    case 'demo':
      return demoModel(model);
    case 'openai': {
      const { createOpenAI } = await SDK_PROVIDERS.openai();
      return createOpenAI({
        apiKey: required(settings, 'apiKey'),
        ...optionalBaseUrl(settings),
      }).chat(model);
    }
    case 'azure-openai': {
      const { createAzure } = await SDK_PROVIDERS.azure();
      return createAzure({
        apiKey: required(settings, 'apiKey'),
        baseURL: azureV1BaseUrl(required(settings, 'endpoint')),
      }).chat(model);
    }
    case 'mistral': {
      const { createMistral } = await SDK_PROVIDERS.mistral();
      return createMistral({
        apiKey: required(settings, 'apiKey'),
        ...optionalBaseUrl(settings),
      }).chat(model);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await SDK_PROVIDERS.google();
      return createGoogleGenerativeAI({
        apiKey: required(settings, 'apiKey'),
        ...optionalBaseUrl(settings),
      }).chat(model);
    }
    case 'llama': {
      const { createOpenAICompatible } = await SDK_PROVIDERS.openaiCompatible();
      return createOpenAICompatible({
        name: 'llama',
        baseURL: validUrl(engine, required(settings, 'endpoint')),
        ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        // Ollama, vLLM and llama.cpp report usage only when asked (stream_options.include_usage).
        includeUsage: true,
      }).chatModel(model);
    }
    case 'bedrock':
      return bedrockModel({
        model,
        apiKey: required(settings, 'apiKey'),
        endpoint: settings.endpoint === null ? null : validUrl(engine, settings.endpoint),
        region: settings.region,
      });
  }
}

const SETTING_NAMES = { apiKey: 'API key', endpoint: 'endpoint' } as const;

function required(settings: EngineSettings, setting: keyof typeof SETTING_NAMES): string {
  const value = settings[setting]?.trim();
  if (!value) {
    const name = SETTING_NAMES[setting];
    throw new EngineError(
      settings.engine,
      'unavailable',
      `The ${settings.engine} engine needs an ${name}; fill in the agent's ${name}`,
    );
  }
  return value;
}

function optionalBaseUrl(settings: EngineSettings): { baseURL?: string } {
  return settings.endpoint ? { baseURL: validUrl(settings.engine, settings.endpoint) } : {};
}

function validUrl(engine: EngineName, endpoint: string): string {
  const url = parseUrl(endpoint);
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new EngineError(
      engine,
      'unavailable',
      `The ${engine} engine's endpoint is not an http(s) URL; check the agent's endpoint`,
    );
  }
  return endpoint.replace(/\/+$/, '');
}

/**
 * Azure OpenAI's v1 API (GA since August 2025, no dated api-version): the deployment goes in the
 * body's `model` and the SDK posts to `{resource}/openai/v1/chat/completions` with an `api-key`
 * header. The SDK picks that URL only for hosts it recognises as Azure (…openai.azure.com); for
 * any other host (a proxy, a test) it posts to `{baseURL}/chat/completions`. Handing it the v1
 * base ourselves gives every endpoint the same request. Accepted: the resource URL
 * (`https://NAME.openai.azure.com`), with `/openai` (as the portal shows it) or `/openai/v1`.
 */
export function azureV1BaseUrl(endpoint: string): string {
  const url = new URL(validUrl('azure-openai', endpoint));
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') {
    url.pathname = '/openai/v1';
  } else if (path.endsWith('/openai')) {
    url.pathname = `${path}/v1`;
  }
  return url.toString().replace(/\/+$/, '');
}
