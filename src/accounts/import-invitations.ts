import { ConflictError } from '../lib/errors.ts';
import { MailError } from '../mail/mail-error.ts';
import { isoTime } from '../lib/iso-time.ts';
import type { ImportedUser } from '../users/import-users.ts';
import { inviteExistingUser, type AccountActor, type AccountMailDeps } from './invitations.ts';

/** What became of one imported user's invitation. */
export interface ImportInvitation {
  line: number;
  email: string;
  userId: string;
  emailed: boolean;
  /** Only when not emailed: for the admin to pass on. */
  link?: string;
  expiresAt?: string;
  /** Why no invitation went out; the user stays imported and can be invited again. */
  error?: string;
}

/**
 * Invites each user a CSV import created, in file order. A row that fails does not stop the
 * others, except a mail failure: the mail server is then likely down for every row, and waiting
 * out its timeout once per row would take hours, so the remaining rows are reported not invited.
 */
export async function inviteImportedUsers(
  deps: AccountMailDeps,
  users: readonly ImportedUser[],
  actor: AccountActor,
): Promise<ImportInvitation[]> {
  const results: ImportInvitation[] = [];
  let mailFailure: string | undefined;
  for (const { line, id, email } of [...users].sort((a, b) => a.line - b.line)) {
    const row = { line, email, userId: id, emailed: false };
    if (mailFailure !== undefined) {
      results.push({ ...row, error: mailFailure });
      continue;
    }
    try {
      const user = await deps.store.users.findById(id);
      if (!user) {
        throw new ConflictError('The user was deleted before its invitation');
      }
      const invitation = await inviteExistingUser(deps, user, actor, { firstTime: true });
      results.push({
        ...row,
        emailed: invitation.emailed,
        ...(invitation.emailed ? {} : { link: invitation.link }),
        expiresAt: isoTime(invitation.expiresAt),
      });
    } catch (error) {
      if (!(error instanceof MailError || error instanceof ConflictError)) {
        throw error;
      }
      results.push({ ...row, error: error.message });
      if (error instanceof MailError) {
        mailFailure = `Not invited: the mail to line ${line} failed first; invite again with \`airisk users invite\``;
      }
    }
  }
  return results;
}
