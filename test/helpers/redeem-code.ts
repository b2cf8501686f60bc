import { randomUUID } from 'node:crypto';
import type { CodeRedemption, RedemptionOutcome, Store } from '../../src/store/store.ts';

/** A redemption of the code by its client that sends nothing else: the loosest terms. */
export function redemptionOf(
  codeHash: string,
  clientId: string,
  now: number,
  terms: Partial<CodeRedemption> = {},
): CodeRedemption {
  const jti = randomUUID();
  return {
    codeHash,
    clientId,
    now,
    redirectUri: null,
    userId: null,
    userIdRequired: false,
    verifierChallenge: null,
    userCodeNeedsBearer: false,
    token: { jti, expiresAt: now + 3600 },
    audit: {
      id: randomUUID(),
      at: now,
      event: 'token_issued',
      outcome: 'success',
      clientId,
      ip: '192.0.2.1',
      reason: null,
      details: { generic: { jti, kind: 'generic' }, user: { jti, kind: 'user' } },
    },
    ...terms,
  };
}

export function redeem(
  store: Store,
  codeHash: string,
  clientId: string,
  now: number,
  terms: Partial<CodeRedemption> = {},
): Promise<RedemptionOutcome> {
  return store.redeemCode(redemptionOf(codeHash, clientId, now, terms));
}
