import type { UserRecord } from '../store/store.ts';
import type { SessionRecord } from '../store/account-store.ts';
import type { AccountDeps, RequestMeta } from './account-deps.ts';
import { ConflictError } from '../lib/errors.ts';
import { parseName } from '../users/user-input.ts';
import { recordAudit } from '../audit/audit.ts';
import { parseField } from './invitations.ts';
import { LinkError, consumeLink, inspectLink } from './links.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { startPasswordSession } from './sessions.ts';

export interface AcceptInvitationInput {
  token: string;
  /** The name to go by; default the one the admin gave. */
  name?: string | undefined;
  password: string;
}

/**
 * Redeems an invitation link: the invited user sets a password (and maybe their name) and is
 * signed in. The password is checked before the link is spent, so a weak one costs nothing.
 */
export async function acceptInvitation(
  deps: AccountDeps,
  input: AcceptInvitationInput,
  meta: RequestMeta,
): Promise<{ user: UserRecord; session: SessionRecord; cookieValue: string }> {
  const { store, clock } = deps;
  const link = await inspectLink(store, clock, 'invitation', input.token);
  const invited = link.userId === null ? undefined : await store.users.findById(link.userId);
  if (!invited) {
    throw new LinkError('unknown');
  }
  if (invited.disabledAt !== null) {
    throw new ConflictError('This account is disabled: ask an administrator');
  }
  const name =
    input.name === undefined ? invited.name : parseField('name', () => parseName(input.name ?? ''));
  await checkPasswordStrength(input.password, { email: invited.email, name });
  const passwordHash = await hashPassword(input.password);
  const user = await store.transaction(async (tx) => {
    await consumeLink(tx, clock, 'invitation', input.token);
    await tx.logins.setPassword(invited.id, passwordHash, clock.nowSeconds());
    const updated = name === invited.name ? invited : await tx.users.update(invited.id, { name });
    await recordAudit(tx, clock, { event: 'invitation_accepted', userId: invited.id, ip: meta.ip });
    return updated ?? invited;
  });
  return startPasswordSession(deps, user, meta);
}
