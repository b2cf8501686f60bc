import type { Engine } from './api.ts';

/** How each engine is set up: the labels, examples and which settings it needs. */
export interface EngineInfo {
  label: string;
  /** The model field's label (Azure OpenAI calls it the deployment). */
  modelLabel: string;
  modelExample: string;
  /** The endpoint: needed, optional, or not asked for. */
  endpoint: 'required' | 'optional' | 'none';
  endpointLabel: string;
  endpointHint: string;
  region: boolean;
  /** Whether it answers without an API key (demo, most local servers). */
  keyOptional: boolean;
  keyHint: string;
}

const PROVIDER_KEY = "The provider's API key.";

export const ENGINES: Record<Engine, EngineInfo> = {
  demo: {
    label: 'Demo (no AI provider)',
    modelLabel: 'Model',
    modelExample: 'demo',
    endpoint: 'none',
    endpointLabel: '',
    endpointHint: '',
    region: false,
    keyOptional: true,
    keyHint: 'The demo engine needs no key.',
  },
  openai: {
    label: 'OpenAI',
    modelLabel: 'Model',
    modelExample: 'gpt-4o-mini',
    endpoint: 'optional',
    endpointLabel: 'Base URL (optional)',
    endpointHint: 'Leave empty for https://api.openai.com/v1.',
    region: false,
    keyOptional: false,
    keyHint: PROVIDER_KEY,
  },
  'azure-openai': {
    label: 'Azure OpenAI',
    modelLabel: 'Deployment name',
    modelExample: 'gpt-4o-mini',
    endpoint: 'required',
    endpointLabel: 'Endpoint',
    endpointHint: "Your resource's URL, e.g. https://NAME.openai.azure.com/openai",
    region: false,
    keyOptional: false,
    keyHint: "One of the Azure OpenAI resource's keys.",
  },
  mistral: {
    label: 'Mistral AI',
    modelLabel: 'Model',
    modelExample: 'mistral-small-latest',
    endpoint: 'optional',
    endpointLabel: 'Base URL (optional)',
    endpointHint: 'Leave empty for https://api.mistral.ai/v1.',
    region: false,
    keyOptional: false,
    keyHint: PROVIDER_KEY,
  },
  google: {
    label: 'Google AI (Gemini)',
    modelLabel: 'Model',
    modelExample: 'gemini-2.5-flash',
    endpoint: 'optional',
    endpointLabel: 'Base URL (optional)',
    endpointHint: 'Leave empty for the public Google AI (Gemini) API.',
    region: false,
    keyOptional: false,
    keyHint: 'A Google AI Studio API key.',
  },
  llama: {
    label: 'LLaMA (OpenAI-compatible server)',
    modelLabel: 'Model',
    modelExample: 'llama3.2',
    endpoint: 'required',
    endpointLabel: 'Base URL',
    endpointHint:
      'An OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://localhost:11434/v1',
    region: false,
    keyOptional: true,
    keyHint: 'Only if your server asks for one.',
  },
  bedrock: {
    label: 'Amazon Bedrock',
    modelLabel: 'Model',
    modelExample: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    endpoint: 'optional',
    endpointLabel: 'Endpoint (optional)',
    endpointHint: 'Leave empty for the region’s public Bedrock endpoint.',
    region: true,
    keyOptional: false,
    keyHint: 'AWS credentials as ACCESS_KEY_ID:SECRET_ACCESS_KEY (or a Bedrock API key).',
  },
};

export const ENGINE_NAMES = Object.keys(ENGINES) as Engine[];

export function engineLabel(engine: string): string {
  return ENGINES[engine as Engine]?.label ?? engine;
}

/** The engine fields of a form, as typed. */
export interface EngineSettings {
  engine: Engine;
  model: string;
  endpoint: string;
  region: string;
}

/** The settings as the API takes them: what the engine does not use is cleared. */
export function engineBody(settings: EngineSettings) {
  const info = ENGINES[settings.engine];
  return {
    engine: settings.engine,
    model: settings.engine === 'demo' ? settings.model.trim() || 'demo' : settings.model.trim(),
    endpoint: info.endpoint === 'none' ? null : settings.endpoint.trim() || null,
    region: info.region ? settings.region.trim() || null : null,
  };
}
