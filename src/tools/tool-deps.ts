import type { Clock } from '../lib/clock.ts';
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import { createOutboundPolicy, type OutboundPolicy } from './outbound/outbound-policy.ts';
import { createOAuthTokenCache, type OAuthTokenCache } from './custom-apis/oauth-tokens.ts';

/** What running an agent's tools needs: the store, time, the key to unseal secrets, the network. */
export interface ToolDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  outbound: OutboundPolicy;
  /** OAuth2 client-credentials tokens, kept per app until they expire. */
  oauthTokens: OAuthTokenCache;
}

export interface ToolDepsSource {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  config: Pick<Config, 'outboundAllowedNetworks'>;
}

/** Fresh deps: a new token cache and new outbound agents. */
export function createToolDeps({ store, clock, masterKey, config }: ToolDepsSource): ToolDeps {
  return {
    store,
    clock,
    masterKey,
    outbound: createOutboundPolicy(config.outboundAllowedNetworks),
    oauthTokens: createOAuthTokenCache(),
  };
}

const perStore = new WeakMap<Store, ToolDeps>();

/**
 * The app's tool deps, made once per store (so once per app): a route or a chat turn that asked
 * for new ones each time would lose the cached OAuth2 tokens and fetch one per call.
 */
export function toolDepsOf(source: ToolDepsSource): ToolDeps {
  let deps = perStore.get(source.store);
  if (deps === undefined) {
    deps = createToolDeps(source);
    perStore.set(source.store, deps);
  }
  return deps;
}
