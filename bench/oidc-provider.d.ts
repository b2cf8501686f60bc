// The part of oidc-provider's API bench/peer.ts uses (oidc-provider ships no types of its own).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** See https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#configuration-options */
  interface Configuration {
    adapter?: (model: string) => unknown;
    clients?: Record<string, unknown>[];
    cookies?: { keys?: string[] };
    features?: Record<string, { enabled: boolean }>;
    findAccount?: (
      context: unknown,
      accountId: string,
    ) => Promise<{ accountId: string; claims: () => Promise<{ sub: string }> }>;
    jwks?: { keys: object[] };
    pkce?: { required?: () => boolean };
    routes?: Record<string, string>;
    /** Seconds, per model name. */
    ttl?: Record<string, number>;
  }

  interface Client {
    clientId: string;
  }

  /** A stored artifact; `save` resolves to its value (the code, the token, the grant id). */
  interface Model {
    save(): Promise<string>;
  }

  interface Grant extends Model {
    addOIDCScope(scope: string): void;
  }

  class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    readonly Grant: new (input: { accountId: string; clientId: string }) => Grant;
    readonly AuthorizationCode: new (input: {
      accountId: string;
      client: Client;
      grantId: string;
      redirectUri: string;
      scope: string;
    }) => Model;
    readonly Client: { find(clientId: string): Promise<Client | undefined> };
  }

  export default Provider;
}

// The default in-memory adapter and its store, imported to give the store a larger capacity.
declare module 'oidc-provider/lib/helpers/lru.js' {
  export default class LRU {
    constructor(options: { maxSize: number });
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type LRU from 'oidc-provider/lib/helpers/lru.js';

  export default class MemoryAdapter {
    constructor(model: string, store: LRU, clockToleranceSeconds?: number);
  }
}
