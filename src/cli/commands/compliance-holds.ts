import type { Command } from 'commander';
import { ValidationError } from '../../lib/errors.ts';
import { holdView, placeHold, releaseHold } from '../../compliance/holds.ts';
import { collect } from '../parse-options.ts';
import { table, withContext } from '../context.ts';

// The CLI acts with the server's own database access: its holds name no user.
const CLI_ACTOR = { userId: null, ip: null };

/** `compliance holds list|place|release`: what the API's /api/Compliance/…Hold operations do. */
export function registerHoldCommands(compliance: Command): void {
  const holds = compliance
    .command('holds')
    .description('compliance holds: what they cover is never archived or deleted');

  holds
    .command('list')
    .description('every hold in place, oldest first')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const listed = (await context.store.archive.listHolds()).map(holdView);
        context.print(
          listed,
          table(
            ['ID', 'NAME', 'KIND', 'HOLDS', 'CREATED'],
            listed.map((hold) => [
              hold.id,
              hold.name,
              hold.kind,
              hold.kind === 'search'
                ? `search ${hold.searchId ?? ''}`
                : `${hold.conversationIds.length} conversations`,
              hold.createdAt,
            ]),
          ),
        );
      }),
    );

  holds
    .command('place')
    .description('hold listed conversations, or whatever a saved search matches')
    .requiredOption('--name <name>', 'what the hold is for (a case, a request)')
    .option('--conversation <id>', 'a conversation to hold (repeatable)', collect)
    .option('--search <id>', 'a saved search whose matches to hold')
    .action(
      (options: { name: string; conversation?: string[]; search?: string }, command: Command) =>
        withContext(command, async (context) => {
          if ((options.conversation === undefined) === (options.search === undefined)) {
            throw new ValidationError('Give either --conversation (repeatable) or --search');
          }
          const hold = await placeHold(context, CLI_ACTOR, {
            name: options.name,
            conversationIds: options.conversation,
            searchId: options.search,
          });
          context.print(holdView(hold), `Placed hold ${hold.id} (${hold.name}).`);
        }),
    );

  holds
    .command('release <id>')
    .description('release a hold')
    .action((id: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        await releaseHold(context, CLI_ACTOR, id);
        context.print({ id, released: true }, `Released hold ${id}.`);
      }),
    );
}
