import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { encryptWithMasterKey } from '../lib/encryption.ts';
import type { Role } from '../vocabulary/roles.ts';
import { userNotFound } from './users.ts';
import { MAX_SECRET_CHARS } from '../vocabulary/limits.ts';

export interface CredentialsDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
}

/** Who asks: a user may manage its own credentials, a CompanyAdmin anyone's. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
}

/** What the API shows of a stored credential: that it is set, and its last 4 characters. */
export interface CredentialSummary {
  userId: string;
  provider: string;
  isSet: true;
  last4: string;
  updatedAt: number;
}

// Provider names are identifiers such as "openai" or "azure-openai".
const PROVIDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Spec §5 SetUserToken: a write-only secret per user and provider, encrypted at rest. */
export async function setUserToken(
  deps: CredentialsDeps,
  actor: Actor,
  input: { userId: string; provider: string; token: string },
): Promise<CredentialSummary> {
  await assertMayManage(deps.store, actor, input.userId);
  const provider = parseProvider(input.provider);
  const token = input.token.trim();
  if (token.length < 4 || token.length > MAX_SECRET_CHARS) {
    throw new ValidationError(`token must be 4 to ${MAX_SECRET_CHARS} characters`);
  }
  const credential = {
    userId: input.userId,
    provider,
    secretEncrypted: encryptWithMasterKey(deps.masterKey, token),
    last4: token.slice(-4),
    updatedAt: deps.clock.nowSeconds(),
  };
  await deps.store.credentials.upsert(credential);
  return summarize(credential);
}

export async function clearUserToken(
  deps: CredentialsDeps,
  actor: Actor,
  input: { userId: string; provider: string },
): Promise<void> {
  await assertMayManage(deps.store, actor, input.userId);
  if (!(await deps.store.credentials.remove(input.userId, parseProvider(input.provider)))) {
    throw new NotFoundError(`User "${input.userId}" has no token for provider "${input.provider}"`);
  }
}

export async function listUserTokens(
  deps: CredentialsDeps,
  actor: Actor,
  userId: string,
): Promise<CredentialSummary[]> {
  await assertMayManage(deps.store, actor, userId);
  return (await deps.store.credentials.list(userId)).map(summarize);
}

async function assertMayManage(store: Store, actor: Actor, userId: string): Promise<void> {
  const isAdmin = actor.roles.includes('CompanyAdmin');
  if (actor.userId !== userId && !isAdmin) {
    throw new ForbiddenError(
      "Managing another user's tokens requires the CompanyAdmin role",
      'CompanyAdmin',
    );
  }
  if (!(await store.users.findById(userId))) {
    throw userNotFound(userId);
  }
}

function parseProvider(provider: string): string {
  if (!PROVIDER.test(provider)) {
    throw new ValidationError('provider must be 1 to 64 characters of letters, digits and . _ -');
  }
  return provider.toLowerCase();
}

function summarize(credential: {
  userId: string;
  provider: string;
  last4: string;
  updatedAt: number;
}): CredentialSummary {
  return {
    userId: credential.userId,
    provider: credential.provider,
    isSet: true,
    last4: credential.last4,
    updatedAt: credential.updatedAt,
  };
}
