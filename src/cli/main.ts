import { Command, CommanderError } from 'commander';
import { ConfigError, DEFAULT_DATABASE_URL } from '../config/config.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { registerClientCommands } from './commands/clients.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerGroupCommands } from './commands/groups.ts';
import { registerAgentCommands } from './commands/agents.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerScannerCommands } from './commands/scanners.ts';

const program = new Command('airisk')
  .description('Administer an AIRisk API server: API clients, users, groups, database')
  .option(
    '--database <url>',
    `database URL (default: $AIRISK_DATABASE_URL or ${DEFAULT_DATABASE_URL})`,
  )
  .option('--json', 'print machine-readable JSON')
  .showHelpAfterError()
  .exitOverride();

registerClientCommands(program);
registerUserCommands(program);
registerGroupCommands(program);
registerAgentCommands(program);
registerMigrateCommand(program);
registerTokenCommands(program);
registerKeyCommands(program);
registerAuditCommand(program);
registerScannerCommands(program);

// Errors the admin can act on are one line; anything else is a fault worth its message.
const EXPECTED = [ConfigError, ValidationError, NotFoundError, ConflictError];

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  const expected = EXPECTED.some((type) => error instanceof type);
  if (program.opts<{ json?: boolean }>().json) {
    console.error(JSON.stringify({ error: message }));
  } else {
    console.error(`Error: ${message}`);
  }
  process.exit(expected ? 1 : 2);
});
