import { lazyModule } from '../../lib/lazy-module.ts';

// The AI SDK and each engine's provider package, loaded at the first call that needs them:
// most servers use one or two engines, and loading all of them took a good part of start-up.
export const loadSdk = lazyModule(() => import('ai'));

export const SDK_PROVIDERS = {
  openai: lazyModule(() => import('@ai-sdk/openai')),
  azure: lazyModule(() => import('@ai-sdk/azure')),
  mistral: lazyModule(() => import('@ai-sdk/mistral')),
  google: lazyModule(() => import('@ai-sdk/google')),
  openaiCompatible: lazyModule(() => import('@ai-sdk/openai-compatible')),
  bedrock: lazyModule(() => import('@ai-sdk/amazon-bedrock')),
};
