/** The LLM engines an agent may run on: the store keeps these names, the API and CLI accept them. */
export const ENGINE_NAMES = [
  'demo',
  'openai',
  'azure-openai',
  'mistral',
  'google',
  'llama',
  'bedrock',
] as const;

export type EngineName = (typeof ENGINE_NAMES)[number];
