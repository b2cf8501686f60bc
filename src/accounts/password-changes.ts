import type { UserRecord } from '../store/store.ts';
import type { AccountDeps, RequestMeta } from './account-deps.ts';
import type { LiveSession } from './sessions.ts';
import { ValidationError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseName } from '../users/user-input.ts';
import { parseField } from './invitations.ts';
import { LinkError, consumeLink, inspectLink } from './links.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.ts';

export interface ResetPasswordInput {
  token: string;
  password: string;
}

/**
 * Redeems a reset link: a new password, the lock lifted, and every session of the user ended
 * (whoever knew the old password is signed out everywhere).
 */
export async function resetPassword(
  deps: AccountDeps,
  input: ResetPasswordInput,
  meta: RequestMeta,
): Promise<void> {
  const { store, clock } = deps;
  const link = await inspectLink(store, clock, 'reset', input.token);
  const user = link.userId === null ? undefined : await store.users.findById(link.userId);
  if (!user) {
    throw new LinkError('unknown');
  }
  await checkPasswordStrength(input.password, user);
  const passwordHash = await hashPassword(input.password);
  await store.transaction(async (tx) => {
    await consumeLink(tx, clock, 'reset', input.token);
    await tx.logins.setPassword(user.id, passwordHash, clock.nowSeconds());
    const ended = await tx.sessions.revokeAllOfUser(user.id, clock.nowSeconds());
    await recordAudit(tx, clock, {
      event: 'password_reset',
      userId: user.id,
      ip: meta.ip,
      details: { sessionsEnded: ended },
    });
  });
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** A signed-in person's new password; their other sessions end, this one stays. */
export async function changePassword(
  deps: AccountDeps,
  { session, user }: LiveSession,
  input: ChangePasswordInput,
  meta: RequestMeta,
): Promise<void> {
  const { store, clock } = deps;
  const login = await store.logins.find(user.id);
  const currentHash = login?.passwordHash;
  const isCurrent =
    currentHash !== undefined &&
    currentHash !== null &&
    (await verifyPassword(currentHash, input.currentPassword));
  if (!isCurrent) {
    throw new ValidationError('currentPassword: not your current password');
  }
  await checkPasswordStrength(input.newPassword, user, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await store.transaction(async (tx) => {
    await tx.logins.setPassword(user.id, passwordHash, clock.nowSeconds());
    const ended = await tx.sessions.revokeAllOfUser(user.id, clock.nowSeconds(), session.id);
    await recordAudit(tx, clock, {
      event: 'password_changed',
      userId: user.id,
      ip: meta.ip,
      details: { sessionsEnded: ended },
    });
  });
}

/** The person's own name. */
export async function updateProfile(
  { store, clock }: AccountDeps,
  user: UserRecord,
  name: string,
): Promise<UserRecord> {
  const updated = await store.users.update(user.id, {
    name: parseField('name', () => parseName(name)),
  });
  await recordAudit(store, clock, {
    event: 'user_updated',
    userId: user.id,
    details: { changed: ['name'], by: 'self' },
  });
  return updated ?? user;
}
