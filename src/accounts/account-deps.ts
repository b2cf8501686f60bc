import type { Clock } from '../lib/clock.ts';
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';

/** What the account rules need: the store, the time, the settings and the master key. */
export interface AccountDeps {
  store: Store;
  clock: Clock;
  config: Config;
  /** Seals TOTP secrets at rest. */
  masterKey: Buffer;
}

/** Where a request came from, for sessions, rate limits and the audit log. */
export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}
