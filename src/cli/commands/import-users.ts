import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  importUsersFromCsv,
  type ImportedUser,
  type ImportProgress,
  type ImportReport,
} from '../../users/import-users.ts';
import { inviteImportedUsers, type ImportInvitation } from '../../accounts/import-invitations.ts';
import type { CliContext } from '../context.ts';
import { wholeNumber } from '../parse-options.ts';
import { withMailDeps } from './user-invitations.ts';

/**
 * `users import FILE.csv [--invite]`. Exit status: 0 when every row was imported (and, with
 * --invite, invited), 1 when some failed (the report names their lines) or the header is wrong,
 * 2 when the file cannot be read.
 */
export function registerImportUsersCommand(users: Command): void {
  users
    .command('import <file>')
    .description(
      'create users from a CSV file with the header email,name,roles,groups ' +
        '(roles and groups: lists separated by ; or |; missing groups are created)',
    )
    .option('--batch-size <n>', 'rows per transaction (default 1000)', wholeNumber)
    .option(
      '--invite',
      'invite each imported user: the link is mailed when a mail server is configured ' +
        '(company settings or AIRISK_SMTP_URL), else printed',
    )
    .action(
      async (file: string, options: { batchSize?: number; invite?: true }, command: Command) => {
        // Opened before the database, so an unreadable file changes nothing (and exits 2).
        const input = await openFile(file);
        try {
          await withMailDeps(command, async (context, mailDeps) => {
            const progress =
              !context.json && context.stderr.isTTY === true
                ? liveProgress(context.stderr)
                : undefined;
            const imported: ImportedUser[] = [];
            let report: ImportReport;
            try {
              report = await importUsersFromCsv(context, input, {
                batchSize: options.batchSize,
                onProgress: progress?.update,
                onImported: options.invite ? (users) => imported.push(...users) : undefined,
              });
            } finally {
              progress?.clear();
            }
            if (!options.invite) {
              context.print(report, summary(report));
              if (report.failed.length > 0) {
                context.fail(1);
              }
              return;
            }
            // After the import, so a slow mail server never holds an import transaction open.
            const invitations = await inviteImportedUsers(mailDeps(), imported, null);
            context.print(
              { ...report, invitations },
              `${summary(report)}\n${invitationSummary(invitations)}`,
            );
            if (report.failed.length > 0 || invitations.some((row) => row.error !== undefined)) {
              context.fail(1);
            }
          });
        } finally {
          input.destroy();
        }
      },
    );
}

async function openFile(file: string) {
  try {
    const handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new Error('it is a directory');
    }
    return handle.createReadStream();
  } catch (error) {
    // Not a domain error, so the CLI exits 2: the file, not its rows, is the problem.
    throw new Error(
      `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A status line on the terminal, rewritten in place; only ever used when stderr is a TTY. */
function liveProgress(stderr: CliContext['stderr']) {
  return {
    update: ({ imported, processed }: ImportProgress) =>
      stderr.write(`\rimported ${imported} rows (${processed} read)`),
    clear: () => stderr.write('\r\x1b[K'),
  };
}

function invitationSummary(invitations: ImportInvitation[]): string {
  if (invitations.length === 0) {
    return 'No one to invite.';
  }
  const lines = ['Invitations:'];
  for (const { line, email, emailed, link, error } of invitations) {
    const outcome = error ?? (emailed ? 'emailed' : (link ?? ''));
    lines.push(`  line ${line} (${email}): ${outcome}`);
  }
  return lines.join('\n');
}

function summary({ imported, failed, groupsCreated }: ImportReport): string {
  const lines = [
    `Imported ${imported} ${imported === 1 ? 'user' : 'users'}` +
      (groupsCreated.length > 0 ? `; created groups: ${groupsCreated.join(', ')}.` : '.'),
  ];
  if (failed.length > 0) {
    lines.push(`${failed.length} ${failed.length === 1 ? 'row' : 'rows'} failed:`);
    for (const { line, email, error } of failed) {
      lines.push(`  line ${line}${email === undefined ? '' : ` (${email})`}: ${error}`);
    }
  }
  return lines.join('\n');
}
