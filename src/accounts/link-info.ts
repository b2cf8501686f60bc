import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { LinkKind } from '../store/account-store.ts';
import { isFirstRun } from './first-run.ts';
import { LinkError, inspectLink } from './links.ts';

export interface LinkInfo {
  kind: LinkKind;
  /** Whose link it is (the web app shows it); null for a setup link. */
  email: string | null;
  expiresAt: number;
}

/**
 * What the web app shows before a link is redeemed; the same LinkError as redeeming it would
 * give. A setup link is spent once anybody has an account.
 */
export async function describeLink(
  store: Store,
  clock: Clock,
  kind: LinkKind,
  token: string,
): Promise<LinkInfo> {
  const link = await inspectLink(store, clock, kind, token);
  if (kind === 'setup' && !(await isFirstRun(store))) {
    throw new LinkError('used');
  }
  return { kind, email: link.email, expiresAt: link.expiresAt };
}
