import type { Command } from 'commander';
import { ConfigError, type Config } from '../../config/config.ts';
import { masterKeySource } from '../../config/master-key.ts';
import {
  backupDatabase,
  restoreDatabase,
  type BackupProgress,
  type RestoreResult,
} from '../../store/backup.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { withSettings, type CliSettings } from '../context.ts';

/**
 * `backup FILE` and `restore FILE`. Neither opens the store as other commands do: opening it
 * migrates, and a backup copies the database as it is, while a restore needs it empty.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description(
      'write a consistent copy of the database to FILE, also while the server runs (SQLite: ' +
        'online backup; PostgreSQL: pg_dump); the master key is not in it',
    )
    .option('--force', 'replace FILE if it exists')
    .action((file: string, options: { force?: true }, command: Command) =>
      withSettings(command, async (context) => {
        const { config } = context;
        const backup = await backupDatabase(config.databaseUrl, file, {
          force: options.force === true,
          env: context.env,
          onProgress: progressOn(context),
        });
        const key = masterKeySource(config.masterKey, config.databaseUrl);
        const what = backup.schema === undefined ? 'the database' : `the schema "${backup.schema}"`;
        context.print(
          {
            file: backup.file,
            bytes: backup.bytes,
            database: backup.dialect,
            schema: backup.schema ?? null,
            master_key: { included: false, source: key },
          },
          `Backed up ${what} to ${backup.file} (${megabytes(backup.bytes)}).\n` +
            `The backup does not hold the master key: keep ${key} with it. A restored ` +
            'database opens only with that same key.',
        );
      }),
    );

  program
    .command('restore <file>')
    .description(
      'restore a backup into an empty database, then migrate it; the server needs the ' +
        'master key of the server that made the backup',
    )
    .action((file: string, _options: unknown, command: Command) =>
      withSettings(command, async (context) => {
        const { config } = context;
        const restored = await restoreDatabase(config.databaseUrl, file, {
          env: context.env,
          onProgress: progressOn(context),
        });
        const key = await checkMasterKey(config);
        context.print(
          {
            file: restored.file,
            database: restored.dialect,
            target: restored.target,
            migrations_applied: restored.migrationsApplied,
            master_key: key,
          },
          [restoredText(restored), keyText(key)].filter(Boolean).join('\n'),
        );
        if (key.status === 'wrong') {
          // Restored, but the server will refuse to start on it with this key: say why, exit 1.
          const message = key.message ?? '';
          context.stderr.write(
            context.json ? `${JSON.stringify({ error: message })}\n` : `Error: ${message}\n`,
          );
          context.fail(1);
        }
      }),
    );
}

interface KeyCheck {
  /** opens: the server can start; missing: no key yet (put it in place); wrong: another key. */
  status: 'opens' | 'missing' | 'wrong';
  /** Where the server will read the key: AIRISK_MASTER_KEY or the SQLite database's key file. */
  source: string;
  message?: string;
}

/**
 * Whether the key the restored database's server will read opens what it holds: the server's
 * own start-up check (openAppDeps), which refuses another key with a ConfigError naming it.
 */
async function checkMasterKey(config: Config): Promise<KeyCheck> {
  const source = masterKeySource(config.masterKey, config.databaseUrl);
  try {
    databaseMasterKey(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    // PostgreSQL's key is only ever given, and "make one" is no advice for restored data.
    const unset = !config.masterKey && source === 'AIRISK_MASTER_KEY';
    const message = unset
      ? 'AIRISK_MASTER_KEY is not set; the server needs the key of the server that made the backup'
      : error.message;
    return { status: 'missing', source, message };
  }
  try {
    // Loaded here: the app's dependencies (the extraction pool's) are for restore alone, not
    // for every start of the CLI.
    const { openAppDeps } = await import('../../deps.ts');
    const deps = await openAppDeps(config);
    await deps.extraction.close();
    await deps.store.close();
    return { status: 'opens', source };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { status: 'wrong', source, message: error.message };
    }
    throw error;
  }
}

function restoredText({ file, dialect, target, migrationsApplied }: RestoreResult): string {
  const into = dialect === 'sqlite' ? target : `the schema "${target}"`;
  const migrated =
    migrationsApplied.length === 0
      ? 'its schema is current'
      : `brought up to date: ${migrationsApplied.join(', ')}`;
  return `Restored ${file} into ${into} (${migrated}).`;
}

function keyText(key: KeyCheck): string {
  switch (key.status) {
    case 'opens':
      return `The master key from ${key.source} opens it: the server can start on it.`;
    case 'missing':
      return `No master key for it yet: ${key.message ?? ''}`;
    case 'wrong':
      return '';
    default: {
      const never: never = key.status;
      return never;
    }
  }
}

/** Progress on stderr, unless --json: a line per stage, and the pages copied on a terminal. */
function progressOn(context: CliSettings): ((progress: BackupProgress) => void) | undefined {
  if (context.json) {
    return undefined;
  }
  const { stderr } = context;
  const live = stderr.isTTY === true;
  let stage: BackupProgress['stage'] | undefined;
  return (progress) => {
    const next = progress.stage !== stage;
    if (live && stage === 'copying' && next) {
      stderr.write('\r\x1b[K');
    }
    stage = progress.stage;
    if (progress.stage === 'copying') {
      const { copiedPages, totalPages } = progress;
      if (live) {
        stderr.write(`\rcopied ${copiedPages} of ${totalPages} pages`);
      } else if (next) {
        stderr.write(`Copying ${totalPages} pages…\n`);
      }
      return;
    }
    stderr.write(`${STAGES[progress.stage]}…\n`);
  };
}

const STAGES = {
  dumping: 'Dumping with pg_dump',
  checking: 'Checking the copy',
  restoring: 'Restoring',
  migrating: 'Bringing the schema up to date',
};

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
