import type { AgentInput } from './agent-input.ts';

/** Starting points for `airisk agents create --template NAME`; options given override them. */
export const AGENT_TEMPLATES = {
  demo: {
    name: 'Demo assistant',
    description: 'Answers without any AI provider: try the API right after install',
    engine: 'demo',
    model: 'demo',
  },
  openai: {
    name: 'OpenAI assistant',
    description: 'OpenAI (Chat Completions); needs an OpenAI API key',
    engine: 'openai',
    model: 'gpt-4o-mini',
  },
  'azure-openai': {
    name: 'Azure OpenAI assistant',
    description:
      'An Azure OpenAI deployment; its endpoint is https://RESOURCE.openai.azure.com/openai',
    engine: 'azure-openai',
    model: 'gpt-4o-mini',
  },
  mistral: {
    name: 'Mistral assistant',
    description: 'Mistral AI; needs a Mistral API key',
    engine: 'mistral',
    model: 'mistral-small-latest',
  },
  gemini: {
    name: 'Gemini assistant',
    description: 'Google AI (Gemini); needs a Google AI Studio API key',
    engine: 'google',
    model: 'gemini-2.5-flash',
  },
  ollama: {
    name: 'Local Llama assistant',
    description: 'A LLaMA model on a local Ollama server (any OpenAI-compatible server works)',
    engine: 'llama',
    model: 'llama3.2',
    endpoint: 'http://localhost:11434/v1',
  },
  bedrock: {
    name: 'Bedrock assistant',
    description:
      'AWS Bedrock (Converse API); key as ACCESS_KEY_ID:SECRET_ACCESS_KEY or a Bedrock API key',
    engine: 'bedrock',
    model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    region: 'us-east-1',
  },
} satisfies Record<string, AgentInput>;

export type AgentTemplateName = keyof typeof AGENT_TEMPLATES;

export function isTemplateName(name: string): name is AgentTemplateName {
  return Object.hasOwn(AGENT_TEMPLATES, name);
}
