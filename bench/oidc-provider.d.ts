// The part of oidc-provider's API bench/peer.ts uses (oidc-provider ships no types of its own).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** See https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#configuration-options */
  export interface Configuration {
    adapter?: (model: string) => unknown;
    clients?: Record<string, unknown>[];
    cookies?: { keys?: string[] };
    /** Each feature's `enabled`, and its own options (e.g. resourceIndicators' callbacks). */
    features?: Record<string, { enabled: boolean } & Record<string, unknown>>;
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

  export interface Client {
    clientId: string;
  }

  /** A stored artifact; `save` resolves to its value (the code, the token, the grant id). */
  interface Model {
    save(): Promise<string>;
  }

  interface Grant extends Model {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
  }

  /** A browser session; `jti` is its id, the value of the session cookie. */
  interface Session {
    readonly jti: string;
    readonly uid: string;
    loginAccount(details: { accountId: string }): void;
    grantIdFor(clientId: string, grantId: string): void;
    sidFor(clientId: string, sid: string): void;
    save(ttlSeconds: number): Promise<string>;
  }

  /** Koa's context (the provider is a Koa application), for its signed cookies. */
  interface KoaContext {
    cookies: { set(name: string, value: string, options: { signed: boolean }): void };
  }

  class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    createContext(request: IncomingMessage, response: ServerResponse): KoaContext;
    cookieName(type: 'session'): string;
    readonly Grant: new (input: { accountId: string; clientId: string }) => Grant;
    readonly AuthorizationCode: new (input: {
      accountId: string;
      client: Client;
      grantId: string;
      redirectUri: string;
      scope: string;
      resource?: string;
    }) => Model;
    readonly AccessToken: new (input: {
      accountId: string;
      client: Client;
      grantId: string;
      scope: string;
    }) => Model;
    readonly Session: new () => Session;
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
