import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AccountLinkRecord, LinkKind } from '../store/account-store.ts';
import { generateSecret, hashSecret } from '../lib/secrets.ts';

export type { LinkKind } from '../store/account-store.ts';

/** How long each kind of link works. */
export const LINK_TTL_SECONDS: Readonly<Record<LinkKind, number>> = {
  setup: 24 * 3600,
  invitation: 7 * 24 * 3600,
  reset: 3600,
};

export type LinkProblem = 'unknown' | 'expired' | 'used';

/** A link that cannot be used: unknown (404), or expired or used (410). */
export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(readonly reason: LinkProblem) {
    super(LINK_MESSAGES[reason]);
  }
}

const LINK_MESSAGES: Record<LinkProblem, string> = {
  unknown: 'This link is not valid: check that it was copied whole, or ask for a new one',
  expired: 'This link has expired: ask for a new one',
  used: 'This link has been used already, or a newer one replaced it: ask for a new one',
};

export interface CreateLinkInput {
  kind: LinkKind;
  userId: string | null;
  email: string | null;
  ttlSeconds: number;
  /** The admin who created it; null for the command line or the server. */
  createdBy: string | null;
}

/** A fresh one-time link: the token goes to the person, only its hash to the database. */
export async function createLink(
  store: Store,
  clock: Clock,
  input: CreateLinkInput,
): Promise<{ token: string; expiresAt: number }> {
  const token = generateSecret();
  const now = clock.nowSeconds();
  const expiresAt = now + input.ttlSeconds;
  await store.accountLinks.insert({
    tokenHash: hashSecret(token),
    kind: input.kind,
    userId: input.userId,
    email: input.email,
    createdAt: now,
    expiresAt,
    usedAt: null,
    createdBy: input.createdBy,
  });
  return { token, expiresAt };
}

/** The link a token opens, if it still works; throws LinkError otherwise. Spends nothing. */
export async function inspectLink(
  store: Store,
  clock: Clock,
  kind: LinkKind,
  token: string,
): Promise<AccountLinkRecord> {
  const link = await store.accountLinks.find(hashSecret(token));
  if (!link || link.kind !== kind) {
    throw new LinkError('unknown');
  }
  if (link.usedAt !== null) {
    throw new LinkError('used');
  }
  if (link.expiresAt <= clock.nowSeconds()) {
    throw new LinkError('expired');
  }
  return link;
}

/**
 * Spends the link in one conditional statement: of concurrent redemptions only one succeeds;
 * the others get LinkError, as does a link that no longer works.
 */
export async function consumeLink(
  store: Store,
  clock: Clock,
  kind: LinkKind,
  token: string,
): Promise<AccountLinkRecord> {
  const consumed = await store.accountLinks.consume(hashSecret(token), kind, clock.nowSeconds());
  if (consumed) {
    return consumed;
  }
  // Why it failed, for the message; inspectLink throws since the link cannot be consumed.
  await inspectLink(store, clock, kind, token);
  throw new LinkError('used');
}

/** Spends every other unused link of this kind for the user (null: setup links). */
export async function invalidateOtherLinks(
  store: Store,
  clock: Clock,
  userId: string | null,
  kind: LinkKind,
  keepToken: string,
): Promise<number> {
  return store.accountLinks.invalidateOthers(
    userId,
    kind,
    hashSecret(keepToken),
    clock.nowSeconds(),
  );
}

const LINK_PAGES: Record<LinkKind, string> = {
  setup: 'setup',
  invitation: 'invite',
  reset: 'reset',
};

/**
 * The web app's page for the link. The token travels in the fragment, which browsers never
 * send: it stays out of server logs, proxies and Referer headers.
 */
export function linkUrl(issuer: string, kind: LinkKind, token: string): string {
  return `${issuer}/${LINK_PAGES[kind]}#token=${token}`;
}
