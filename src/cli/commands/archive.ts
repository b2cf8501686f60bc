import type { Command } from 'commander';
import { resolve } from 'node:path';
import { runArchive, type ArchiveProgress } from '../../archive/archive-run.ts';
import { restoreArchive } from '../../archive/archive-restore.ts';
import { listArchives } from '../../archive/archive-file.ts';
import { table, withContext, withSettings, type CliSettings } from '../context.ts';

/** Progress on stderr (never on stdout, which --json promises to the caller). */
const progressOf = (context: CliSettings) => (progress: ArchiveProgress) => {
  context.stderr.write(
    `archive: ${progress.due} due, ${progress.held} held, ${progress.written} written, ${progress.archived} archived\n`,
  );
};

/**
 * `archive [run] [--dry-run]`, `archive restore FILE`, `archive list`: the data archive, as the
 * server's scheduled run does it (the same lease: one run at a time, wherever it runs).
 */
export function registerArchiveCommands(program: Command): void {
  const archive = program
    .command('archive')
    .description(
      'move conversations older than their retention (archiveAfterDays) to compressed JSON Lines ' +
        'files in AIRISK_ARCHIVE_DIR, then delete them; held conversations stay',
    );

  archive
    .command('run', { isDefault: true })
    .description('archive what is due now (the default subcommand)')
    .option('--dry-run', 'only count what is due and what holds keep; write and delete nothing')
    .action((options: { dryRun?: true }, command: Command) =>
      withContext(command, async (context) => {
        const result = await runArchive(context, {
          dryRun: options.dryRun === true,
          onProgress: progressOf(context),
        });
        const summary = result.dryRun
          ? `${result.due - result.held} conversations would be archived (${result.held} held).`
          : result.file === null
            ? `Nothing to archive (${result.held} held).`
            : `Archived ${result.archived} conversations to ${result.file} (${result.held} held, ${result.changed} changed meanwhile and kept).`;
        context.print(result, summary);
      }),
    );

  archive
    .command('restore <file>')
    .description(
      'put an archive’s conversations back (its .jsonl.gz or .manifest.json): the checksum is ' +
        'checked first; conversations already present are skipped',
    )
    .action((file: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const result = await restoreArchive(context, resolve(file), {
          onProgress: (progress) => {
            if (progress.conversations % 100 === 0) {
              context.stderr.write(`restore: ${progress.conversations} read\n`);
            }
          },
        });
        const missing =
          result.ownerMissing.length === 0
            ? ''
            : ` ${result.ownerMissing.length} not restored: their owner was deleted (${result.ownerMissing.join(', ')}).`;
        context.print(
          result,
          `Restored ${result.restored} of ${result.conversations} conversations from ${result.file}; ${result.present} were already there.${missing}`,
        );
        if (result.ownerMissing.length > 0) {
          context.fail(1);
        }
      }),
    );

  archive
    .command('list')
    .description('the archives in AIRISK_ARCHIVE_DIR, oldest first, with their manifests')
    .action((_options: unknown, command: Command) =>
      withSettings(command, async (context) => {
        const archives = await listArchives(context.config.archiveDir);
        context.print(
          archives.map(({ path, manifest }) => ({ path, ...manifest })),
          table(
            ['FILE', 'CREATED', 'CONVERSATIONS', 'MESSAGES', 'FILES', 'BYTES', 'SERVER'],
            archives.map(({ manifest }) => [
              manifest.file,
              manifest.createdAt,
              String(manifest.counts.conversations),
              String(manifest.counts.messages),
              String(manifest.counts.files),
              String(manifest.bytes),
              manifest.serverVersion,
            ]),
          ),
        );
      }),
    );
}
