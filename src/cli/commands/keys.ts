import type { Command } from 'commander';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { rotateSigningKey } from '../../oauth/signing-keys.ts';
import { recordAudit } from '../../audit/audit.ts';
import { table, withContext } from '../context.ts';
import { wholeNumber } from '../parse-options.ts';

const iso = (at: number | null) => (at === null ? '' : new Date(at * 1000).toISOString());

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage the keys that sign access tokens');

  keys
    .command('list')
    .description('published signing keys, newest first')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const published = await context.store.signingKeys.listPublished(context.clock.nowSeconds());
        const rows = published.map((key) => ({
          kid: key.kid,
          algorithm: key.algorithm,
          created_at: iso(key.createdAt),
          activates_at: iso(key.activatesAt),
          retires_at: iso(key.retiredAt),
        }));
        context.print(
          rows,
          table(
            ['KID', 'ALG', 'CREATED', 'SIGNS FROM', 'LEAVES JWKS'],
            rows.map((r) => [r.kid, r.algorithm, r.created_at, r.activates_at, r.retires_at]),
          ),
        );
      }),
    );

  keys
    .command('rotate')
    .description(
      'publish a new signing key now; it signs after the delay, and old keys leave the JWKS once their tokens have expired',
    )
    .option(
      '--activation-delay <seconds>',
      'how long the new key is published before it signs (default $AIRISK_KEY_ACTIVATION_DELAY or 600)',
      wholeNumber,
    )
    .action((options: { activationDelay?: number }, command: Command) =>
      withContext(command, async (context) => {
        const { config, store, clock } = context;
        const delay = options.activationDelay ?? config.keyActivationDelaySeconds;
        if (!Number.isInteger(delay) || delay < 0) {
          throw new Error('--activation-delay must be a whole number of seconds');
        }
        const masterKey = databaseMasterKey(config);
        const key = await rotateSigningKey(store, masterKey, clock, {
          activationDelaySeconds: delay,
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
        });
        await recordAudit(store, clock, {
          event: 'signing_key_rotated',
          details: { kid: key.kid, activatesAt: key.activatesAt, scheduled: false },
        });
        context.print(
          { kid: key.kid, activates_at: iso(key.activatesAt) },
          `New key ${key.kid} is published now and signs from ${iso(key.activatesAt)}.`,
        );
      }),
    );
}
