import type { Command } from 'commander';
import { deleteSecret, listSecrets, setSecret } from '../../secrets/custom-secrets.ts';
import { rotateMasterKey } from '../../secrets/master-key-rotation.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { replaceMasterKeyFile } from '../../config/master-key.ts';
import { ValidationError } from '../../lib/errors.ts';
import { ConfigError } from '../../config/config.ts';
import { table, withContext, withSettings } from '../context.ts';
import { wholeNumber } from '../parse-options.ts';

export function registerSecretCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('custom secrets: API keys and passwords agents use by name, never shown again');

  secrets
    .command('list')
    .description('list the secrets (never their values) with the agents using each')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const all = await listSecrets(context);
        context.print(
          all,
          table(
            ['NAME', 'UPDATED', 'USED BY', 'DESCRIPTION'],
            all.map((s) => [
              s.name,
              new Date(s.updatedAt * 1000).toISOString(),
              s.usedBy.map((agent) => agent.name).join(', '),
              s.description,
            ]),
          ),
        );
      }),
    );

  secrets
    .command('set <name>')
    .description('create a secret, or replace its value, read from an environment variable')
    .requiredOption('--value-env <variable>', 'the environment variable holding the value')
    .option('--description <text>', 'what the secret is (kept when not given)')
    .action((name: string, options: { valueEnv: string; description?: string }, command: Command) =>
      withContext(command, async (context) => {
        const value = context.env[options.valueEnv];
        if (!value) {
          throw new ValidationError(`The environment variable ${options.valueEnv} is not set`);
        }
        const masterKey = databaseMasterKey(context.config);
        const { created, secret } = await setSecret(
          { ...context, masterKey },
          { name, value, description: options.description },
        );
        context.print(secret, `Secret ${secret.name} ${created ? 'created' : 'replaced'}.`);
      }),
    );

  secrets
    .command('delete <name>')
    .description('delete a secret that no agent uses')
    .action((name: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        await deleteSecret(context, name);
        context.print({ name, deleted: true }, `Secret ${name} deleted.`);
      }),
    );

  const masterKey = program
    .command('master-key')
    .description('rotate the master key that seals secrets, agent and user keys at rest');

  masterKey
    .command('new')
    .description("SQLite's key file: move master.key to master.key.previous, make a new one")
    .action((_options: unknown, command: Command) =>
      withSettings(command, async (settings) => {
        if (settings.config.masterKey) {
          throw new ConfigError(
            'The master key comes from AIRISK_MASTER_KEY: make a new one (openssl rand -base64 32), give every server the new key in AIRISK_MASTER_KEY and the old one in AIRISK_PREVIOUS_MASTER_KEY, restart them, then run: airisk master-key rotate',
          );
        }
        const files = replaceMasterKeyFile(settings.config.databaseUrl);
        settings.print(
          files,
          `New key in ${files.keyFile}; the old one is in ${files.previousFile}. Restart the server (it opens values sealed with either), then run: airisk master-key rotate`,
        );
      }),
    );

  masterKey
    .command('rotate')
    .description('seal every sealed value again with the master key; resumable, servers may run')
    .option('--page-size <n>', 'values read at a time (default 500)', wholeNumber)
    .action((options: { pageSize?: number }, command: Command) =>
      withContext(command, async (context) => {
        const report = await rotateMasterKey(
          { ...context, masterKey: databaseMasterKey(context.config) },
          {
            pageSize: options.pageSize,
            onProgress: ({ place, resealed, current }) => {
              if (!context.json) {
                context.stderr.write(`${place}: ${resealed} resealed, ${current} current\n`);
              }
            },
          },
        );
        const done = `${report.resealed} value(s) resealed, ${report.current} already under the master key.`;
        if (report.remaining > 0) {
          context.print(
            report,
            `${done} But ${report.remaining} value(s) are still sealed with a previous key: a server that does not seal with the new master key yet wrote them. Restart every server with the new key (and the old one as previous), then run airisk master-key rotate again; keep the previous key until then.`,
          );
          context.fail(1);
          return;
        }
        context.print(
          report,
          `Done: ${done} Nothing is sealed with a previous key any more: remove AIRISK_PREVIOUS_MASTER_KEY (or master.key.previous) and restart the servers.`,
        );
      }),
    );
}
