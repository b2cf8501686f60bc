import type { Command } from 'commander';
import type { ClientRecord } from '../../store/store.ts';
import {
  createClient,
  deleteClient,
  listClients,
  rotateClientSecret,
  setClientDisabled,
  unlockClient,
} from '../../clients/clients.ts';
import { table, withContext } from '../context.ts';
import { collect, wholeNumber } from '../parse-options.ts';
import { ValidationError } from '../../lib/errors.ts';

function describe(client: ClientRecord, now: number) {
  return {
    client_id: client.id,
    name: client.name,
    redirect_uris: client.redirectUris,
    created_at: new Date(client.createdAt * 1000).toISOString(),
    disabled: client.disabledAt !== null,
    // A lock that has run out stays in the row until the next failure or unlock: not a lock.
    locked_until:
      client.lockedUntil !== null && client.lockedUntil > now
        ? new Date(client.lockedUntil * 1000).toISOString()
        : null,
  };
}

// The CLI is where a lock shows: the API answers a locked client as it answers an unknown one.
function statusOf(client: ReturnType<typeof describe>): string {
  const status = client.disabled ? 'disabled' : 'enabled';
  return client.locked_until === null ? status : `${status}, locked until ${client.locked_until}`;
}

export function registerClientCommands(program: Command): void {
  const clients = program
    .command('clients')
    .description("register and manage API clients (the docs' APIUser)");

  clients
    .command('create')
    .description('register a client; prints its client_secret once')
    .requiredOption('--name <name>', 'a name to recognise the client by')
    .requiredOption(
      '--redirect-uri <uri>',
      'an allowed redirect URI (repeat for more)',
      collect,
      [],
    )
    .action((options: { name: string; redirectUri: string[] }, command: Command) =>
      withContext(command, async (context) => {
        const { client, clientSecret } = await createClient(context, {
          name: options.name,
          redirectUris: options.redirectUri,
        });
        context.print(
          {
            client_id: client.id,
            client_secret: clientSecret,
            name: client.name,
            redirect_uris: client.redirectUris,
          },
          [
            `client_id:     ${client.id}`,
            `client_secret: ${clientSecret}`,
            `redirect_uris: ${client.redirectUris.join(', ')}`,
            '',
            'Store the secret now: it is shown only once (rotate-secret makes a new one).',
          ].join('\n'),
        );
      }),
    );

  clients
    .command('list')
    .description('list registered clients')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const now = context.clock.nowSeconds();
        const all = (await listClients(context)).map((client) => describe(client, now));
        context.print(
          all,
          table(
            ['CLIENT_ID', 'NAME', 'STATUS', 'REDIRECT_URIS'],
            all.map((c) => [c.client_id, c.name, statusOf(c), c.redirect_uris.join(',')]),
          ),
        );
      }),
    );

  clients
    .command('rotate-secret <client_id>')
    .description('replace the client secret; the old one stops working at once, or after --grace')
    .option(
      '--grace <seconds>',
      'keep the old secret working this long (default 0)',
      wholeNumber,
      0,
    )
    .action((clientId: string, options: { grace: number }, command: Command) =>
      withContext(command, async (context) => {
        if (!Number.isInteger(options.grace)) {
          throw new ValidationError('--grace must be a whole number of seconds');
        }
        const clientSecret = await rotateClientSecret(context, clientId, options.grace);
        const until = new Date((context.clock.nowSeconds() + options.grace) * 1000).toISOString();
        context.print(
          {
            client_id: clientId,
            client_secret: clientSecret,
            previous_secret_valid_until: options.grace > 0 ? until : null,
          },
          `client_secret: ${clientSecret}${options.grace > 0 ? `\nThe old secret works until ${until}.` : ''}`,
        );
      }),
    );

  clients
    .command('unlock <client_id>')
    .description('lift a lock-out after repeated failed authentications')
    .action((clientId: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        await unlockClient(context, clientId);
        context.print({ client_id: clientId, locked: false }, `Client ${clientId} unlocked.`);
      }),
    );

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    clients
      .command(`${name} <client_id>`)
      .description(
        disabled
          ? 'stop a client: no new tokens, and its tokens fail at once'
          : 'enable a disabled client',
      )
      .action((clientId: string, _options: unknown, command: Command) =>
        withContext(command, async (context) => {
          await setClientDisabled(context, clientId, disabled);
          context.print({ client_id: clientId, disabled }, `Client ${clientId} ${name}d.`);
        }),
      );
  }

  clients
    .command('delete <client_id>')
    .description('delete a client with its codes and tokens')
    .action((clientId: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        await deleteClient(context, clientId);
        context.print({ client_id: clientId, deleted: true }, `Client ${clientId} deleted.`);
      }),
    );
}
