import type { Command } from 'commander';
import {
  createCustomDatabase,
  deleteCustomDatabase,
  getCustomDatabase,
  listCustomDatabases,
  updateCustomDatabase,
  type CustomDatabaseView,
} from '../../tools/custom-databases/custom-databases.ts';
import { testCustomDatabase } from '../../tools/custom-databases/database-check.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { ValidationError } from '../../lib/errors.ts';
import {
  CreateDatabaseBodySchema,
  UpdateDatabaseBodySchema,
} from '../../http/schemas/custom-databases.ts';
import { table, withContext } from '../context.ts';
import { wholeNumber } from '../parse-options.ts';
import { checkedInput } from '../checked-input.ts';
import { given, readDefinitionFile, resolveDatabase } from '../tool-refs.ts';

// `airisk databases …`: Admin → Custom Database from the command line, through the same domain
// functions as /api/CustomDatabases. The CLI acts as no user: its audit entries have none.

interface DefinitionOptions {
  file?: string;
  name?: string;
  description?: string;
  connectionSecret?: string;
  allowModelSql?: boolean;
  maxRows?: number;
  statementTimeoutMs?: number;
}

const CLI_ACTOR = null;

export function registerDatabaseCommands(program: Command): void {
  const databases = program
    .command('databases')
    .description('custom databases: read-only PostgreSQL databases agents query as tools');

  databases
    .command('list')
    .description('list the custom databases with their queries and the agents using each')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const all = await listCustomDatabases(context);
        context.print(
          all,
          table(
            ['ID', 'NAME', 'SECRET', 'QUERIES', 'MODEL SQL', 'USED BY'],
            all.map((db) => [
              db.id,
              db.name,
              db.connectionSecret,
              db.queries.map((query) => query.name).join(','),
              db.allowModelSql ? 'yes' : 'no',
              db.usedBy.map((agent) => agent.name).join(', '),
            ]),
          ),
        );
      }),
    );

  databases
    .command('show <database>')
    .description('show a custom database (by id or name): its queries, limits and users')
    .action((ref: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const database = await resolveDatabase(context.store, ref);
        const view = await getCustomDatabase(context, database.id);
        context.print(view, describe(view));
      }),
    );

  withDefinitionOptions(
    databases
      .command('create')
      .description('describe a database; --file gives its queries, options override the file'),
  ).action((options: DefinitionOptions, command: Command) =>
    withContext(command, async (context) => {
      const input = checkedInput(
        CreateDatabaseBodySchema,
        definitionOf(options),
        sourceOf(options),
      );
      const database = await createCustomDatabase(context, CLI_ACTOR, input);
      context.print(database, `Created custom database ${database.name} (${database.id}).`);
    }),
  );

  withDefinitionOptions(
    databases
      .command('update <database>')
      .description('change the fields given (by --file or options); queries given replace all'),
  ).action((ref: string, options: DefinitionOptions, command: Command) =>
    withContext(command, async (context) => {
      const changes = definitionOf(options);
      if (Object.keys(changes).length === 0) {
        throw new ValidationError('Nothing to change: give --file or an option such as --max-rows');
      }
      const { id } = await resolveDatabase(context.store, ref);
      const { databaseId: _, ...checked } = checkedInput(
        UpdateDatabaseBodySchema,
        { ...changes, databaseId: id },
        sourceOf(options),
      );
      const database = await updateCustomDatabase(context, CLI_ACTOR, id, checked);
      context.print(database, `Updated custom database ${database.name}.`);
    }),
  );

  databases
    .command('delete <database>')
    .description('delete a custom database (by id or name) that no agent uses')
    .action((ref: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const database = await resolveDatabase(context.store, ref);
        await deleteCustomDatabase(context, CLI_ACTOR, database.id);
        context.print(
          { id: database.id, deleted: true },
          `Custom database ${database.name} deleted.`,
        );
      }),
    );

  databases
    .command('test <database>')
    .description('connect as agents would, plan each query, warn of a role that could write')
    .action((ref: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const database = await resolveDatabase(context.store, ref);
        const masterKey = databaseMasterKey(context.config);
        const check = await testCustomDatabase({ ...context, masterKey }, database.id, CLI_ACTOR);
        const result = { ok: check.ok, error: check.error ?? null, warnings: check.warnings };
        const warnings = check.warnings.map((warning) => `\nWarning: ${warning}`).join('');
        context.print(
          result,
          `${check.ok ? `${database.name}: connected, every query plans.` : `${database.name}: ${check.error}`}${warnings}`,
        );
        if (!check.ok) {
          context.fail(1);
        }
      }),
    );
}

function withDefinitionOptions(command: Command): Command {
  return command
    .option('--file <path>', 'a JSON or YAML file with the fields (as databases show --json gives)')
    .option('--name <name>', 'prefixes its tools: <name>_<query>')
    .option('--description <text>', 'what the database holds, told to the model')
    .option('--connection-secret <secret>', 'the custom secret holding the connection string')
    .option('--allow-model-sql', "also offer <name>_sql: the model's own SELECT")
    .option('--no-allow-model-sql', 'no SQL of the model: only the queries')
    .option('--max-rows <n>', 'rows a query gives the model at most', wholeNumber)
    .option('--statement-timeout-ms <n>', 'a query running longer is cancelled', wholeNumber);
}

function definitionOf({ file, ...options }: DefinitionOptions): Record<string, unknown> {
  return { ...(file === undefined ? {} : readDefinitionFile(file)), ...given(options) };
}

const sourceOf = (options: DefinitionOptions) =>
  options.file === undefined ? 'The options' : `${options.file} with the options`;

function describe(db: CustomDatabaseView): string {
  const queries = db.queries.map(
    (query) =>
      `  ${db.name}_${query.name}(${query.parameters.map((p) => `${p.name}: ${p.type}`).join(', ')})\n    ${query.sql}`,
  );
  return [
    `${db.name} (${db.id}), ${db.engine}, connection in secret ${db.connectionSecret}`,
    db.description,
    `Rows at most ${db.maxRows}; statement timeout ${db.statementTimeoutMs} ms; model SQL: ${db.allowModelSql ? `yes (${db.name}_sql)` : 'no'}`,
    `Queries:${queries.length === 0 ? ' none' : `\n${queries.join('\n')}`}`,
    `Used by: ${db.usedBy.map((agent) => agent.name).join(', ') || 'no agent'}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}
