import { Command, CommanderError } from 'commander';
import { ConfigError, DEFAULT_DATABASE_URL } from '../config/config.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { bindRun, type CliIo } from './context.ts';
import { SERVER_VERSION } from '../lib/server-version.ts';
import { registerClientCommands } from './commands/clients.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerGroupCommands } from './commands/groups.ts';
import { registerAgentCommands } from './commands/agents.ts';
import { registerDefaultAgentCommands } from './commands/default-agents.ts';
import { registerSecretCommands } from './commands/secrets.ts';
import { registerApiCommands } from './commands/apis.ts';
import { registerDatabaseCommands } from './commands/databases.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerScannerCommands } from './commands/scanners.ts';
import { registerComplianceCommands } from './commands/compliance.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerArchiveCommands } from './commands/archive.ts';

// Errors the admin can act on are one line; anything else is a fault worth its message.
const EXPECTED = [ConfigError, ValidationError, NotFoundError, ConflictError];

/**
 * Runs one `airisk` command line (the arguments after the program name) and resolves to its
 * exit status: 0, 1 when the admin can fix what failed (or some rows of an import failed), 2 for
 * any other fault, commander's own status for usage errors. Everything is read from and written
 * to `io`, never the process's own streams or environment, so a test can run it in-process.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('airisk')
    .description('Administer an AIRisk API server: API clients, users, groups, database')
    .option(
      '--database <url>',
      `database URL (default: $AIRISK_DATABASE_URL or ${DEFAULT_DATABASE_URL})`,
    )
    .option('--json', 'print machine-readable JSON')
    .version(SERVER_VERSION, '-V, --version', "print this server's version")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError()
    .exitOverride();

  registerClientCommands(program);
  registerUserCommands(program);
  registerGroupCommands(program);
  registerAgentCommands(program);
  registerDefaultAgentCommands(program);
  registerSecretCommands(program);
  registerApiCommands(program);
  registerDatabaseCommands(program);
  registerMigrateCommand(program);
  registerTokenCommands(program);
  registerKeyCommands(program);
  registerAuditCommand(program);
  registerScannerCommands(program);
  registerComplianceCommands(program);
  registerBackupCommands(program);
  registerArchiveCommands(program);

  const run = bindRun(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return run.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    const expected = EXPECTED.some((type) => error instanceof type);
    io.stderr.write(
      program.opts<{ json?: boolean }>().json
        ? `${JSON.stringify({ error: message })}\n`
        : `Error: ${message}\n`,
    );
    return expected ? 1 : 2;
  }
}
