import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { SigningKeys } from './signing-keys.ts';

/** Everything the authorization server's rules need, passed explicitly. */
export interface OAuthDeps {
  store: Store;
  clock: Clock;
  keys: SigningKeys;
  settings: {
    issuer: string;
    codeTtlSeconds: number;
    accessTokenTtlSeconds: number;
    requireGenericBearer: boolean;
  };
}
