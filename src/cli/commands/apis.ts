import type { Command } from 'commander';
import {
  createCustomApi,
  deleteCustomApi,
  getCustomApi,
  listCustomApis,
  updateCustomApi,
  type CustomApiView,
} from '../../tools/custom-apis/custom-apis.ts';
import { importOpenApi } from '../../tools/custom-apis/import-openapi.ts';
import { testCustomApi } from '../../tools/custom-apis/test-custom-api.ts';
import { createToolDeps } from '../../tools/tool-deps.ts';
import { databaseMasterKey } from '../../store/database-master-key.ts';
import { ValidationError } from '../../lib/errors.ts';
import {
  CreateApiBodySchema,
  ImportOpenApiBodySchema,
  UpdateApiBodySchema,
} from '../../http/schemas/custom-apis.ts';
import { table, withContext } from '../context.ts';
import { checkedInput } from '../checked-input.ts';
import {
  commaList,
  given,
  jsonObject,
  readDefinitionFile,
  readTextFile,
  resolveApi,
} from '../tool-refs.ts';
import { apiDefinitionOf, describeApi, withApiOptions, type ApiOptions } from './api-options.ts';

// `airisk apis …`: Admin → Custom APIs from the command line, through the same domain functions
// as /api/CustomApis. The CLI acts as no user: its audit entries have none.

export function registerApiCommands(program: Command): void {
  const apis = program
    .command('apis')
    .description('custom APIs: company HTTP endpoints agents call as tools');

  apis
    .command('list')
    .description('list the custom APIs with their endpoints and the agents using each')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const all = await listCustomApis(context);
        context.print(
          all,
          table(
            ['ID', 'NAME', 'METHOD', 'URL', 'AUTH', 'USED BY'],
            all.map((api) => [
              api.id,
              api.name,
              api.method,
              `${api.baseUrl}${api.path}`,
              api.auth.kind,
              api.usedBy.map((agent) => agent.name).join(', '),
            ]),
          ),
        );
      }),
    );

  apis
    .command('show <api>')
    .description('show a custom API (by id or name): endpoint, parameters, auth and users')
    .action((ref: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const view = await getCustomApi(context, (await resolveApi(context.store, ref)).id);
        context.print(view, describeApi(view));
      }),
    );

  withApiOptions(
    apis
      .command('create')
      .description('describe an HTTP endpoint; --file gives the fields, options override them'),
  ).action((options: ApiOptions, command: Command) =>
    withContext(command, async (context) => {
      const { input, source } = apiDefinitionOf(options);
      const api = await createCustomApi(context, checkedInput(CreateApiBodySchema, input, source));
      context.print(api, `Created custom API ${api.name} (${api.id}): ${summary(api)}.`);
    }),
  );

  withApiOptions(
    apis
      .command('update <api>')
      .description('change the fields given (by --file or options); --param replaces them all'),
  ).action((ref: string, options: ApiOptions, command: Command) =>
    withContext(command, async (context) => {
      const { input, source } = apiDefinitionOf(options);
      if (Object.keys(input).length === 0) {
        throw new ValidationError('Nothing to change: give --file or an option such as --path');
      }
      const { id } = await resolveApi(context.store, ref);
      const { apiId: _, ...changes } = checkedInput(
        UpdateApiBodySchema,
        { ...input, apiId: id },
        source,
      );
      const api = await updateCustomApi(context, id, changes);
      context.print(api, `Updated custom API ${api.name}: ${summary(api)}.`);
    }),
  );

  apis
    .command('delete <api>')
    .description('delete a custom API (by id or name) that no agent uses')
    .action((ref: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const api = await resolveApi(context.store, ref);
        await deleteCustomApi(context, api.id);
        context.print({ id: api.id, deleted: true }, `Custom API ${api.name} deleted.`);
      }),
    );

  apis
    .command('import')
    .description('create custom APIs from the operations of an OpenAPI 3 document')
    .requiredOption('--file <path>', 'the OpenAPI document, JSON or YAML')
    .option(
      '--operations <list>',
      'operationIds or "METHOD /path", comma-separated (default: all)',
      commaList,
    )
    .option('--base-url <url>', "instead of the document's first server")
    .option('--auth-file <path>', 'a JSON or YAML file with the auth every API gets')
    .option('--dry-run', 'show what would be created, create nothing')
    .action(
      (
        options: {
          file: string;
          operations?: string[];
          baseUrl?: string;
          authFile?: string;
          dryRun?: boolean;
        },
        command: Command,
      ) =>
        withContext(command, async (context) => {
          const input = checkedInput(
            ImportOpenApiBodySchema,
            given({
              document: readTextFile(options.file),
              operations: options.operations,
              baseUrl: options.baseUrl,
              auth:
                options.authFile === undefined ? undefined : readDefinitionFile(options.authFile),
              dryRun: options.dryRun,
            }),
            'The options',
          );
          const outcome = await importOpenApi(context, input);
          // A dry run lists taken names too, so one can pick the rest; the import refuses them.
          const lines = outcome.apis
            .map(
              (api) =>
                `  ${api.name}: ${summary(api)}${'nameTaken' in api && api.nameTaken ? ' (exists already)' : ''}`,
            )
            .join('\n');
          context.print(
            outcome.apis,
            outcome.dryRun
              ? `Would create ${outcome.apis.length} custom API(s) (dry run, nothing created):\n${lines}`
              : `Created ${outcome.apis.length} custom API(s):\n${lines}`,
          );
        }),
    );

  apis
    .command('test <api>')
    .description('call the API once, as an agent would, and show what the model would get')
    .option('--args <json>', 'the arguments as a JSON object, e.g. \'{"orderId": 42}\'')
    .option('--as-user <userid>', "whose token a userToken API sends (its SetUserToken's)")
    .action((ref: string, options: { args?: string; asUser?: string }, command: Command) =>
      withContext(command, async (context) => {
        const api = await resolveApi(context.store, ref);
        const args = options.args === undefined ? {} : jsonObject('--args', options.args);
        const deps = createToolDeps({
          ...context,
          masterKey: databaseMasterKey(context.config),
        });
        const test = await testCustomApi(deps, api.id, args, options.asUser ?? '');
        context.print(
          test,
          test.ok
            ? `${api.name} answered in ${test.durationMs} ms:\n${test.result}`
            : `${api.name} failed in ${test.durationMs} ms: ${test.error}`,
        );
        if (!test.ok) {
          context.fail(1);
        }
      }),
    );
}

/** "GET https://orders.example.com/api/orders/{orderId}". */
const summary = (api: Pick<CustomApiView, 'method' | 'baseUrl' | 'path'>) =>
  `${api.method} ${api.baseUrl}${api.path}`;
