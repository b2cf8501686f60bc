import type { Command } from 'commander';
import { revokeAllTokens } from '../../oauth/revocation.ts';
import { withContext } from '../context.ts';

export function registerTokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('act on issued access tokens');

  tokens
    .command('revoke')
    .description('revoke every live token of a user or of a client, at once')
    .option('--user <user_id>', 'the user whose tokens to revoke')
    .option('--client <client_id>', 'the client whose tokens to revoke')
    .action((options: { user?: string; client?: string }, command: Command) => {
      if ((options.user === undefined) === (options.client === undefined)) {
        command.error('error: give exactly one of --user and --client');
      }
      return withContext(command, async (context) => {
        const owner =
          options.user !== undefined
            ? { userId: options.user }
            : { clientId: options.client ?? '' };
        const revoked = await revokeAllTokens(context, owner);
        context.print({ ...owner, revoked }, `Revoked ${revoked} token(s).`);
      });
    });
}
