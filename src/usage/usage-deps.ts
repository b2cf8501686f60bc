import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';

export interface UsageDeps {
  store: Store;
  clock: Clock;
}

/** Who changed a price or a budget, for the audit log. */
export interface UsageActor {
  userId: string;
  ip: string | null;
}
