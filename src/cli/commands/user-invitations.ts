import type { Command } from 'commander';
import {
  inviteUser,
  publicInvitation,
  type AccountMailDeps,
  type Invitation,
} from '../../accounts/invitations.ts';
import { createPasswordResetLink } from '../../accounts/password-resets.ts';
import { createCompanyMailer } from '../../company/company-mailer.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { formatExpiry } from '../../mail/messages.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { withContext, type CliContext } from '../context.ts';
import { collect } from '../parse-options.ts';
import { resolveGroup } from '../group-ref.ts';

/**
 * `users invite` and `users reset-password`, as InviteUser and CreatePasswordResetLink: the
 * link is mailed when a mail server is configured (Company settings or AIRISK_SMTP_URL), else printed for the admin to pass on.
 */
export function registerUserInvitationCommands(users: Command, rolesHelp: string): void {
  users
    .command('invite <email>')
    .description(
      'invite a person: a one-time link (7 days) to choose a password, mailed when ' +
        'AIRISK_SMTP_URL is set, else printed; inviting again a user who has not accepted ' +
        'sends a fresh link',
    )
    .option('--name <name>', 'display name (default: the part of the email before the @)')
    .option('--role <role>', `${rolesHelp}; default User`, collect)
    .option('--group <group>', 'a group to join, by id or name (repeat for more)', collect)
    .action(
      (
        email: string,
        options: { name?: string; role?: string[]; group?: string[] },
        command: Command,
      ) =>
        withMailDeps(command, async (context, mailDeps) => {
          const groupIds = [];
          for (const ref of options.group ?? []) {
            groupIds.push((await resolveGroup(context.store, ref)).id);
          }
          const invitation = await inviteUser(
            mailDeps(),
            { email, name: options.name, roles: options.role, groupIds },
            null,
          );
          context.print(publicInvitation(invitation), invitationText(invitation));
        }),
    );

  users
    .command('reset-password <email_or_id>')
    .description(
      'create a one-time link (1 hour) for a user to choose a new password; printed, and ' +
        'mailed too when AIRISK_SMTP_URL is set',
    )
    .action((ref: string, _options: unknown, command: Command) =>
      withMailDeps(command, async (context, mailDeps) => {
        const user =
          (await context.store.users.findById(ref)) ??
          (await context.store.users.findByEmail(ref.trim()));
        if (!user) {
          throw new NotFoundError(`No user with id or email "${ref}"`);
        }
        const reset = await createPasswordResetLink(mailDeps(), user.id, null);
        context.print(
          { userId: user.id, email: user.email, ...reset, expiresAt: isoTime(reset.expiresAt) },
          [
            `Password reset link for ${user.email}, valid until ${formatExpiry(reset.expiresAt)}` +
              (reset.emailed ? ' (also mailed to them):' : ':'),
            reset.link,
          ].join('\n'),
        );
      }),
    );
}

/**
 * withContext, plus what sending account mail needs: the server's mailer (the mail server of the
 * company settings, else AIRISK_SMTP_URL), made at the first call of `mailDeps` (reading those
 * settings takes the master key) and closed when the command ends.
 */
export function withMailDeps(
  command: Command,
  work: (context: CliContext, mailDeps: () => AccountMailDeps) => Promise<void>,
): Promise<void> {
  return withContext(command, async (context) => {
    const { config, store } = context;
    let deps: AccountMailDeps | undefined;
    const mailDeps = () => {
      deps ??= {
        ...context,
        issuer: config.issuer,
        mailer: createCompanyMailer({
          store,
          config,
          masterKey: databaseMasterKey(config),
        }),
      };
      return deps;
    };
    try {
      await work(context, mailDeps);
    } finally {
      deps?.mailer?.close();
    }
  });
}

function invitationText({ user, link, expiresAt, emailed }: Invitation): string {
  const until = formatExpiry(expiresAt);
  const who = `Invited ${user.email} (user ${user.id}, roles ${user.roles.join(', ')})`;
  return emailed
    ? `${who}: the invitation was mailed; its link works until ${until}.`
    : `${who}. No mail server is configured (Company settings or AIRISK_SMTP_URL): send them this link, valid until ${until}:\n${link}`;
}
