import type { Command } from 'commander';
import { withContext } from '../context.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema (the server also does this on start)')
    .action((_options: unknown, command: Command) =>
      // Opening the store applies pending migrations.
      withContext(command, async (context) => {
        context.print({ migrated: true }, 'The database schema is up to date.');
      }),
    );
}
